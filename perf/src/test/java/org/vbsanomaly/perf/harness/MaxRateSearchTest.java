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
}
