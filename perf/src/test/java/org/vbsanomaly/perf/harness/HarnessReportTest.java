package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.trainer.eval.Series;

class HarnessReportTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void rssDriftIsTheLeastSquaresSlopePerMinute() {
    // RSS grows 1 MiB every 10 s: 6 MiB per minute, whatever the noise-free offset.
    List<MemorySample> samples = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      samples.add(new MemorySample(10.0 * i, 0, 0, 0, (300 + i) * MIB, 0, 0));
    }
    assertThat(HarnessReport.rssDriftMibPerMinute(samples)).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void percentileSeriesRunsFromTheMedianToTheMaximum() {
    Histogram h = LatencySink.newHistogram();
    for (int v = 1; v <= 1000; v++) {
      h.recordValue(v * 1_000L); // 1 to 1000 us
    }
    Series s = HarnessReport.percentileSeries("x", h);

    assertThat(s.x()[0]).isEqualTo(1.0); // q = 0: the minimum
    assertThat(s.y()[0]).isCloseTo(1.0, within(0.01));
    // x = 10 is q = 0.9: the 900th value, 900 us.
    assertThat(s.x()[20]).isCloseTo(10.0, within(1e-9));
    assertThat(s.y()[20]).isCloseTo(900.0, within(1.0));
    assertThat(s.x()[s.x().length - 1]).isEqualTo(1000.0);
    assertThat(s.y()[s.y().length - 1]).isCloseTo(1000.0, within(1.0));
  }

  @Test
  void memorySummaryNeedsTwoSamplesAfterTheWarmup() {
    TrialResult r = trial(List.of(new MemorySample(5, 0, 0, 0, 0, 0, 0)));
    assertThat(HarnessReport.memorySummary(r, 2)).contains("fewer than two samples");
  }

  @Test
  void memorySummaryGivesADriftOnlyOverAMinuteOfSamples() {
    assertThat(HarnessReport.memorySummary(trialWithSamplesUntil(8), 0))
        .contains("no drift figure")
        .doesNotContain("MB/min");
    assertThat(HarnessReport.memorySummary(trialWithSamplesUntil(60), 0))
        .contains("drift +")
        .contains("MB/min");
  }

  private static TrialResult trialWithSamplesUntil(int lastSecond) {
    List<MemorySample> samples = new java.util.ArrayList<>();
    for (int t = 0; t <= lastSecond; t += 4) {
      samples.add(new MemorySample(t, 0, 0, 0, (1000L + t) << 20, 0, 0));
    }
    return trial(samples);
  }

  /** A trial of 10 events at 1 kHz with these memory samples. */
  private static TrialResult trial(List<MemorySample> samples) {
    return new TrialResult(
        1e3,
        10,
        0,
        10,
        10,
        0,
        1,
        1e3,
        0,
        LatencySink.newHistogram(),
        LatencySink.newHistogram(),
        samples);
  }
}
