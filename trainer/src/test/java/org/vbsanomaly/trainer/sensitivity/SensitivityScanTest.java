package org.vbsanomaly.trainer.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.trainer.eval.WeightedScores;

class SensitivityScanTest {

  /** 1 fb^-1: one picobarn is 1000 events. */
  private static SensitivityOptions.Builder oneInvFb() {
    return SensitivityOptions.builder().luminosityInvFb(1).minSmMcEvents(5);
  }

  /** SM: 40 events at scores 1..40, 0.0025 pb each (2.5 events at 1 fb^-1; 100 in all). */
  private static WeightedScores smallSm() {
    float[] scores = new float[40];
    for (int i = 0; i < 40; i++) {
      scores[i] = i + 1;
    }
    return WeightedScores.withCommonWeight(scores, 0.0025);
  }

  private static EftSamples smallEft() {
    WeightedScores lin =
        WeightedScores.of(new float[] {5, 32, 36, 50}, new double[] {0.01, 0.004, -0.002, 0.003});
    WeightedScores quad =
        WeightedScores.of(new float[] {10, 45, 60}, new double[] {0.002, 0.002, 0.002});
    return new EftSamples("cW", lin, quad);
  }

  @Test
  void yieldsAndSigmaAtHandComputedPoint() {
    // score > 30: SM 31..40 = 10 events x 2.5 = 25; LIN 4 - 2 + 3 = 5; QUAD 2 + 2 = 4.
    // sigma(2) = |2 * 5 + 4 * 4| / sqrt(25) = 26 / 5.
    RegionYields r = SensitivityScan.yields(smallSm(), smallEft(), 30, oneInvFb().build());

    assertThat(r.smEvents()).isCloseTo(25, within(1e-12));
    assertThat(r.linEvents()).isCloseTo(5, within(1e-12));
    assertThat(r.quadEvents()).isCloseTo(4, within(1e-12));
    assertThat(r.smEventsError()).isCloseTo(Math.sqrt(10) * 2.5, within(1e-12));
    assertThat(new int[] {r.smMcEvents(), r.linMcEvents(), r.quadMcEvents()})
        .containsExactly(10, 3, 2);
    assertThat(r.sigma(2)).isCloseTo(5.2, within(1e-12));
  }

  @Test
  void limitAtFixedCutAgreesWithSolvingTheQuadraticDirectly() {
    SensitivityOptions options = oneInvFb().cMax(5).fixedCut(30).build();

    OperatorSensitivity result = SensitivityScan.scanOperator("m", smallSm(), smallEft(), options);

    // 3 sigma = 15 events over sqrt(25). c > 0: 4c^2 + 5c - 15 = 0; c < 0: 4t^2 - 5t - 15 = 0.
    double positive = (-5 + Math.sqrt(25 + 16 * 15)) / 8;
    double negative = -(5 + Math.sqrt(25 + 16 * 15)) / 8;
    assertThat(result.positive().orElseThrow().c()).isCloseTo(positive, within(1e-12));
    assertThat(result.negative().orElseThrow().c()).isCloseTo(negative, within(1e-12));
    assertThat(result.positive().orElseThrow().region().cut()).isEqualTo(30.0);
    assertThat(result.allowedCuts()).isEqualTo(1);
  }

  @Test
  void sideOutsideTheScannedRangeHasNoLimitAndReportsItsBestSigma() {
    SensitivityOptions options = oneInvFb().cMax(2).fixedCut(30).build();

    OperatorSensitivity result = SensitivityScan.scanOperator("m", smallSm(), smallEft(), options);

    // The negative crossing lies at -2.66, beyond -2; at c = -2: |-10 + 16| / 5 = 1.2.
    assertThat(result.negative()).isEmpty();
    assertThat(result.sigmaAtMinusCMax()).isCloseTo(1.2, within(1e-12));
    assertThat(result.positive()).isPresent();
  }

  @Test
  void optimisedLimitAgreesWithFirstCrossingOfBruteForceEnvelope() {
    SplittableRandom random = new SplittableRandom(2024);
    Sample sm = sample(random, 3000, 0.0, 2.0e-6, 0.0);
    Sample lin = sample(random, 1500, 0.8, 4.0e-7, 0.35);
    Sample quad = sample(random, 1500, 1.5, 3.0e-7, 0.0);
    EftSamples op = new EftSamples("cW", lin.scores(), quad.scores());
    SensitivityOptions options =
        SensitivityOptions.builder().luminosityInvFb(350).minSmMcEvents(20).cMax(3).build();

    OperatorSensitivity result = SensitivityScan.scanOperator("m", sm.scores(), op, options);

    double[][] regions = bruteForceRegions(sm, lin, quad, 350_000, 20);
    for (boolean positive : new boolean[] {true, false}) {
      double expected = firstEnvelopeCrossing(regions, 3, 3, positive);
      Limit limit = (positive ? result.positive() : result.negative()).orElseThrow();
      assertThat(limit.c()).isCloseTo(expected, within(1e-9));
      assertThat(limit.region().smMcEvents()).isGreaterThanOrEqualTo(20);
      assertThat(limit.region().sigma(limit.c())).isCloseTo(3, within(1e-9));
      assertThat(limit.region().cut()).isGreaterThan(0); // a real cut, not the selection alone
    }
    assertThat(result.allowedCuts()).isEqualTo(regions.length);
  }

  @Test
  void curveIsTheBestSigmaOverAllowedRegionsOnASymmetricGrid() {
    SplittableRandom random = new SplittableRandom(99);
    Sample sm = sample(random, 500, 0.0, 1.0e-5, 0.0);
    Sample lin = sample(random, 300, 0.5, 2.0e-6, 0.3);
    Sample quad = sample(random, 300, 1.0, 2.0e-6, 0.0);
    SensitivityOptions options =
        SensitivityOptions.builder().minSmMcEvents(20).cMax(1).gridPoints(11).build();

    SigmaCurve curve =
        SensitivityScan.scanOperator(
                "m", sm.scores(), new EftSamples("cHW", lin.scores(), quad.scores()), options)
            .curve();

    double[][] regions = bruteForceRegions(sm, lin, quad, 350_000, 20);
    assertThat(curve.c()).containsExactly(-1, -0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1);
    assertThat(curve.sigma()[5]).isZero();
    for (int j = 0; j < curve.c().length; j++) {
      assertThat(curve.sigma()[j]).isCloseTo(envelope(regions, curve.c()[j]), within(1e-9));
    }
  }

  @Test
  void minimumMonteCarloRuleForbidsTightCutsThatWouldLookBetter() {
    // QUAD sits above every SM event: with no minimum the tightest cut wins.
    WeightedScores sm = smallSm();
    EftSamples op =
        new EftSamples(
            "cW",
            WeightedScores.of(new float[] {1}, new double[] {1e-9}),
            WeightedScores.withCommonWeight(new float[] {50, 51, 52}, 0.002));

    Limit loose =
        SensitivityScan.scanOperator("m", sm, op, oneInvFb().minSmMcEvents(1).cMax(5).build())
            .positive()
            .orElseThrow();
    Limit strict =
        SensitivityScan.scanOperator("m", sm, op, oneInvFb().minSmMcEvents(20).cMax(5).build())
            .positive()
            .orElseThrow();

    assertThat(loose.region().smMcEvents()).isLessThan(20);
    assertThat(strict.region().smMcEvents()).isEqualTo(20); // the tightest allowed region
    assertThat(Math.abs(strict.c())).isGreaterThan(Math.abs(loose.c()));
  }

  @Test
  void refusesFixedCutOrSmSampleWithTooFewMonteCarloEvents() {
    assertThatThrownBy(
            () ->
                SensitivityScan.scanOperator(
                    "vae.onnx",
                    smallSm(),
                    smallEft(),
                    oneInvFb().minSmMcEvents(20).fixedCut(30).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keeps 10 SM Monte Carlo events, fewer than the minimum of 20");
    assertThatThrownBy(
            () ->
                SensitivityScan.scanOperator(
                    "vae.onnx",
                    smallSm(),
                    smallEft(),
                    SensitivityOptions.builder().minSmMcEvents(50).build()))
        .hasMessageContaining("the SM sample has 40 Monte Carlo events");
  }

  @Test
  void runCoversEveryOperatorOfTheModel() {
    ModelScores model =
        new ModelScores(
            "vae.onnx",
            "vae",
            "mse",
            smallSm(),
            List.of(smallEft(), new EftSamples("cHW", smallEft().lin(), smallEft().quad())));

    ModelSensitivity result = SensitivityScan.run(model, oneInvFb().cMax(5).build());

    assertThat(result.operators())
        .extracting(OperatorSensitivity::operator)
        .containsExactly("cW", "cHW");
    assertThat(result.luminosityInvFb()).isEqualTo(1);
  }

  // --- the independent route ------------------------------------------------------------

  private record Sample(float[] score, double[] weight) {
    WeightedScores scores() {
      return WeightedScores.of(score, weight);
    }
  }

  /** Log-normal scores; a share of the weights negative, as in interference samples. */
  private static Sample sample(
      SplittableRandom random, int n, double shift, double weight, double negativeShare) {
    float[] s = new float[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double u = 1 - random.nextDouble();
      double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
      s[i] = (float) Math.exp(g + shift);
      w[i] = random.nextDouble() < negativeShare ? -weight : weight;
    }
    return new Sample(s, w);
  }

  /**
   * {sm, lin, quad} yields of every allowed region, by looping over all events per cut: no sorting,
   * no cumulative sums, no binary search.
   */
  private static double[][] bruteForceRegions(
      Sample sm, Sample lin, Sample quad, double eventsPerPb, int minSm) {
    TreeSet<Double> cuts = new TreeSet<>();
    cuts.add(Double.NEGATIVE_INFINITY);
    for (Sample s : List.of(sm, lin, quad)) {
      for (float v : s.score()) {
        cuts.add((double) v);
      }
    }
    List<double[]> regions = new ArrayList<>();
    for (double cut : cuts) {
      int smCount = 0;
      for (float v : sm.score()) {
        smCount += v > cut ? 1 : 0;
      }
      if (smCount >= minSm) {
        regions.add(
            new double[] {
              sum(sm, cut) * eventsPerPb, sum(lin, cut) * eventsPerPb, sum(quad, cut) * eventsPerPb
            });
      }
    }
    return regions.toArray(new double[0][]);
  }

  private static double sum(Sample s, double cut) {
    double total = 0;
    for (int i = 0; i < s.score().length; i++) {
      if (s.score()[i] > cut) {
        total += s.weight()[i];
      }
    }
    return total;
  }

  private static double envelope(double[][] regions, double c) {
    double best = 0;
    for (double[] r : regions) {
      best = Math.max(best, Math.abs(c * r[1] + c * c * r[2]) / Math.sqrt(Math.max(r[0], 1)));
    }
    return best;
  }

  /** Walks out from 0 in small steps to the first envelope value >= target, then bisects. */
  private static double firstEnvelopeCrossing(
      double[][] regions, double target, double cMax, boolean positive) {
    double sign = positive ? 1 : -1;
    double step = 1e-3;
    double low = 0;
    for (double t = step; t <= cMax; t += step) {
      if (envelope(regions, sign * t) >= target) {
        double high = t;
        for (int i = 0; i < 100; i++) {
          double mid = 0.5 * (low + high);
          if (envelope(regions, sign * mid) >= target) {
            high = mid;
          } else {
            low = mid;
          }
        }
        return sign * high;
      }
      low = t;
    }
    return Double.NaN;
  }
}
