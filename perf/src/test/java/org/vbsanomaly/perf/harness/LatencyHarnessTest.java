package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.perf.BenchmarkModel;

class LatencyHarnessTest {

  private static final long MS = 1_000_000L;
  private static AnomalyModel model;

  @BeforeAll
  static void openModel() throws Exception {
    model = AnomalyModel.open(BenchmarkModel.randomStandIn(BenchmarkModel.DEFAULT_SEED).onnx());
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @Test
  void everyEventComesBackAtALowRateWithSanePercentiles() {
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.of(2_000))
            .durationSeconds(1)
            .warmupSeconds(0.2)
            .sampleSeconds(0.5)
            .build();

    TrialResult r = LatencyHarness.runTrial(model, config, null);

    assertThat(r.scheduled()).isEqualTo(400 + 2_000);
    assertThat(r.warmupEvents()).isEqualTo(400);
    assertThat(r.sent()).isEqualTo(r.scheduled());
    assertThat(r.completed()).isEqualTo(r.sent());
    assertThat(r.errors()).isZero();
    assertThat(r.corrected().getTotalCount()).isEqualTo(2_000);
    assertThat(r.uncorrected().getTotalCount()).isEqualTo(2_000);
    long p50 = r.correctedAt(50);
    long p99 = r.correctedAt(99);
    assertThat(p50).isPositive();
    assertThat(p99).isGreaterThanOrEqualTo(p50);
    assertThat(r.corrected().getMaxValue()).isGreaterThanOrEqualTo(p99).isLessThan(2_000 * MS);
    assertThat(r.achievedRate()).isCloseTo(2_000, within(200.0));
    assertThat(r.memory()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(r.memory().get(0).heapUsed()).isPositive();
    // 2 kHz into a ring of 16384 never fills it; every measured send's lag is recorded.
    assertThat(r.ringFullWaits()).isZero();
    assertThat(r.sendLag().getTotalCount()).isEqualTo(2_000);
    MemorySample last = r.memory().get(r.memory().size() - 1);
    assertThat(last.processCpuNanos()).isGreaterThan(r.memory().get(0).processCpuNanos());
    // The process's CPU over the measured second: some, and no more than the machine has.
    assertThat(r.cores())
        .isPositive()
        .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() * 1.05);
  }

  /**
   * The sink stalls 200 ms on one event; the small ring fills and the generator blocks, so the
   * events due during the stall are published late. Measured from their publish calls they look
   * fast; from their intended send times they carry the stall.
   */
  @Test
  void aStallShowsInTheCorrectedLatencyAndNotInTheUncorrected() {
    AtomicBoolean stalled = new AtomicBoolean();
    ScoreSink staller =
        event -> {
          if (event.id() == 1_000 && stalled.compareAndSet(false, true)) {
            sleep(200);
          }
        };
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.of(5_000))
            .durationSeconds(1)
            .warmupSeconds(0)
            .ringSize(64)
            .maxBatch(16)
            .observer(staller)
            .build();

    TrialResult r = LatencyHarness.runTrial(model, config, null);

    assertThat(stalled).isTrue();
    assertThat(r.completed()).isEqualTo(5_000);
    Histogram corrected = r.corrected();
    Histogram uncorrected = r.uncorrected();
    // About 150 ms x 5 kHz = 750 events were due more than 50 ms before their result.
    assertThat(countAbove(corrected, 50 * MS)).isGreaterThan(500);
    // Only the ring's 64 events were already published when the stall began.
    assertThat(countAbove(uncorrected, 50 * MS)).isLessThan(150);
    assertThat(corrected.getMaxValue()).isGreaterThan(150 * MS);
    assertThat(r.maxLagNanos()).isGreaterThan(100 * MS);
    // The generator was held back by the full ring: the pipeline counted it.
    assertThat(r.ringFullWaits()).isPositive();
    assertThat(r.sendLag().getMaxValue()).isGreaterThan(100 * MS);
  }

  @Test
  void progressLinesTagTheWarmupAndEndWithTheRunP99() {
    List<String> lines = new CopyOnWriteArrayList<>();
    HarnessConfig config =
        HarnessConfig.builder()
            .rate(OfferedRate.of(1_000))
            .durationSeconds(1.5)
            .warmupSeconds(1)
            .sampleSeconds(0.5)
            .progress(lines::add)
            .build();

    TrialResult r = LatencyHarness.runTrial(model, config, null);

    // Lines at 1 s (the last second: warm-up results), at 2 s (measured) and at the end, 2.5 s.
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .contains("    1.0 s ")
        .contains("last second p99")
        .contains("(warm-up)");
    assertThat(lines.get(1)).contains("    2.0 s ").contains("last second p99");
    assertThat(lines.get(1)).doesNotContain("warm-up");
    assertThat(lines.get(2))
        .contains(" s end ")
        .contains(String.format(Locale.ROOT, "run p99         %9.1f us", r.correctedAt(99) / 1e3));
    assertThat(lines).noneMatch(line -> line.matches(".*p99 +- .*"));
  }

  @Test
  void aSampleTakenWithinATenthOfASecondOfTheLastReplacesIt() {
    List<MemorySample> samples = new ArrayList<>();
    LatencyHarness.addSample(samples, sampleAt(5.0, 1));
    LatencyHarness.addSample(samples, sampleAt(10.0, 2));
    // The end sample, 40 ms after the last periodic one: the CSV would print 10.0 twice.
    LatencyHarness.addSample(samples, sampleAt(10.04, 3));

    assertThat(samples).extracting(MemorySample::rss).containsExactly(1L, 3L);

    LatencyHarness.addSample(samples, sampleAt(10.2, 4));
    assertThat(samples).extracting(MemorySample::rss).containsExactly(1L, 3L, 4L);
  }

  private static MemorySample sampleAt(double seconds, long rss) {
    return new MemorySample(seconds, 0, 0, 0, rss, 0, 0, -1);
  }

  private static long countAbove(Histogram h, long nanos) {
    return h.getTotalCount() - h.getCountBetweenValues(0, nanos);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
