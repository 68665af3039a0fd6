package org.vbsanomaly.inference.pipeline;

import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * Counts results by outcome. Written by the pipeline's result thread only; the counts may be read
 * from any thread at any time (each is a volatile single-writer counter).
 */
public final class CountingSink implements ScoreSink {

  private volatile long total;
  private volatile long scored;
  private volatile long errors;
  private volatile long rejected;
  private volatile long anomalous;

  @Override
  public void accept(ScoredEvent event) {
    total++;
    ScoreStatus status = event.status();
    if (status == ScoreStatus.SCORE_STATUS_OK) {
      scored++;
      if (event.anomalous()) {
        anomalous++;
      }
    } else if (status == ScoreStatus.SCORE_STATUS_REJECTED) {
      rejected++;
    } else {
      errors++;
    }
  }

  /** Results seen. */
  public long total() {
    return total;
  }

  /** Events scored. */
  public long scored() {
    return scored;
  }

  /** Events that could not be scored. */
  public long errors() {
    return errors;
  }

  /** Events that failed the selection. */
  public long rejected() {
    return rejected;
  }

  /** Scored events flagged anomalous. */
  public long anomalous() {
    return anomalous;
  }

  @Override
  public String toString() {
    return "CountingSink[total="
        + total
        + ", scored="
        + scored
        + ", errors="
        + errors
        + ", rejected="
        + rejected
        + ", anomalous="
        + anomalous
        + "]";
  }
}
