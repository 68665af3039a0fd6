package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class MaxMessagesTest {

  @Test
  void shownNeverExceedsTheMessagesKeptNorFallsBelowNone() {
    assertThat(MaxMessages.shown(5, 2)).isEqualTo(2);
    assertThat(MaxMessages.shown(5, 10)).isEqualTo(5);
    assertThat(MaxMessages.shown(0, 3)).isZero();
    assertThat(MaxMessages.shown(-1, 0)).isZero(); // "... 1 more" on an intact file came from -1
    assertThat(MaxMessages.shown(-3, 4)).isZero();
  }

  @Test
  void converterTakesZeroOrMoreAndRefusesTheRest() {
    MaxMessages.Converter c = new MaxMessages.Converter();

    assertThat(c.convert("0")).isZero();
    assertThat(c.convert("12")).isEqualTo(12);
    assertThatThrownBy(() -> c.convert("-1"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'-1' is negative");
    assertThatThrownBy(() -> c.convert("two"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'two' is not a whole number");
  }
}
