package org.vbsanomaly.inference;

import java.util.Objects;

/**
 * The anomaly flag: an event is anomalous when its {@code variable} is strictly above {@code
 * threshold}. An event whose value is NaN is never flagged. Immutable and thread-safe.
 *
 * @param variable the output cut on
 * @param threshold the cut, in the variable's own units (scaled-space mse, nats, probability)
 */
public record AnomalyFlag(FlagVariable variable, double threshold) {

  public AnomalyFlag {
    Objects.requireNonNull(variable, "variable");
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("anomaly threshold is NaN");
    }
  }

  /** Whether an event with these outputs is flagged. */
  public boolean isAnomalous(float mse, float kld, float score) {
    return variable.select(mse, kld, score) > threshold;
  }
}
