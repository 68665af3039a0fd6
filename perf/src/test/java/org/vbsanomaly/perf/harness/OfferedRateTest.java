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
  void formatsRatesForPeople() {
    assertThat(OfferedRate.format(1e5)).isEqualTo("100 kHz");
    assertThat(OfferedRate.format(2.345e6)).isEqualTo("2.35 MHz");
    assertThat(OfferedRate.format(500)).isEqualTo("500 Hz");
  }
}
