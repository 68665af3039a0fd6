package org.vbsanomaly.trainer.tf;

import java.util.SplittableRandom;

/**
 * The weights of the VAE+NN classifier head as plain Java arrays: the input standardisation, the
 * hidden layer ({@code 2 -> width}) and the output unit ({@code width -> 1}, sigmoid applied
 * after).
 *
 * @param standardisation the fixed map from (mse, kld) to the layer's input
 * @param hidden hidden layer, kernel {@code [2][width]}
 * @param output output layer, kernel {@code [width][1]}
 */
public record ClassifierParameters(
    Standardisation standardisation, DenseParameters hidden, DenseParameters output) {

  public ClassifierParameters {
    if (hidden.inputs() != ClassifierArchitecture.INPUTS) {
      throw new IllegalArgumentException(
          "classifier hidden layer has " + hidden.inputs() + " inputs, expected 2 (mse, kld)");
    }
    if (output.inputs() != hidden.outputs() || output.outputs() != 1) {
      throw new IllegalArgumentException(
          "classifier output layer is "
              + output
              + ", expected "
              + hidden.outputs()
              + " inputs and 1 output");
    }
  }

  /** Glorot-uniform kernels and zero biases drawn from {@code random}, hidden layer first. */
  public static ClassifierParameters initial(
      ClassifierArchitecture architecture,
      Standardisation standardisation,
      SplittableRandom random) {
    int width = architecture.hiddenWidth();
    DenseParameters hidden =
        DenseParameters.glorotUniform(ClassifierArchitecture.INPUTS, width, random);
    DenseParameters output = DenseParameters.glorotUniform(width, 1, random);
    return new ClassifierParameters(standardisation, hidden, output);
  }

  /** True when the hidden width is that of {@code architecture}. */
  public boolean fits(ClassifierArchitecture architecture) {
    return hidden.outputs() == architecture.hiddenWidth();
  }

  /** A deep copy. */
  public ClassifierParameters copy() {
    return new ClassifierParameters(standardisation, hidden.copy(), output.copy());
  }
}
