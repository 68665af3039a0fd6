package org.vbsanomaly.perf.harness;

/**
 * When each event of an open-loop load is meant to be sent: event {@code i} at {@code start + i /
 * rate}. Latency measured from these intended times, rather than from when the sender managed to
 * send, counts the time an event waited because the sender itself was held up (by a full ring, a
 * pause, a slow consumer): the correction for coordinated omission.
 *
 * <p>An unlimited schedule ({@link #saturating}) intends every event at the start: it drives the
 * system as fast as it accepts events, for throughput probes; its latencies mean nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class RateSchedule {

  private final long startNanos;
  private final double eventsPerSecond;
  private final double periodNanos;

  private RateSchedule(long startNanos, double eventsPerSecond) {
    this.startNanos = startNanos;
    this.eventsPerSecond = eventsPerSecond;
    this.periodNanos = Double.isInfinite(eventsPerSecond) ? 0 : 1e9 / eventsPerSecond;
  }

  /**
   * A fixed rate starting at {@code startNanos} ({@link System#nanoTime()} scale).
   *
   * @throws IllegalArgumentException if the rate is not positive and finite
   */
  public static RateSchedule fixed(long startNanos, double eventsPerSecond) {
    if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException(
          "rate " + eventsPerSecond + " events/s; expected a positive finite rate");
    }
    return new RateSchedule(startNanos, eventsPerSecond);
  }

  /** Every event intended at {@code startNanos}: send as fast as accepted. */
  public static RateSchedule saturating(long startNanos) {
    return new RateSchedule(startNanos, Double.POSITIVE_INFINITY);
  }

  /** Intended send time of event {@code i}, {@link System#nanoTime()} scale. */
  public long intendedNanos(long i) {
    return startNanos + (long) (i * periodNanos);
  }

  /** Time of event 0. */
  public long startNanos() {
    return startNanos;
  }

  /** Events per second; infinite for a saturating schedule. */
  public double eventsPerSecond() {
    return eventsPerSecond;
  }

  /** Whether events are sent as fast as accepted. */
  public boolean isSaturating() {
    return periodNanos == 0;
  }

  /** Events intended in the first {@code seconds} (for a fixed rate). */
  public long eventsIn(double seconds) {
    return (long) Math.ceil(seconds * eventsPerSecond);
  }
}
