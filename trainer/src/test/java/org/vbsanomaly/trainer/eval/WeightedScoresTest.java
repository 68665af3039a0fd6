package org.vbsanomaly.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightedScoresTest {

  @Test
  void sortsScoresHighestFirstAndKeepsEachWeightWithItsEvent() {
    WeightedScores s =
        WeightedScores.of(new float[] {0.5f, -2f, 3f, 1f}, new double[] {10, 20, 30, 40});

    assertThat(s.scoresDescending()).containsExactly(3f, 1f, 0.5f, -2f);
    assertThat(new double[] {s.weightAtRank(0), s.weightAtRank(1), s.weightAtRank(2)})
        .containsExactly(30, 40, 10);
    assertThat(s.weightAtRank(3)).isEqualTo(20);
    assertThat(s.totalWeight()).isEqualTo(100);
    assertThat(s.totalSquaredWeight()).isEqualTo(100 + 400 + 900 + 1600);
  }

  @Test
  void cutKeepsOnlyEventsStrictlyAboveIt() {
    WeightedScores s = WeightedScores.of(new float[] {1f, 2f, 2f, 3f}, new double[] {1, 2, 4, 8});

    assertThat(s.countAbove(2.0)).isEqualTo(1);
    assertThat(s.weightAbove(2.0)).isEqualTo(8);
    assertThat(s.weightAbove(1.5)).isEqualTo(14);
    assertThat(s.squaredWeightAbove(1.5)).isEqualTo(64 + 16 + 4);
    assertThat(s.weightAbove(Double.NEGATIVE_INFINITY)).isEqualTo(15);
    assertThat(s.countAbove(3.0)).isZero();
    assertThat(s.fractionAbove(2.5)).isCloseTo(8.0 / 15, within(1e-15));
  }

  @Test
  void negativeZeroAndZeroAreOneScoreValue() {
    WeightedScores s = WeightedScores.unweighted(new float[] {-0.0f, 0.0f, -1f});

    assertThat(s.distinctScoresDescending()).containsExactly(0.0, -1.0);
    assertThat(s.countAbove(-0.5)).isEqualTo(2);
  }

  @Test
  void negativeWeightsEnterSumsWithTheirSign() {
    WeightedScores s = WeightedScores.of(new float[] {1f, 2f, 3f}, new double[] {2, -3, 1.5});

    assertThat(s.totalWeight()).isEqualTo(0.5);
    assertThat(s.negativeWeightCount()).isEqualTo(1);
    assertThat(s.weightAbove(1.5)).isEqualTo(-1.5);
  }

  @Test
  void refusesNanScoreNamingTheEvent() {
    assertThatThrownBy(() -> WeightedScores.of(new float[] {1f, Float.NaN}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event 1")
        .hasMessageContaining("NaN");
  }

  @Test
  void refusesInfiniteWeightAndMismatchedLengths() {
    assertThatThrownBy(
            () -> WeightedScores.of(new float[] {1f}, new double[] {Double.POSITIVE_INFINITY}))
        .hasMessageContaining("weight of event 0");
    assertThatThrownBy(() -> WeightedScores.of(new float[] {1f, 2f}, new double[] {1}))
        .hasMessageContaining("2 scores, 1 weights");
  }

  @Test
  void fractionOfSampleWithNonPositiveTotalIsRefused() {
    WeightedScores s = WeightedScores.of(new float[] {1f, 2f}, new double[] {1, -1});

    assertThatThrownBy(() -> s.fractionAbove(0)).isInstanceOf(IllegalStateException.class);
  }
}
