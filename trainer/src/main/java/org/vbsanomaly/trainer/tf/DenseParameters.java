package org.vbsanomaly.trainer.tf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The weights of one dense layer as plain Java arrays: {@code y = x . kernel + bias}.
 *
 * <p>Holds its arrays without copying; {@link #copy()} gives an independent copy. Equality compares
 * the values bit for bit, which is what the reproducibility checks need.
 *
 * @param kernel weights indexed {@code [input][output]}
 * @param bias one value per output
 */
public record DenseParameters(float[][] kernel, float[] bias) {

  public DenseParameters {
    if (kernel.length == 0 || kernel[0].length != bias.length) {
      throw new IllegalArgumentException(
          "kernel ["
              + kernel.length
              + "]["
              + (kernel.length == 0 ? 0 : kernel[0].length)
              + "] does not match bias of length "
              + bias.length);
    }
    for (float[] row : kernel) {
      if (row.length != bias.length) {
        throw new IllegalArgumentException("ragged kernel: rows of different lengths");
      }
    }
  }

  /**
   * Glorot (Xavier) uniform initialisation, the usual default of dense layers: kernel entries
   * uniform in [-l, l] with l = sqrt(6 / (in + out)), biases zero.
   */
  public static DenseParameters glorotUniform(int in, int out, SplittableRandom random) {
    double limit = Math.sqrt(6.0 / (in + out));
    float[][] kernel = new float[in][out];
    for (float[] row : kernel) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) ((2 * random.nextDouble() - 1) * limit);
      }
    }
    return new DenseParameters(kernel, new float[out]);
  }

  public int inputs() {
    return kernel.length;
  }

  public int outputs() {
    return bias.length;
  }

  /** A deep copy. */
  public DenseParameters copy() {
    float[][] k = new float[kernel.length][];
    for (int i = 0; i < k.length; i++) {
      k[i] = kernel[i].clone();
    }
    return new DenseParameters(k, bias.clone());
  }

  /** Kernel flattened row-major ({@code [input][output]}), the layout TensorFlow uses. */
  float[] flatKernel() {
    float[] flat = new float[inputs() * outputs()];
    for (int i = 0; i < kernel.length; i++) {
      System.arraycopy(kernel[i], 0, flat, i * outputs(), outputs());
    }
    return flat;
  }

  static DenseParameters fromFlat(float[] flatKernel, float[] bias) {
    int out = bias.length;
    float[][] kernel = new float[flatKernel.length / out][out];
    for (int i = 0; i < kernel.length; i++) {
      System.arraycopy(flatKernel, i * out, kernel[i], 0, out);
    }
    return new DenseParameters(kernel, bias);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseParameters d
        && Arrays.deepEquals(kernel, d.kernel)
        && Arrays.equals(bias, d.bias);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(kernel) + Arrays.hashCode(bias);
  }

  @Override
  public String toString() {
    return "DenseParameters[" + inputs() + " -> " + outputs() + "]";
  }
}
