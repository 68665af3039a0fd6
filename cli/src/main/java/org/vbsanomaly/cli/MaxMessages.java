package org.vbsanomaly.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --max-messages} option of {@code features} and {@code score}: how many damage and
 * error messages are shown, 0 (none) or more.
 */
final class MaxMessages {

  private MaxMessages() {}

  /**
   * How many of the {@code kept} messages to show under a limit of {@code max}: never more than
   * there are, never fewer than none.
   */
  static int shown(int max, int kept) {
    return Math.max(0, Math.min(max, kept));
  }

  /**
   * Reads a {@code --max-messages} value: a whole number, at least 0. A bad value is a picocli
   * parameter error naming the option and the value.
   */
  static final class Converter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n;
      try {
        n = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (n < 0) {
        throw new TypeConversionException(
            "'" + value + "' is negative: expected a number of messages, 0 (none) or more");
      }
      return n;
    }
  }
}
