package org.vbsanomaly.trainer.tf;

import static org.vbsanomaly.trainer.tf.Tensors.copy;
import static org.vbsanomaly.trainer.tf.Tensors.matrix;
import static org.vbsanomaly.trainer.tf.Tensors.mean;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A VAE graph, its Adam optimiser and a TensorFlow session to run them, in graph mode on the CPU.
 *
 * <p>Determinism: the session runs with one intra-op and one inter-op thread, the weights start
 * from values given in Java, the noise is fed from Java, and {@link AdamStep} orders the updates
 * after every gradient; so the same inputs in the same order give bit-identical weights on the same
 * machine.
 *
 * <p>Owns native memory: {@link #close()} releases the session and the graph. Not thread-safe.
 */
public final class VaeSession implements AutoCloseable {
  /** Rows per session call when evaluating many events, to bound native memory. */
  static final int EVALUATION_CHUNK = 16_384;

  private final Graph graph;
  private final Session session;
  private final VaeGraph vae;
  private final Op trainStep;

  /**
   * @param learningRate Adam step size, in (0, 1)
   * @param beta weight of the KL divergence in the loss
   */
  public VaeSession(
      VaeArchitecture architecture, VaeParameters initial, float beta, float learningRate) {
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("learning rate must be in (0, 1), got " + learningRate);
    }
    Graph g = new Graph();
    try {
      this.vae = new VaeGraph(g, architecture, initial, beta);
      this.trainStep = AdamStep.build(g, vae.ops(), vae.loss(), vae.variables(), learningRate);
      this.session = new Session(g, singleThreaded());
      this.session.initialize();
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    this.graph = g;
  }

  private static ConfigProto singleThreaded() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(1)
        .build();
  }

  public VaeGraph graph() {
    return vae;
  }

  /**
   * One Adam step on a mini-batch.
   *
   * @param features scaled features, row-major, at least {@code rows * inputDim} values
   * @param noise standard-normal draws, row-major, at least {@code rows * latentDim} values
   * @return the batch means before the step: {loss, sampled mse, kld}
   */
  public float[] train(float[] features, float[] noise, int rows) {
    try (TFloat32 x = matrix(features, rows, vae.architecture().inputDim());
        TFloat32 eps = matrix(noise, rows, vae.architecture().latentDim());
        Result r =
            session
                .runner()
                .feed(vae.features(), x)
                .feed(vae.noise(), eps)
                .addTarget(trainStep)
                .fetch(vae.loss())
                .fetch(vae.sampledMse())
                .fetch(vae.kld())
                .run()) {
      return new float[] {
        ((TFloat32) r.get(0)).getFloat(), mean((TFloat32) r.get(1)), mean((TFloat32) r.get(2))
      };
    }
  }

  /**
   * Per-event values of the training objective's terms, without a step: the sampled-path mse and
   * the kld, for the given noise. Used for the validation loss with a fixed noise draw.
   *
   * @param sampledMse receives {@code rows} values
   * @param kld receives {@code rows} values
   */
  public void objectiveTerms(
      float[] features, float[] noise, int rows, float[] sampledMse, float[] kld) {
    int d = vae.architecture().inputDim();
    int l = vae.architecture().latentDim();
    for (int start = 0; start < rows; start += EVALUATION_CHUNK) {
      int n = Math.min(EVALUATION_CHUNK, rows - start);
      try (TFloat32 x = matrix(features, start * d, n, d);
          TFloat32 eps = matrix(noise, start * l, n, l);
          Result r =
              session
                  .runner()
                  .feed(vae.features(), x)
                  .feed(vae.noise(), eps)
                  .fetch(vae.sampledMse())
                  .fetch(vae.kld())
                  .run()) {
        copy((TFloat32) r.get(0), sampledMse, start);
        copy((TFloat32) r.get(1), kld, start);
      }
    }
  }

  /**
   * The scoring path (decoder on z_mean) for many events, exactly what the exported model computes
   * from the same scaled features.
   */
  public ForwardPass forward(float[] features, int rows) {
    int d = vae.architecture().inputDim();
    int l = vae.architecture().latentDim();
    ForwardPass out = new ForwardPass(rows, d, l);
    for (int start = 0; start < rows; start += EVALUATION_CHUNK) {
      int n = Math.min(EVALUATION_CHUNK, rows - start);
      try (TFloat32 x = matrix(features, start * d, n, d);
          Result r = ForwardPass.scoring(session.runner(), vae, x).run()) {
        out.copyChunk(r, start);
      }
    }
    return out;
  }

  /** Copies every weight out of the session into Java arrays. */
  public VaeParameters readParameters() {
    return VaeParameters.ofLayers(
        Tensors.read(session, vae.layers()), vae.architecture().hiddenSizes().size());
  }

  /** Overwrites every weight in the session (the optimiser's moments are left as they are). */
  public void writeParameters(VaeParameters parameters) {
    if (!parameters.fits(vae.architecture())) {
      throw new IllegalArgumentException("weights do not fit " + vae.architecture());
    }
    Tensors.write(session, vae.layers(), parameters.layers());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
