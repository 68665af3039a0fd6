package org.vbsanomaly.trainer.tf;

import java.util.List;

/**
 * Shape of the variational autoencoder: input width, encoder hidden widths (the decoder mirrors
 * them), latent size, LeakyReLU slope and the output activation.
 *
 * @param inputDim number of input features (14 for the SSWW observables)
 * @param hiddenSizes widths of the encoder's hidden layers, first to last; the decoder uses them in
 *     reverse order
 * @param latentDim size of the latent space (of z_mean and z_log_var)
 * @param leakyAlpha slope of LeakyReLU for negative inputs, in [0, 1)
 * @param outputActivation activation of the decoder's output layer
 */
public record VaeArchitecture(
    int inputDim,
    List<Integer> hiddenSizes,
    int latentDim,
    float leakyAlpha,
    OutputActivation outputActivation) {

  public VaeArchitecture {
    hiddenSizes = List.copyOf(hiddenSizes);
    if (inputDim < 1) {
      throw new IllegalArgumentException("input dimension must be at least 1, got " + inputDim);
    }
    if (hiddenSizes.isEmpty()) {
      throw new IllegalArgumentException("at least one hidden layer is needed");
    }
    for (int width : hiddenSizes) {
      if (width < 1 || width > 4096) {
        throw new IllegalArgumentException(
            "hidden layer width must be in [1, 4096], got " + width + " in " + hiddenSizes);
      }
    }
    if (latentDim < 1 || latentDim > 256) {
      throw new IllegalArgumentException("latent size must be in [1, 256], got " + latentDim);
    }
    if (!(leakyAlpha >= 0 && leakyAlpha < 1)) {
      throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), got " + leakyAlpha);
    }
  }

  /** Widths of the decoder's hidden layers: the encoder's in reverse order. */
  public List<Integer> decoderHiddenSizes() {
    Integer[] reversed = new Integer[hiddenSizes.size()];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = hiddenSizes.get(hiddenSizes.size() - 1 - i);
    }
    return List.of(reversed);
  }

  /** Number of trainable parameters (kernels and biases). */
  public long parameterCount() {
    long count = 0;
    int in = inputDim;
    for (int width : hiddenSizes) {
      count += (long) in * width + width;
      in = width;
    }
    count += 2L * ((long) in * latentDim + latentDim);
    in = latentDim;
    for (int width : decoderHiddenSizes()) {
      count += (long) in * width + width;
      in = width;
    }
    return count + (long) in * inputDim + inputDim;
  }
}
