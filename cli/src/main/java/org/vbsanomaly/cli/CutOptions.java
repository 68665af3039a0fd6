package org.vbsanomaly.cli;

import org.vbsanomaly.events.Selection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The three cuts of the analysis selection as options, shared by every command that selects events.
 * A cut not given keeps the paper's value.
 */
final class CutOptions {

  @Option(
      names = "--ptj-min",
      converter = CutConverter.class,
      paramLabel = "GEV",
      description = "Cut on the pT of each of the two leading jets (default: 30).")
  Double ptjMin;

  @Option(
      names = "--mjj-min",
      converter = CutConverter.class,
      paramLabel = "GEV",
      description = "Cut on the dijet mass (default: 200).")
  Double mjjMin;

  @Option(
      names = "--detajj-min",
      converter = CutConverter.class,
      paramLabel = "X",
      description = "Cut on |etaj1 - etaj2| (default: 2).")
  Double detajjMin;

  /** Whether any cut was given. */
  boolean anyGiven() {
    return ptjMin != null || mjjMin != null || detajjMin != null;
  }

  /** Two jets and two leptons, and the paper's cuts with each given one replacing its default. */
  Selection selection() {
    return new Selection(
        true,
        ptjMin == null ? Selection.PAPER_PTJ_MIN : ptjMin,
        mjjMin == null ? Selection.PAPER_MJJ_MIN : mjjMin,
        detajjMin == null ? Selection.PAPER_DETAJJ_MIN : detajjMin);
  }

  /**
   * Reads a cut value of {@code --ptj-min}, {@code --mjj-min} or {@code --detajj-min}: a finite
   * number, at least 0: pT, masses and |deta| are never negative, so a negative cut is meaningless
   * (most likely a typo). A bad value is a picocli parameter error naming the option and the value.
   */
  static final class CutConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v;
      try {
        v = Double.parseDouble(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!Double.isFinite(v)) {
        throw new TypeConversionException("'" + value + "': expected a finite number");
      }
      if (v < 0) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is negative; pT, masses and |deta| are never negative: expected a cut of 0"
                + " or more");
      }
      return v;
    }
  }
}
