package org.vbsanomaly.inference.model;

import java.util.Objects;

/**
 * The VAE+NN classifier head: a small network on the per-event reconstruction error and KL
 * divergence.
 *
 * <p>It computes {@code score = sigmoid(W2 . act(W1 . u + b1) + b2)} with the standardised input
 * {@code u = ((mse - mseMean) / mseSd, (kld - kldMean) / kldSd)}; {@code W1, b1, act} form {@link
 * #hidden()} (2 inputs) and {@code W2, b2} form {@link #output()} (one sigmoid unit). The
 * standardisation constants are those fitted with the classifier on its training events.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClassifierWeights {

  private final float mseMean;
  private final float mseSd;
  private final float kldMean;
  private final float kldSd;
  private final DenseLayer hidden;
  private final DenseLayer output;

  /**
   * @param mseMean mean of the per-event mse used for standardisation
   * @param mseSd standard deviation of the per-event mse, positive
   * @param kldMean mean of the per-event kld
   * @param kldSd standard deviation of the per-event kld, positive
   * @param hidden hidden layer with 2 inputs (standardised mse, kld)
   * @param output output layer with 1 output and {@link Activation#SIGMOID}
   * @throws IllegalArgumentException naming the value or layer that does not fit
   */
  public ClassifierWeights(
      float mseMean,
      float mseSd,
      float kldMean,
      float kldSd,
      DenseLayer hidden,
      DenseLayer output) {
    this.mseMean = requireFinite("mseMean", mseMean);
    this.mseSd = requirePositive("mseSd", mseSd);
    this.kldMean = requireFinite("kldMean", kldMean);
    this.kldSd = requirePositive("kldSd", kldSd);
    this.hidden = Objects.requireNonNull(hidden, "hidden");
    this.output = Objects.requireNonNull(output, "output");
    validateLayers();
  }

  public float mseMean() {
    return mseMean;
  }

  public float mseSd() {
    return mseSd;
  }

  public float kldMean() {
    return kldMean;
  }

  public float kldSd() {
    return kldSd;
  }

  /** Hidden layer, 2 inputs. */
  public DenseLayer hidden() {
    return hidden;
  }

  /** Output layer, one sigmoid unit. */
  public DenseLayer output() {
    return output;
  }

  @Override
  public String toString() {
    return "ClassifierWeights[mse "
        + mseMean
        + " +- "
        + mseSd
        + ", kld "
        + kldMean
        + " +- "
        + kldSd
        + ", hidden="
        + hidden
        + ", output="
        + output
        + "]";
  }

  private void validateLayers() {
    if (hidden.inputs() != 2) {
      throw new IllegalArgumentException(
          "classifier hidden layer has " + hidden.inputs() + " inputs, expected 2 (mse, kld)");
    }
    if (output.inputs() != hidden.outputs()) {
      throw new IllegalArgumentException(
          "classifier output layer has "
              + output.inputs()
              + " inputs, expected "
              + hidden.outputs()
              + " (hidden width)");
    }
    if (output.outputs() != 1 || output.activation() != Activation.SIGMOID) {
      throw new IllegalArgumentException(
          "classifier output layer is "
              + output
              + ", expected a single SIGMOID unit (the score is a probability)");
    }
  }

  private static float requireFinite(String name, float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(name + " is " + value + ", expected a finite value");
    }
    return value;
  }

  private static float requirePositive(String name, float value) {
    if (!(value > 0f) || !Float.isFinite(value)) {
      throw new IllegalArgumentException(name + " is " + value + ", expected a positive value");
    }
    return value;
  }
}
