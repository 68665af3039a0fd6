package org.vbsanomaly.perf.harness;

/**
 * How the load generator waits for an event's send time. The choice trades the generator's
 * precision against the core it takes from the system under test; on a machine with as many cores
 * as busy threads the second matters more.
 */
public enum Pacing {
  /**
   * Parks for every wait: the core is free between sends, but a parked thread wakes late (80 to 110
   * microseconds on the machines of perf/README.md: Linux's 50 microsecond timer slack plus the
   * wake-up), so at high rates events go out in small bursts up to that late. The lateness counts
   * in the corrected latency and shows as the send lag.
   */
  PARK,
  /**
   * Spins on the clock for waits under 0.2 ms, parks for longer ones: sends within a microsecond of
   * schedule, but holds a core for the whole run at rates above about 5 kHz. Any other thread that
   * wakes (collector, compiler, monitor) then preempts either the generator or the scorer.
   */
  SPIN,
  /** Like {@link #SPIN}, but yields the core while waiting, to any thread that wants it. */
  YIELD
}
