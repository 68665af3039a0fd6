package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.perf.BenchmarkModel;

class MaxRateSearchTest {

  @Test
  void findsASustainedRateBelowTheCeiling() throws Exception {
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.MAX)
            .durationSeconds(0.3)
            .warmupSeconds(0.1)
            .maxP99Nanos(100_000_000L)
            .build();
    MaxRateSearch.Result result;
    try (AnomalyModel model =
        AnomalyModel.open(BenchmarkModel.randomStandIn(BenchmarkModel.DEFAULT_SEED).onnx())) {
      result = MaxRateSearch.search(model, config, rate -> null);
    }

    double ceiling = result.ceiling().achievedRate();
    assertThat(ceiling).isGreaterThan(1_000);
    assertThat(result.trials()).isNotEmpty().hasSizeLessThanOrEqualTo(MaxRateSearch.MAX_TRIALS);
    assertThat(result.trials().get(0).result().offeredRate()).isEqualTo(0.9 * ceiling);
    assertThat(result.best()).isNotNull();
    assertThat(result.best().offeredRate()).isLessThanOrEqualTo(ceiling);
    assertThat(MaxRateSearch.sustained(result.best(), config.maxP99Nanos())).isTrue();
  }

  @Test
  void aBoundMetFarBelowTheCeilingIsStillFoundToWithinThreePercent() {
    // Sustained up to 100 kHz only, under a 4.3 MHz ceiling (a tight latency bound).
    MaxRateSearch.Steps steps = new MaxRateSearch.Steps(4.3e6);
    double best = 0;
    double lowestFailed = Double.POSITIVE_INFINITY;
    int trials = 0;
    boolean more = true;
    while (more && trials < MaxRateSearch.MAX_TRIALS) {
      double rate = steps.rate();
      boolean sustained = rate <= 100_000;
      best = sustained ? Math.max(best, rate) : best;
      lowestFailed = sustained ? lowestFailed : Math.min(lowestFailed, rate);
      more = steps.record(sustained);
      trials++;
    }

    assertThat(more).as("finished within the trial budget").isFalse();
    assertThat(best).isBetween(97_000.0, 100_000.0);
    assertThat((lowestFailed - best) / lowestFailed).isLessThan(0.03);
  }

  @Test
  void theSearchGivesUpBelowTheLowestRate() {
    MaxRateSearch.Steps steps = new MaxRateSearch.Steps(4.3e6);
    int trials = 0;
    while (steps.record(false)) {
      trials++;
      assertThat(steps.rate()).isGreaterThanOrEqualTo(MaxRateSearch.LOWEST_RATE);
    }
    assertThat(trials).isLessThan(MaxRateSearch.MAX_TRIALS);
  }
}
