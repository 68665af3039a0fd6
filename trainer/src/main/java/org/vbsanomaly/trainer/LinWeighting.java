package org.vbsanomaly.trainer;

import java.util.Locale;

/**
 * How the events of the interference (LIN) sample enter the EFT class of the VAE+NN classifier.
 *
 * <p>The EFT class is one operator at c = 1: its LIN and QUAD events together. QUAD weights are
 * positive; about 43% of the LIN events of an interference sample carry negative weights, and a
 * binary cross-entropy with negative per-event weights is not a proper loss: it is not bounded
 * below (an event of negative weight lowers the loss without limit as its score goes to 0), so a
 * flexible classifier can chase individual negative-weight events instead of learning where the EFT
 * contribution lies.
 */
public enum LinWeighting {
  /**
   * The default: LIN events with the magnitude of their weights, QUAD events as they are. The class
   * then describes where the operator changes the SM prediction in either direction, |LIN| + QUAD
   * at c = 1, with a proper loss. The sign is not lost for the physics: the sensitivity study
   * weights LIN with its signed weights.
   */
  ABSOLUTE,
  /**
   * LIN events with their signed weights: the class is the physical EFT contribution LIN + QUAD at
   * c = 1, at the price of an objective that is unbounded below (see above). For studies.
   */
  SIGNED,
  /** LIN events left out of the training: the class is QUAD alone. For studies. */
  NONE;

  /** Parses a command-line value: {@code abs}, {@code signed} or {@code none} (any case). */
  public static LinWeighting parse(String text) {
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "abs":
      case "absolute":
        return ABSOLUTE;
      case "signed":
        return SIGNED;
      case "none":
        return NONE;
      default:
        throw new IllegalArgumentException(
            "unknown LIN weighting '" + text + "'; expected one of: abs, signed, none");
    }
  }

  /** The command-line name. */
  public String optionValue() {
    return this == ABSOLUTE ? "abs" : name().toLowerCase(Locale.ROOT);
  }

  /** The weight a LIN event of weight {@code w} (pb) trains with. */
  public double trainingWeight(double w) {
    switch (this) {
      case ABSOLUTE:
        return Math.abs(w);
      case SIGNED:
        return w;
      default:
        return 0;
    }
  }
}
