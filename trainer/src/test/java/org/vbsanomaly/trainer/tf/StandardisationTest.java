package org.vbsanomaly.trainer.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardisationTest {

  @Test
  void equalWeightsGiveThePlainMeanAndPopulationDeviation() {
    Standardisation s =
        Standardisation.fit(new float[] {1, 3}, new float[] {10, 14}, new double[] {0.5, 0.5});

    assertThat(s.mseMean()).isEqualTo(2f);
    assertThat(s.mseSd()).isEqualTo(1f);
    assertThat(s.kldMean()).isEqualTo(12f);
    assertThat(s.kldSd()).isEqualTo(2f);
  }

  @Test
  void weightsCountAsRepeatedEvents() {
    // Weight 3 on mse = 1 is the sample {1, 1, 1, 3}: mean 1.5, variance (3 * 0.25 + 2.25) / 4.
    Standardisation s =
        Standardisation.fit(new float[] {1, 3}, new float[] {0, 4}, new double[] {3, 1});

    assertThat((double) s.mseMean()).isCloseTo(1.5, within(1e-7));
    assertThat((double) s.mseSd()).isCloseTo(Math.sqrt(0.75), within(1e-7));
    assertThat((double) s.kldMean()).isCloseTo(1.0, within(1e-7));
  }

  @Test
  void refusesAVariableWithASingleValue() {
    assertThatThrownBy(
            () -> Standardisation.fit(new float[] {2, 2}, new float[] {1, 3}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mse")
        .hasMessageContaining("cannot be standardised");
  }

  @Test
  void refusesNegativeWeights() {
    assertThatThrownBy(
            () -> Standardisation.fit(new float[] {1, 2}, new float[] {1, 3}, new double[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1.0");
  }
}
