package org.vbsanomaly.inference.pipeline;

import org.vbsanomaly.schema.v1.Score;
import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * The result of one event, as a {@link ScoreSink} sees it.
 *
 * <p>A view of a ring slot: valid only during {@link ScoreSink#accept(ScoredEvent)}; the slot is
 * reused afterwards. Copy what you keep ({@link ScoreRecord#copyOf(ScoredEvent)}, {@link
 * #toScore()}).
 */
public interface ScoredEvent {

  /** The identifier the producer published the event with. */
  long id();

  /** {@code SCORE_STATUS_OK}, {@code SCORE_STATUS_ERROR} or {@code SCORE_STATUS_REJECTED}. */
  ScoreStatus status();

  /** Whether the event was scored. */
  default boolean isOk() {
    return status() == ScoreStatus.SCORE_STATUS_OK;
  }

  /** Reconstruction error (mean squared, scaled space); NaN if not scored. */
  float mse();

  /** KL divergence of the latent posterior; NaN if not scored. */
  float kld();

  /** Classifier score in [0, 1]; NaN if not scored or the model has no classifier. */
  float score();

  /** Whether the flag variable is above the pipeline's threshold (false if not scored). */
  boolean anomalous();

  /** Why the event was not scored or was rejected; {@code null} when scored. */
  String error();

  /** {@link System#nanoTime()} when the producer called publish. */
  long publishNanoTime();

  /** The result as a protobuf {@code Score} (allocates). */
  default Score toScore() {
    Score.Builder b = Score.newBuilder().setId(id()).setStatus(status());
    if (isOk()) {
      b.setMse(mse()).setKld(kld()).setAnomalous(anomalous());
      if (!Float.isNaN(score())) {
        b.setScore(score());
      }
    } else if (error() != null) {
      b.setError(error());
    }
    return b.build();
  }
}
