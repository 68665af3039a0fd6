package org.vbsanomaly.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreThresholdsTest {

  @Test
  void standardCutsOnThousandDistinctScoresKeepExactlyTheRequestedCounts() {
    float[] scores = new float[1000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = i + 1; // 1..1000
    }

    List<ScoreCut> cuts =
        ScoreThresholds.standardCuts(WeightedScores.unweighted(scores), Weighting.UNIT_WEIGHTS);

    assertThat(cuts).extracting(ScoreCut::cut).containsExactly(900.0, 990.0, 999.0);
    assertThat(cuts).extracting(ScoreCut::keptEvents).containsExactly(100, 10, 1);
    assertThat(cuts.get(1).keptFraction()).isEqualTo(0.01);
  }

  @Test
  void weightedAndUnweightedCutsDifferWhenOneEventCarriesHalfTheWeight() {
    // Scores 1..10; the event at 10 weighs 9, the others 1: total 18.
    float[] scores = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] weights = {1, 1, 1, 1, 1, 1, 1, 1, 1, 9};
    WeightedScores sample = WeightedScores.of(scores, weights);

    ScoreCut weighted = ScoreThresholds.keepingFraction(sample, 0.6, Weighting.EVENT_WEIGHTS);
    ScoreCut unweighted = ScoreThresholds.keepingFraction(sample, 0.6, Weighting.UNIT_WEIGHTS);

    // Weighted: need 10.8 of 18; 9, 10, 11 from the top 1, 2, 3 events: keep 8, 9, 10.
    assertThat(weighted.cut()).isEqualTo(7.0);
    assertThat(weighted.keptFraction()).isCloseTo(11.0 / 18, within(1e-15));
    // Unweighted: 6 of 10 events: keep 5..10.
    assertThat(unweighted.cut()).isEqualTo(4.0);
    assertThat(unweighted.keptEvents()).isEqualTo(6);
  }

  @Test
  void tiedScoresMoveTogetherSoTheKeptFractionMayExceedTheTarget() {
    WeightedScores sample = WeightedScores.unweighted(new float[] {5, 5, 5, 1});

    ScoreCut cut = ScoreThresholds.keepingFraction(sample, 0.5, Weighting.UNIT_WEIGHTS);

    assertThat(cut.cut()).isEqualTo(1.0);
    assertThat(cut.keptFraction()).isEqualTo(0.75);
  }

  @Test
  void fractionOneCutsBelowTheLowestScore() {
    WeightedScores sample = WeightedScores.unweighted(new float[] {2, 3});

    ScoreCut cut = ScoreThresholds.keepingFraction(sample, 1.0, Weighting.EVENT_WEIGHTS);

    assertThat(cut.cut()).isLessThan(2.0);
    assertThat(sample.countAbove(cut.cut())).isEqualTo(2);
    assertThat(cut.keptFraction()).isEqualTo(1.0);
  }

  @Test
  void refusesFractionOutsideUnitInterval() {
    WeightedScores sample = WeightedScores.unweighted(new float[] {1});

    assertThatThrownBy(() -> ScoreThresholds.keepingFraction(sample, 0, Weighting.UNIT_WEIGHTS))
        .hasMessageContaining("outside (0, 1]");
    assertThatThrownBy(() -> ScoreThresholds.keepingFraction(sample, 1.5, Weighting.UNIT_WEIGHTS))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
