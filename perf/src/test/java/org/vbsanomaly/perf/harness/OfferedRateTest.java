package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfferedRateTest {

  @Test
  void parsesPlainNumbersAndSuffixes() {
    assertThat(OfferedRate.parse("100000").eventsPerSecond()).isEqualTo(1e5);
    assertThat(OfferedRate.parse("1e5").eventsPerSecond()).isEqualTo(1e5);
    assertThat(OfferedRate.parse("100k").eventsPerSecond()).isEqualTo(1e5);
    assertThat(OfferedRate.parse("2.5M").eventsPerSecond()).isEqualTo(2.5e6);
    assertThat(OfferedRate.parse(" MAX ").isMax()).isTrue();
  }

  @Test
  void refusesNonsenseNamingTheAcceptedForms() {
    assertThatThrownBy(() -> OfferedRate.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fast'")
        .hasMessageContaining("100k");
    assertThatThrownBy(() -> OfferedRate.parse("-5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void refusesNaNAndInfinityInsteadOfReadingNaNAsTheMaximum() {
    for (String text :
        new String[] {"NaN", "nan", "Infinity", "-Infinity", "NaNk", "0x1p10", "5d"}) {
      assertThatThrownBy(() -> OfferedRate.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--rate '" + text + "'")
          .hasMessageContaining("'max'");
    }
    assertThatThrownBy(() -> OfferedRate.of(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangeErrorNamesTheOptionTheValueAndTheAcceptedForms() {
    for (String text : new String[] {"0", "-5", "1e99", "200M"}) {
      assertThatThrownBy(() -> OfferedRate.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--rate '" + text + "' (")
          .hasMessageContaining("out of range")
          .hasMessageContaining("100000, 1e5, 100k, 2M")
          .hasMessageContaining("at most 100M")
          .hasMessageContaining("'max'");
    }
    assertThat(OfferedRate.parse("100M").eventsPerSecond()).isEqualTo(OfferedRate.HIGHEST);
    assertThat(OfferedRate.parse("+.5k").eventsPerSecond()).isEqualTo(500);
  }

  @Test
  void formatsRatesForPeople() {
    assertThat(OfferedRate.format(1e5)).isEqualTo("100 kHz");
    assertThat(OfferedRate.format(2.345e6)).isEqualTo("2.35 MHz");
    assertThat(OfferedRate.format(500)).isEqualTo("500 Hz");
  }
}
