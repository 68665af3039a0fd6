package org.vbsanomaly.inference.pipeline;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Records each event's latency from the producer's publish call to its result reaching this sink,
 * in nanoseconds, in an HdrHistogram.
 *
 * <p>The clock starts before the producer claims a ring slot, so time spent waiting for a free slot
 * when the ring is full counts: a saturated pipeline shows its queueing delay rather than hiding
 * it.
 *
 * <p><b>Threads:</b> one writer (the pipeline's result thread, as the {@link SingleWriterRecorder}
 * requires); {@link #intervalHistogram()} may be called from any one reader thread.
 */
public final class LatencyRecordingSink implements ScoreSink {

  /** Highest latency tracked exactly: one minute; longer ones are clamped to it. */
  public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

  private final SingleWriterRecorder recorder =
      new SingleWriterRecorder(HIGHEST_TRACKABLE_NANOS, 3);
  private Histogram accumulated;

  @Override
  public void accept(ScoredEvent event) {
    long latency = System.nanoTime() - event.publishNanoTime();
    recorder.recordValue(Math.min(Math.max(latency, 0L), HIGHEST_TRACKABLE_NANOS));
  }

  /** Latencies recorded since the previous call (a new histogram each time). */
  public Histogram intervalHistogram() {
    return recorder.getIntervalHistogram();
  }

  /**
   * All latencies recorded so far: the intervals taken until now, accumulated. Do not mix with
   * {@link #intervalHistogram()} from another reader.
   */
  public synchronized Histogram cumulativeHistogram() {
    Histogram interval = recorder.getIntervalHistogram();
    if (accumulated == null) {
      accumulated = interval.copy();
    } else {
      accumulated.add(interval);
    }
    return accumulated.copy();
  }
}
