package org.vbsanomaly.trainer.tf;

/** Activation of the decoder's output layer (the 14 reconstructed scaled features). */
public enum OutputActivation {
  /**
   * Identity: the reconstruction is unbounded, so an event outside the training range (scaled value
   * above 1 or below 0) is reconstructed without saturation and its error keeps growing.
   */
  LINEAR,
  /** Logistic function: the reconstruction is confined to (0, 1), the range of the scaling. */
  SIGMOID;

  /** Parses a command-line value case-insensitively ("linear", "sigmoid"). */
  public static OutputActivation parse(String text) {
    for (OutputActivation a : values()) {
      if (a.name().equalsIgnoreCase(text.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown output activation '" + text + "'; expected one of: linear, sigmoid");
  }
}
