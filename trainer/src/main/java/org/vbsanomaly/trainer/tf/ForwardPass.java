package org.vbsanomaly.trainer.tf;

/**
 * Outputs of the VAE's scoring path for N events, in the layout of the exported ONNX model.
 *
 * @param mse per event: mean over features of the squared reconstruction error (scaled space)
 * @param kld per event: KL divergence of the latent posterior from the unit normal
 * @param latentMean row-major [N][latentDim]
 * @param reconstruction row-major [N][inputDim], scaled space
 */
public record ForwardPass(float[] mse, float[] kld, float[] latentMean, float[] reconstruction) {

  ForwardPass(int rows, int inputDim, int latentDim) {
    this(new float[rows], new float[rows], new float[rows * latentDim], new float[rows * inputDim]);
  }

  public int rows() {
    return mse.length;
  }
}
