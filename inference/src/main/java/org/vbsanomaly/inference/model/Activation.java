package org.vbsanomaly.inference.model;

/**
 * Activation applied after a dense layer's affine map.
 *
 * <p>The ONNX writer maps each constant to one operator ({@code LeakyRelu}, {@code Relu}, {@code
 * Sigmoid}, or none for {@link #LINEAR}); {@link JavaForwardPass} evaluates the same function with
 * {@link #apply(float, float)}.
 */
public enum Activation {
  /** Identity: the layer is purely affine. */
  LINEAR,
  /** {@code x} for {@code x >= 0}, {@code alpha * x} otherwise; alpha comes from the layer. */
  LEAKY_RELU,
  /** {@code max(x, 0)}. */
  RELU,
  /** Logistic function {@code 1 / (1 + exp(-x))}. */
  SIGMOID;

  /**
   * Evaluates the activation at one point.
   *
   * @param x the pre-activation value
   * @param alpha the LeakyReLU slope for negative inputs; ignored by the other activations
   * @return the activated value
   */
  public float apply(float x, float alpha) {
    switch (this) {
      case LEAKY_RELU:
        return x >= 0f ? x : alpha * x;
      case RELU:
        return x > 0f ? x : 0f;
      case SIGMOID:
        return (float) (1.0 / (1.0 + Math.exp(-x)));
      default:
        return x;
    }
  }
}
