package org.vbsanomaly.perf.harness;

import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoredEvent;

/**
 * Records each result's latency twice, in nanoseconds: from the event's <em>intended</em> send time
 * (its id's slot in the {@link RateSchedule}; corrected for coordinated omission) and from the
 * producer's actual publish call (uncorrected, for comparison). Events with an id below the warm-up
 * count go to a warm-up histogram of their own.
 *
 * <p>Event ids must be schedule indices: the generator publishes event {@code i} with id {@code i}.
 *
 * <p><b>Threads:</b> {@link #accept} and {@link #endOfBatch} run on the pipeline's delivering
 * thread only (the {@link SingleWriterRecorder}s' single writer); the interval and count readers
 * may run on one other thread. Counts are published at the end of each ring batch.
 */
public final class LatencySink implements ScoreSink {

  /** Highest latency tracked: one minute; longer ones are clamped to it. */
  public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

  /** Significant decimal digits kept: 3 (0.1% resolution). */
  public static final int SIGNIFICANT_DIGITS = 3;

  private final RateSchedule schedule;
  private final long warmupEvents;
  private final LongSupplier clock;
  private final SingleWriterRecorder corrected = newRecorder();
  private final SingleWriterRecorder uncorrected = newRecorder();
  private final SingleWriterRecorder warmup = newRecorder();

  private long seen;
  private long failed;
  private long lastNanos;
  private volatile long completed;
  private volatile long errors;
  private volatile long lastCompletionNanos;

  /**
   * @param schedule gives each id its intended send time
   * @param warmupEvents ids below this are warm-up
   * @param clock the time source, {@code System::nanoTime} outside tests
   */
  public LatencySink(RateSchedule schedule, long warmupEvents, LongSupplier clock) {
    this.schedule = schedule;
    this.warmupEvents = warmupEvents;
    this.clock = clock;
  }

  /** A sink on {@link System#nanoTime()}. */
  public LatencySink(RateSchedule schedule, long warmupEvents) {
    this(schedule, warmupEvents, System::nanoTime);
  }

  @Override
  public void accept(ScoredEvent event) {
    long now = clock.getAsLong();
    long id = event.id();
    long fromIntended = now - schedule.intendedNanos(id);
    if (id < warmupEvents) {
      warmup.recordValue(clamp(fromIntended));
    } else {
      corrected.recordValue(clamp(fromIntended));
      uncorrected.recordValue(clamp(now - event.publishNanoTime()));
    }
    if (!event.isOk()) {
      failed++;
    }
    seen++;
    lastNanos = now;
  }

  @Override
  public void endOfBatch() {
    errors = failed;
    lastCompletionNanos = lastNanos;
    completed = seen;
  }

  /** Results delivered, warm-up included (as of the last ring batch). */
  public long completed() {
    return completed;
  }

  /** Results that were errors rather than scores. */
  public long errors() {
    return errors;
  }

  /** When the last result arrived, {@link System#nanoTime()} scale; 0 before any. */
  public long lastCompletionNanos() {
    return lastCompletionNanos;
  }

  /**
   * Corrected latencies of measured events since the previous call.
   *
   * @param recycle the histogram this method returned last time, to be reused, or {@code null}
   */
  public Histogram correctedInterval(Histogram recycle) {
    return corrected.getIntervalHistogram(recycle);
  }

  /** Uncorrected latencies of measured events since the previous call; see above for recycle. */
  public Histogram uncorrectedInterval(Histogram recycle) {
    return uncorrected.getIntervalHistogram(recycle);
  }

  /** Corrected latencies of warm-up events since the previous call; see above for recycle. */
  public Histogram warmupInterval(Histogram recycle) {
    return warmup.getIntervalHistogram(recycle);
  }

  private static long clamp(long nanos) {
    return Math.min(Math.max(nanos, 0L), HIGHEST_TRACKABLE_NANOS);
  }

  static SingleWriterRecorder newRecorder() {
    return new SingleWriterRecorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
  }

  /** An empty histogram of the sink's range and precision. */
  public static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
  }
}
