package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoringBenchmarkTableTest {

  @Test
  void cellWithoutAConfidenceIntervalSaysSoInsteadOfNaN() {
    String withInterval = ScoringBenchmark.cell(250.0, 12.34);
    String without = ScoringBenchmark.cell(250.0, Double.NaN);

    assertThat(withInterval).isEqualTo("    250.0 ± 12.3  4.00M");
    assertThat(without).isEqualTo("    250.0 ±  n/a  4.00M").doesNotContain("NaN");
    assertThat(without).hasSameSizeAs(withInterval);
  }
}
