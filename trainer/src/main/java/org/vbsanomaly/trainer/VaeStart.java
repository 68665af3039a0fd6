package org.vbsanomaly.trainer;

import java.util.Locale;

/** Where the VAE part of a VAE+NN training starts. */
public enum VaeStart {
  /**
   * Fresh weights drawn from the VAE's recorded seed, exactly those its own training started from:
   * the VAE and the classifier are then trained together from the beginning as one network, as in
   * the paper. The trained VAE still supplies the preprocessing and the classifier's input
   * standardisation.
   */
  SCRATCH,
  /** The trained VAE's weights, read back from its model file. Required to freeze the VAE. */
  TRAINED;

  /** Parses a command-line value: {@code scratch} or {@code trained} (any case). */
  public static VaeStart parse(String text) {
    for (VaeStart s : values()) {
      if (s.name().equalsIgnoreCase(text.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown VAE start '" + text + "'; expected one of: scratch, trained");
  }

  /** The command-line name. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
