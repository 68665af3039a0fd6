package org.vbsanomaly.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocCurveTest {

  @Test
  void handComputedCaseHasAreaThreeQuartersAndTheExpectedPoints() {
    // Background scores 1, 2, 3; signal 2, 4; unit weights. Pairs signal > background:
    // 2>1, 4>1, 4>2, 4>3, and the tie 2=2 counts half: 4.5 of 6 pairs.
    WeightedScores background = WeightedScores.unweighted(new float[] {1, 2, 3});
    WeightedScores signal = WeightedScores.unweighted(new float[] {2, 4});

    RocCurve roc = RocCurve.of(background, signal);

    assertThat(roc.auc()).isCloseTo(0.75, within(1e-15));
    assertThat(roc.backgroundEfficiencies())
        .containsExactly(new double[] {0, 0, 1.0 / 3, 2.0 / 3, 1}, within(1e-15));
    assertThat(roc.signalEfficiencies())
        .containsExactly(new double[] {0, 0.5, 0.5, 1, 1}, within(1e-15));
    assertThat(roc.cut(0)).isEqualTo(4);
    assertThat(roc.cut(4)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void negativeSignalWeightEntersCumulativeSumsWithItsSign() {
    // Signal: score 2 with weight 2, score 4 with weight -1 (total 1). Background 1 and 3.
    // Efficiencies by hand at cuts 4, 3, 2, 1, -inf: (0,0) (0,-1) (0.5,-1) (0.5,1) (1,1).
    // Signed pair sum: 2*[2>1] + (-1)*[4>1] + (-1)*[4>3] = 0, so the area is 0.
    WeightedScores background = WeightedScores.unweighted(new float[] {1, 3});
    WeightedScores signal = WeightedScores.of(new float[] {2, 4}, new double[] {2, -1});

    RocCurve roc = RocCurve.of(background, signal);

    assertThat(roc.signalEfficiencies())
        .containsExactly(new double[] {0, -1, -1, 1, 1}, within(1e-15));
    assertThat(roc.backgroundEfficiencies())
        .containsExactly(new double[] {0, 0, 0.5, 0.5, 1}, within(1e-15));
    assertThat(roc.auc()).isCloseTo(0.0, within(1e-15));
  }

  @Test
  void unweightedAreaEqualsMannWhitneyPairCount() {
    SplittableRandom random = new SplittableRandom(7);
    float[] b = rounded(random, 400, 0.0); // rounding makes ties
    float[] s = rounded(random, 300, 0.7);

    RocCurve roc = RocCurve.of(WeightedScores.unweighted(b), WeightedScores.unweighted(s));

    assertThat(roc.auc())
        .isCloseTo(mannWhitney(b, ones(b.length), s, ones(s.length)), within(1e-12));
    assertThat(roc.auc()).isBetween(0.6, 0.8);
  }

  @Test
  void weightedAreaEqualsWeightedMannWhitneyEvenWithNegativeWeights() {
    SplittableRandom random = new SplittableRandom(11);
    float[] b = rounded(random, 300, 0.0);
    float[] s = rounded(random, 250, 0.5);
    double[] wb = weights(random, b.length, 0.0);
    double[] ws = weights(random, s.length, 0.3); // 30% negative, as in an interference sample

    RocCurve roc = RocCurve.of(WeightedScores.of(b, wb), WeightedScores.of(s, ws));

    assertThat(roc.auc()).isCloseTo(mannWhitney(b, wb, s, ws), within(1e-10));
  }

  @Test
  void separatedSamplesGiveAreaOneAndIdenticalSamplesOneHalf() {
    WeightedScores low = WeightedScores.unweighted(new float[] {1, 2, 3});
    WeightedScores high = WeightedScores.unweighted(new float[] {4, 5});

    assertThat(RocCurve.of(low, high).auc()).isEqualTo(1.0);
    assertThat(RocCurve.of(low, low).auc()).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void signalEfficiencyAtBackgroundEfficiencyInterpolatesAtTheFirstCrossing() {
    WeightedScores background = WeightedScores.unweighted(new float[] {1, 2, 3});
    WeightedScores signal = WeightedScores.unweighted(new float[] {2, 4});
    RocCurve roc = RocCurve.of(background, signal);

    // Between (1/3, 0.5) and (2/3, 1): halfway is 0.75.
    assertThat(roc.signalEfficiencyAtBackgroundEfficiency(0.5)).isCloseTo(0.75, within(1e-12));
    // No background above the cut at 3, yet the signal event at 4 passes: read the top.
    assertThat(roc.signalEfficiencyAtBackgroundEfficiency(0.0)).isEqualTo(0.5);
    assertThat(roc.signalEfficiencyAtBackgroundEfficiency(1.0)).isEqualTo(1.0);
  }

  @Test
  void refusesEmptySampleAndNonPositiveTotal() {
    WeightedScores some = WeightedScores.unweighted(new float[] {1});
    WeightedScores none = WeightedScores.unweighted(new float[0]);
    WeightedScores zero = WeightedScores.of(new float[] {1, 2}, new double[] {1, -1});

    assertThatThrownBy(() -> RocCurve.of(some, none)).hasMessageContaining("signal sample");
    assertThatThrownBy(() -> RocCurve.of(zero, some)).isInstanceOf(IllegalStateException.class);
  }

  /** Independent route: every (signal, background) pair, ties counted half. */
  private static double mannWhitney(float[] b, double[] wb, float[] s, double[] ws) {
    double sum = 0;
    double totalB = 0;
    double totalS = 0;
    for (double w : wb) {
      totalB += w;
    }
    for (double w : ws) {
      totalS += w;
    }
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < b.length; j++) {
        double credit = s[i] > b[j] ? 1 : s[i] == b[j] ? 0.5 : 0;
        sum += ws[i] * wb[j] * credit;
      }
    }
    return sum / (totalS * totalB);
  }

  private static float[] rounded(SplittableRandom random, int n, double shift) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (Math.round((gaussian(random) + shift) * 10) / 10.0);
    }
    return v;
  }

  private static double[] weights(SplittableRandom random, int n, double negativeShare) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double magnitude = 0.5 + random.nextDouble();
      w[i] = random.nextDouble() < negativeShare ? -magnitude : magnitude;
    }
    return w;
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
