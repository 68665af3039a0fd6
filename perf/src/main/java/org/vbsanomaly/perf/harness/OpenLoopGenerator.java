package org.vbsanomaly.perf.harness;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.vbsanomaly.perf.BenchmarkEvents;

/**
 * Sends events on a {@link RateSchedule}, from the calling thread, whatever the system under test
 * does: an event is sent at its intended time, or at once if that time has passed (after a stall
 * the generator catches up as fast as the system accepts, and the latency sink, measuring from the
 * intended time, charges the wait to the system).
 *
 * <p>Pacing ({@link Pacing}): with {@link Pacing#PARK} the thread parks for every wait, and accepts
 * that a parked thread wakes late: Linux's default timer slack of 50 microseconds plus the wake-up,
 * 80 to 110 microseconds in all on the virtual machines of perf/README.md (see {@code Hiccups}).
 * With {@link Pacing#SPIN} or {@link Pacing#YIELD} and more than {@value #PARK_ABOVE_NANOS} ns to
 * wait it parks until about {@value #WAKE_EARLY_NANOS} ns before the intended time, then spins (or
 * yields); shorter waits spin (or yield), so at rates above about 5 kHz the generator keeps one
 * core busy.
 *
 * <p>Not thread-safe; one generator per producer thread.
 */
public final class OpenLoopGenerator {

  static final long PARK_ABOVE_NANOS = 200_000L;
  static final long WAKE_EARLY_NANOS = 120_000L;

  /** Where events go: the pipeline's publisher, or a stand-in in tests. */
  @FunctionalInterface
  public interface Sender {
    /** Sends event {@code id}, the 14 features at {@code rows[offset ...]}. */
    void send(long id, float[] rows, int offset);
  }

  /**
   * What a generator run did.
   *
   * @param sent events sent (fewer than asked if the deadline passed first)
   * @param lastSendNanos when the last send returned
   * @param maxLagNanos the most any send started after its intended time
   * @param markIndex the first event sent at or after the mark time ({@code sent} if none)
   * @param markNanos when that event was sent
   * @param sendLag how late each event from {@code lagFromIndex} on was sent, nanoseconds: the
   *     generator's own lateness (its pacing, stalls of its thread) plus any time it was held in a
   *     publish call by a full ring
   */
  public record Outcome(
      long sent,
      long lastSendNanos,
      long maxLagNanos,
      long markIndex,
      long markNanos,
      Histogram sendLag) {}

  private OpenLoopGenerator() {}

  /**
   * Sends events {@code 0 .. count-1} on {@code schedule}, stopping early if the clock passes
   * {@code deadlineNanos} (a system that cannot keep up would otherwise hold the run for ever).
   * Event {@code i} carries id {@code i} and the pool's row {@code i}, cycling.
   *
   * @param markNanos the outcome reports the first event sent at or after this time (the end of a
   *     warm-up measured by the clock rather than by event count)
   * @param lagFromIndex the first event whose send lag is recorded (the first measured one)
   */
  public static Outcome run(
      RateSchedule schedule,
      long count,
      long deadlineNanos,
      long markNanos,
      long lagFromIndex,
      Pacing pacing,
      BenchmarkEvents events,
      Sender sender) {
    float[] rows = events.rows();
    Histogram sendLag = LatencySink.newHistogram();
    long maxLag = 0;
    long markIndex = -1;
    long markAt = 0;
    long i = 0;
    for (; i < count; i++) {
      long intended = schedule.intendedNanos(i);
      long now = waitUntil(intended, pacing);
      if (now - deadlineNanos > 0) {
        break;
      }
      if (markIndex < 0 && now - markNanos >= 0) {
        markIndex = i;
        markAt = now;
      }
      long lag = now - intended;
      maxLag = Math.max(maxLag, lag);
      if (i >= lagFromIndex) {
        sendLag.recordValue(Math.min(lag, LatencySink.HIGHEST_TRACKABLE_NANOS));
      }
      sender.send(i, rows, events.offset(i));
    }
    long end = System.nanoTime();
    return markIndex < 0
        ? new Outcome(i, end, maxLag, i, end, sendLag)
        : new Outcome(i, end, maxLag, markIndex, markAt, sendLag);
  }

  /** Waits until {@code intended} (not at all if it has passed); returns the time then. */
  private static long waitUntil(long intended, Pacing pacing) {
    long now = System.nanoTime();
    long remaining;
    while ((remaining = intended - now) > 0) {
      if (pacing == Pacing.PARK) {
        LockSupport.parkNanos(remaining);
      } else if (remaining > PARK_ABOVE_NANOS) {
        LockSupport.parkNanos(remaining - WAKE_EARLY_NANOS);
      } else if (pacing == Pacing.YIELD) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
      now = System.nanoTime();
    }
    return now;
  }
}
