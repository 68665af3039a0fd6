package org.vbsanomaly.inference;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The per-event output an anomaly flag cuts on, by its name in model metadata and score files. */
public enum FlagVariable {
  /** Reconstruction error (mean squared, scaled space): the plain VAE's anomaly score. */
  MSE("mse"),
  /** KL divergence of the latent posterior from the unit normal. */
  KLD("kld"),
  /** Classifier probability of a VAE+NN model. */
  SCORE("score");

  private final String wireName;

  FlagVariable(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in metadata ({@code flag_variable}) and score headers. */
  public String wireName() {
    return wireName;
  }

  /** The value of this variable among an event's outputs. */
  public float select(float mse, float kld, float score) {
    switch (this) {
      case MSE:
        return mse;
      case KLD:
        return kld;
      default:
        return score;
    }
  }

  /**
   * The variable with the given wire name.
   *
   * @throws IllegalArgumentException naming the valid names
   */
  public static FlagVariable fromWireName(String name) {
    for (FlagVariable v : values()) {
      if (v.wireName.equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown flag variable '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(FlagVariable::wireName)
                .collect(Collectors.joining(", ")));
  }
}
