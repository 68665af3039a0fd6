package org.vbsanomaly.trainer.tf;

import java.util.Locale;
import org.vbsanomaly.inference.model.Activation;

/**
 * Shape of the VAE+NN classifier head: the standardised (mse, kld) of an event in, one hidden dense
 * layer, one sigmoid unit out.
 *
 * @param hiddenWidth units of the hidden layer, in [1, 4096]
 * @param hiddenActivation {@link Activation#RELU} or {@link Activation#LEAKY_RELU}
 * @param leakyAlpha slope of LeakyReLU for negative inputs, in [0, 1); ignored for ReLU
 */
public record ClassifierArchitecture(
    int hiddenWidth, Activation hiddenActivation, float leakyAlpha) {

  /** Inputs of the head: the event's mse and kld. */
  public static final int INPUTS = 2;

  public ClassifierArchitecture {
    if (hiddenWidth < 1 || hiddenWidth > 4096) {
      throw new IllegalArgumentException(
          "classifier hidden width must be in [1, 4096], got " + hiddenWidth);
    }
    if (hiddenActivation != Activation.RELU && hiddenActivation != Activation.LEAKY_RELU) {
      throw new IllegalArgumentException(
          "classifier hidden activation must be RELU or LEAKY_RELU, got " + hiddenActivation);
    }
    if (!(leakyAlpha >= 0 && leakyAlpha < 1)) {
      throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), got " + leakyAlpha);
    }
  }

  /**
   * Parses a command-line activation name: {@code relu} or {@code leaky-relu} (any case, {@code _}
   * for {@code -} accepted).
   */
  public static Activation parseActivation(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    switch (t) {
      case "relu":
        return Activation.RELU;
      case "leaky-relu":
      case "leakyrelu":
        return Activation.LEAKY_RELU;
      default:
        throw new IllegalArgumentException(
            "unknown classifier activation '" + text + "'; expected one of: relu, leaky-relu");
    }
  }

  /** The command-line name of an activation accepted here: {@code relu} or {@code leaky-relu}. */
  public static String activationName(Activation a) {
    return a == Activation.LEAKY_RELU ? "leaky-relu" : a.name().toLowerCase(Locale.ROOT);
  }

  /** Number of trainable parameters. */
  public int parameterCount() {
    return INPUTS * hiddenWidth + hiddenWidth + hiddenWidth + 1;
  }
}
