package org.vbsanomaly.trainer.tf;

/**
 * Outputs of a VAE+NN model for N events, in the layout of the exported ONNX model.
 *
 * @param vae the VAE's outputs (mse, kld, latent mean, reconstruction)
 * @param score per event: the classifier output in (0, 1)
 */
public record ClassifierPass(ForwardPass vae, float[] score) {

  public int rows() {
    return score.length;
  }
}
