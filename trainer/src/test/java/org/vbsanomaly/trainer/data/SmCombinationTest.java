package org.vbsanomaly.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmCombinationTest {

  @Test
  void scalesEachFileByItsShareOfTheEventsRead() {
    // 8740 and 500 events: shares 8740/9240 and 500/9240.
    double[] scales = SmCombination.weightScales(new long[] {8740, 500});

    assertThat(scales).containsExactly(8740.0 / 9240, 500.0 / 9240);
  }

  @Test
  void leavesASingleFileUnchanged() {
    assertThat(SmCombination.weightScales(new long[] {1234})).containsExactly(1.0);
  }

  @Test
  void combinedEqualWeightEventsKeepOneWeightAcrossFiles() {
    // Unweighted files of the same process: per-event weight sigma_f / n_f. After scaling, every
    // event carries (sigma_f / n_f) * n_f / N = sigma_f / N; with equal cross sections, the same.
    double sigma = 5.9e-3;
    double[] scales = SmCombination.weightScales(new long[] {300, 100});

    double w1 = sigma / 300 * scales[0];
    double w2 = sigma / 100 * scales[1];

    assertThat(w1).isEqualTo(w2);
    assertThat(300 * w1 + 100 * w2).isEqualTo(sigma);
  }
}
