package org.vbsanomaly.trainer.tf;

import static org.vbsanomaly.trainer.tf.Tensors.copy;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

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

  /**
   * Adds to {@code runner} the feed of scaled features {@code x} and the fetches of the scoring
   * path, in the order {@link #copyChunk} reads them: mse, kld, z_mean, reconstruction.
   */
  static Session.Runner scoring(Session.Runner runner, VaeGraph vae, TFloat32 x) {
    return runner
        .feed(vae.features(), x)
        .fetch(vae.mse())
        .fetch(vae.kld())
        .fetch(vae.zMean())
        .fetch(vae.reconstruction());
  }

  /**
   * Copies the first four results of a run set up by {@link #scoring} into the rows from {@code
   * start} on; further results are left to the caller.
   */
  void copyChunk(Result r, int start) {
    int rows = rows();
    copy((TFloat32) r.get(0), mse, start);
    copy((TFloat32) r.get(1), kld, start);
    copy((TFloat32) r.get(2), latentMean, start * (latentMean.length / rows));
    copy((TFloat32) r.get(3), reconstruction, start * (reconstruction.length / rows));
  }
}
