package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.inference.pipeline.ScoredEvent;
import org.vbsanomaly.schema.v1.ScoreStatus;

class LatencySinkTest {

  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;

  @Test
  void schedulePlacesEventsAtTheirIntendedTimes() {
    RateSchedule schedule = RateSchedule.fixed(5_000, 10_000);

    assertThat(schedule.intendedNanos(0)).isEqualTo(5_000);
    assertThat(schedule.intendedNanos(3)).isEqualTo(5_000 + 300 * US);
    assertThat(schedule.eventsIn(2.0)).isEqualTo(20_000);
  }

  /**
   * 1000 events at 10 kHz (one every 100 us). The system stalls from 10 ms to 60 ms: the 500 events
   * intended in that window wait until 60 ms; the sender, blocked too, publishes them only then
   * (coordinated omission). Every other event is answered 20 us after its intended time. From the
   * intended times, the stalled event k (k = 1..500, latest first) waits 0.02 + 0.1 k ms. Sorted,
   * the 1000 latencies are 500 times 20 us, then 0.12, 0.22, ..., 50.02 ms: the p75 (rank 750) is
   * the 250th stalled value, 25.02 ms; the p99 (rank 990) the 490th, 49.02 ms. From the actual
   * publish calls every event took 20 us.
   */
  @Test
  void correctsForCoordinatedOmissionOnASyntheticStall() {
    RateSchedule schedule = RateSchedule.fixed(0, 10_000);
    long[] now = {0};
    LatencySink sink = new LatencySink(schedule, 0, () -> now[0]);

    for (int i = 0; i < 1000; i++) {
      long intended = schedule.intendedNanos(i);
      boolean stalled = intended >= 10 * MS && intended < 60 * MS;
      long published = stalled ? 60 * MS : intended;
      now[0] = published + 20 * US;
      sink.accept(new Result(i, published));
      sink.endOfBatch();
    }

    Histogram corrected = sink.correctedInterval(null);
    Histogram uncorrected = sink.uncorrectedInterval(null);
    assertThat(corrected.getTotalCount()).isEqualTo(1000);
    assertThat(corrected.getValueAtPercentile(50)).isCloseTo(20 * US, within(US));
    assertThat((double) corrected.getValueAtPercentile(75)).isCloseTo(25.02 * MS, within(0.1 * MS));
    assertThat((double) corrected.getValueAtPercentile(99)).isCloseTo(49.02 * MS, within(0.1 * MS));
    assertThat((double) corrected.getMaxValue()).isCloseTo(50.02 * MS, within(0.1 * MS));
    assertThat(uncorrected.getMaxValue()).isCloseTo(20 * US, within(100L));
    assertThat(sink.completed()).isEqualTo(1000);
    assertThat(sink.lastCompletionNanos()).isEqualTo(now[0]);
  }

  @Test
  void keepsWarmupEventsOutOfTheMeasuredHistograms() {
    RateSchedule schedule = RateSchedule.fixed(0, 1_000);
    long[] now = {0};
    LatencySink sink = new LatencySink(schedule, 10, () -> now[0]);

    for (int i = 0; i < 30; i++) {
      now[0] = schedule.intendedNanos(i) + (i < 10 ? 5 * MS : 50 * US);
      sink.accept(new Result(i, schedule.intendedNanos(i)));
    }
    sink.endOfBatch();

    assertThat(sink.warmupInterval(null).getTotalCount()).isEqualTo(10);
    Histogram measured = sink.correctedInterval(null);
    assertThat(measured.getTotalCount()).isEqualTo(20);
    assertThat(measured.getMaxValue()).isCloseTo(50 * US, within(100L));
    assertThat(sink.completed()).isEqualTo(30);
  }

  @Test
  void countsErrorResults() {
    LatencySink sink = new LatencySink(RateSchedule.fixed(0, 1_000), 0, () -> 1);
    sink.accept(new Result(0, 0));
    sink.accept(new Result(1, 0, ScoreStatus.SCORE_STATUS_ERROR));
    sink.endOfBatch();

    assertThat(sink.errors()).isEqualTo(1);
    assertThat(sink.completed()).isEqualTo(2);
  }

  /** A scored (or failed) event as the pipeline would deliver it. */
  private record Result(long id, long publishNanoTime, ScoreStatus status) implements ScoredEvent {
    Result(long id, long publishNanoTime) {
      this(id, publishNanoTime, ScoreStatus.SCORE_STATUS_OK);
    }

    @Override
    public float mse() {
      return 0.01f;
    }

    @Override
    public float kld() {
      return 1f;
    }

    @Override
    public float score() {
      return Float.NaN;
    }

    @Override
    public boolean anomalous() {
      return false;
    }

    @Override
    public String error() {
      return status == ScoreStatus.SCORE_STATUS_OK ? null : "broken";
    }
  }
}
