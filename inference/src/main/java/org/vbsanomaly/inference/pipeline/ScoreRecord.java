package org.vbsanomaly.inference.pipeline;

import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * An immutable copy of a {@link ScoredEvent}, for sinks that keep results.
 *
 * @param id the event identifier
 * @param status scored, error or rejected
 * @param mse reconstruction error, NaN if not scored
 * @param kld KL divergence, NaN if not scored
 * @param score classifier score, NaN if none
 * @param anomalous flag variable above the threshold
 * @param error reason when not scored, else {@code null}
 * @param latencyNanos publish-to-result time when copied, in nanoseconds
 */
public record ScoreRecord(
    long id,
    ScoreStatus status,
    float mse,
    float kld,
    float score,
    boolean anomalous,
    String error,
    long latencyNanos) {

  /** Copies the event's result, stamping the latency up to now. */
  public static ScoreRecord copyOf(ScoredEvent e) {
    return new ScoreRecord(
        e.id(),
        e.status(),
        e.mse(),
        e.kld(),
        e.score(),
        e.anomalous(),
        e.error(),
        System.nanoTime() - e.publishNanoTime());
  }

  /** Whether the event was scored. */
  public boolean isOk() {
    return status == ScoreStatus.SCORE_STATUS_OK;
  }
}
