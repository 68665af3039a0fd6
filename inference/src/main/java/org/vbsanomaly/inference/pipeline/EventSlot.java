package org.vbsanomaly.inference.pipeline;

import org.vbsanomaly.events.Observable;
import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * One preallocated ring entry: the event as published, then its result. Written by a producer
 * (through a translator), then by the scoring stage, then read by the result stage; the ring's
 * sequences order these hand-overs.
 */
final class EventSlot implements ScoredEvent {

  /** Feature values as published (only the first {@code min(featureCount, 14)} are kept). */
  final float[] features = new float[Observable.COUNT];

  long id;
  long publishNanos;
  int featureCount;
  int missingMask;

  ScoreStatus status;
  float mse;
  float kld;
  float score;
  boolean anomalous;
  String error;

  /** Clears the previous lap's event and result. */
  void reset(long id, long publishNanos) {
    this.id = id;
    this.publishNanos = publishNanos;
    this.featureCount = 0;
    this.missingMask = 0;
    this.status = ScoreStatus.SCORE_STATUS_UNSPECIFIED;
    this.mse = Float.NaN;
    this.kld = Float.NaN;
    this.score = Float.NaN;
    this.anomalous = false;
    this.error = null;
  }

  /** Whether the event is still waiting for the scorer (no error or rejection decided yet). */
  boolean isPending() {
    return status == ScoreStatus.SCORE_STATUS_UNSPECIFIED;
  }

  void fail(String reason) {
    status = ScoreStatus.SCORE_STATUS_ERROR;
    error = reason;
    mse = Float.NaN;
    kld = Float.NaN;
    score = Float.NaN;
    anomalous = false;
  }

  void reject(String reason) {
    status = ScoreStatus.SCORE_STATUS_REJECTED;
    error = reason;
  }

  void succeed(float mse, float kld, float score, boolean anomalous) {
    this.status = ScoreStatus.SCORE_STATUS_OK;
    this.mse = mse;
    this.kld = kld;
    this.score = score;
    this.anomalous = anomalous;
    this.error = null;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public ScoreStatus status() {
    return status;
  }

  @Override
  public float mse() {
    return mse;
  }

  @Override
  public float kld() {
    return kld;
  }

  @Override
  public float score() {
    return score;
  }

  @Override
  public boolean anomalous() {
    return anomalous;
  }

  @Override
  public String error() {
    return error;
  }

  @Override
  public long publishNanoTime() {
    return publishNanos;
  }

  @Override
  public String toString() {
    return "EventSlot[id=" + id + ", " + status + (error == null ? "" : ", " + error) + "]";
  }
}
