package org.vbsanomaly.perf.harness;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one harness run at one offered rate measured. Latencies in nanoseconds, publish (intended
 * send) to result; counts of events.
 *
 * @param offeredRate events per second offered; infinite for a saturating probe
 * @param scheduled events the schedule held, warm-up included (for a probe: those sent)
 * @param warmupEvents events of the warm-up, left out of the histograms and the achieved rate
 * @param sent events the generator sent (fewer than scheduled if it was cut off)
 * @param completed results received, warm-up included; equals {@code sent} after the drain
 * @param errors results that were errors rather than scores
 * @param measuredSeconds the window of the achieved rate: from the first measured event's send to
 *     the last result
 * @param achievedRate measured results per second over that window
 * @param maxLagNanos the most the generator fell behind its schedule
 * @param sendLag how late each measured event was sent (its publish call began), nanoseconds; see
 *     {@link OpenLoopGenerator.Outcome#sendLag()}
 * @param ringFullWaits publish calls that found the ring full and waited for a slot; when zero the
 *     pipeline never held the generator back, so the corrected latency exceeds the uncorrected one
 *     by the generator's own lateness only
 * @param cores CPU time of the whole process over the measured part, in cores (NaN when that part
 *     was too short to tell)
 * @param corrected latency from each measured event's intended send time (coordinated omission
 *     corrected)
 * @param uncorrected latency from each measured event's actual publish call
 * @param memory samples of the process's memory taken during the run
 */
public record TrialResult(
    double offeredRate,
    long scheduled,
    long warmupEvents,
    long sent,
    long completed,
    long errors,
    double measuredSeconds,
    double achievedRate,
    long maxLagNanos,
    Histogram sendLag,
    long ringFullWaits,
    double cores,
    Histogram corrected,
    Histogram uncorrected,
    List<MemorySample> memory) {

  /** Whether this was a saturating probe (no schedule; latencies meaningless). */
  public boolean isSaturating() {
    return Double.isInfinite(offeredRate);
  }

  /** Seconds of the warm-up on the schedule; 0 for a saturating probe. */
  public double warmupSeconds() {
    return isSaturating() ? 0 : warmupEvents / offeredRate;
  }

  /** Scheduled events the generator did not send because its deadline passed. */
  public long notSent() {
    return scheduled - sent;
  }

  /** Corrected latency at a percentile (0 to 100), nanoseconds. */
  public long correctedAt(double percentile) {
    return corrected.getValueAtPercentile(percentile);
  }

  /** Whether every scheduled event was sent and the results kept pace (98% of the offer). */
  public boolean keptPace() {
    return notSent() == 0 && achievedRate >= 0.98 * offeredRate;
  }
}
