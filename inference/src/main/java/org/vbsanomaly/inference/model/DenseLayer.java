package org.vbsanomaly.inference.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One fully connected layer: {@code y_j = act(sum_i x_i * kernel[i][j] + bias[j])}.
 *
 * <p>Plain data with value semantics: the arrays are copied on construction and on every access, so
 * a layer cannot be changed once built; {@code equals} compares contents. The kernel is laid out
 * {@code [inputs][outputs]}, the layout TensorFlow and Keras use for dense kernels and ONNX {@code
 * Gemm} expects for its second operand.
 *
 * @param kernel weights, {@code [inputs][outputs]}, rectangular, finite
 * @param bias one finite value per output
 * @param activation activation after the affine map
 * @param alpha LeakyReLU slope for negative inputs (finite); stored for every activation, used only
 *     by {@link Activation#LEAKY_RELU}
 */
public record DenseLayer(float[][] kernel, float[] bias, Activation activation, float alpha) {

  /** Validates and copies the arrays. */
  public DenseLayer {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(activation, "activation");
    if (kernel.length == 0 || kernel[0] == null || kernel[0].length == 0) {
      throw new IllegalArgumentException(
          "dense kernel must be at least 1x1, got no rows or columns");
    }
    int outputs = kernel[0].length;
    kernel = copyRectangular(kernel, outputs);
    if (bias.length != outputs) {
      throw new IllegalArgumentException(
          "dense bias has " + bias.length + " values, expected " + outputs + " (kernel columns)");
    }
    bias = bias.clone();
    requireFinite(bias, "bias", -1);
    if (!Float.isFinite(alpha)) {
      throw new IllegalArgumentException("LeakyReLU alpha must be finite, got " + alpha);
    }
  }

  /**
   * A layer with the given activation and no LeakyReLU slope.
   *
   * @throws IllegalArgumentException if {@code activation} is {@link Activation#LEAKY_RELU}, which
   *     needs a slope: use the canonical constructor
   */
  public static DenseLayer of(float[][] kernel, float[] bias, Activation activation) {
    if (activation == Activation.LEAKY_RELU) {
      throw new IllegalArgumentException(
          "LEAKY_RELU needs its alpha: use the canonical constructor");
    }
    return new DenseLayer(kernel, bias, activation, 0f);
  }

  /** Number of inputs (kernel rows). */
  public int inputs() {
    return kernel.length;
  }

  /** Number of outputs (kernel columns). */
  public int outputs() {
    return bias.length;
  }

  /** A deep copy of the kernel, {@code [inputs][outputs]}. */
  @Override
  public float[][] kernel() {
    float[][] copy = new float[kernel.length][];
    for (int i = 0; i < kernel.length; i++) {
      copy[i] = kernel[i].clone();
    }
    return copy;
  }

  /** A copy of the bias. */
  @Override
  public float[] bias() {
    return bias.clone();
  }

  /** Kernel element {@code [input][output]}, without copying. */
  public float weight(int input, int output) {
    return kernel[input][output];
  }

  /** Bias element, without copying. */
  public float bias(int output) {
    return bias[output];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseLayer other
        && activation == other.activation
        && Float.compare(alpha, other.alpha) == 0
        && Arrays.deepEquals(kernel, other.kernel)
        && Arrays.equals(bias, other.bias);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.deepHashCode(kernel), Arrays.hashCode(bias), activation, alpha);
  }

  @Override
  public String toString() {
    return "DenseLayer["
        + inputs()
        + "->"
        + outputs()
        + ", "
        + activation
        + (activation == Activation.LEAKY_RELU ? "(alpha=" + alpha + ")" : "")
        + "]";
  }

  private static float[][] copyRectangular(float[][] kernel, int outputs) {
    float[][] copy = new float[kernel.length][];
    for (int i = 0; i < kernel.length; i++) {
      if (kernel[i] == null || kernel[i].length != outputs) {
        throw new IllegalArgumentException(
            "dense kernel is not rectangular: row "
                + i
                + " has "
                + (kernel[i] == null ? "no" : kernel[i].length)
                + " columns, row 0 has "
                + outputs);
      }
      copy[i] = kernel[i].clone();
      requireFinite(copy[i], "kernel", i);
    }
    return copy;
  }

  private static void requireFinite(float[] values, String what, int row) {
    for (int j = 0; j < values.length; j++) {
      if (!Float.isFinite(values[j])) {
        String where = row < 0 ? "[" + j + "]" : "[" + row + "][" + j + "]";
        throw new IllegalArgumentException(
            "dense " + what + where + " is " + values[j] + ", expected a finite value");
      }
    }
  }
}
