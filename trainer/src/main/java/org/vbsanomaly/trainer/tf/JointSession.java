package org.vbsanomaly.trainer.tf;

import static org.vbsanomaly.trainer.tf.Tensors.copy;
import static org.vbsanomaly.trainer.tf.Tensors.matrix;
import static org.vbsanomaly.trainer.tf.Tensors.vector;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A VAE with the VAE+NN classifier head, the Adam step on the joint objective, and the TensorFlow
 * session that runs them, in graph mode on the CPU.
 *
 * <p>With {@code trainVae} the step updates every weight (joint training: the cross-entropy's
 * gradients reach the encoder and the decoder); without it only the classifier's weights move and
 * the VAE stays exactly as given (frozen). Determinism as for {@link VaeSession}: one intra-op and
 * one inter-op thread, weights and noise from Java, updates ordered by {@link AdamStep}.
 *
 * <p>Owns native memory: {@link #close()} releases the session and the graph. Not thread-safe.
 */
public final class JointSession implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final VaeGraph vae;
  private final ClassifierGraph head;
  private final Op trainStep;
  private final Standardisation standardisation;

  /**
   * @param beta weight of the KL divergence in the VAE term
   * @param bceWeight weight lambda of the cross-entropy against the VAE term
   * @param learningRate Adam step size, in (0, 1)
   * @param trainVae update the VAE's weights too (joint), or only the classifier's (frozen VAE)
   */
  public JointSession(
      VaeArchitecture vaeArchitecture,
      VaeParameters vaeStart,
      ClassifierArchitecture classifierArchitecture,
      ClassifierParameters classifierStart,
      float beta,
      float bceWeight,
      float learningRate,
      boolean trainVae) {
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("learning rate must be in (0, 1), got " + learningRate);
    }
    Graph g = new Graph();
    try {
      this.vae = new VaeGraph(g, vaeArchitecture, vaeStart, beta);
      this.head =
          new ClassifierGraph(vae, classifierArchitecture, classifierStart, beta, bceWeight);
      List<Variable<TFloat32>> trained = new ArrayList<>();
      if (trainVae) {
        trained.addAll(vae.variables());
      }
      trained.addAll(head.variables());
      this.trainStep = AdamStep.build(g, vae.ops(), head.loss(), trained, learningRate);
      this.session =
          new Session(
              g,
              ConfigProto.newBuilder()
                  .setIntraOpParallelismThreads(1)
                  .setInterOpParallelismThreads(1)
                  .build());
      this.session.initialize();
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    this.graph = g;
    this.standardisation = classifierStart.standardisation();
  }

  public VaeGraph vaeGraph() {
    return vae;
  }

  public ClassifierGraph classifierGraph() {
    return head;
  }

  /**
   * One Adam step on a mini-batch of SM and EFT rows.
   *
   * @param features scaled features, row-major, {@code rows * inputDim} values
   * @param noise standard-normal draws, row-major, {@code rows * latentDim} values
   * @param labels 0 (SM) or 1 (EFT) per row
   * @param vaeWeights weight of each row in the VAE term
   * @param bceWeights weight of each row in the cross-entropy
   * @return the objective and its two terms before the step: {loss, VAE term, cross-entropy}
   */
  public float[] train(
      float[] features,
      float[] noise,
      float[] labels,
      float[] vaeWeights,
      float[] bceWeights,
      int rows) {
    int d = vae.architecture().inputDim();
    int l = vae.architecture().latentDim();
    try (TFloat32 x = matrix(features, rows, d);
        TFloat32 eps = matrix(noise, rows, l);
        TFloat32 y = vector(labels, 0, rows);
        TFloat32 wv = vector(vaeWeights, 0, rows);
        TFloat32 wc = vector(bceWeights, 0, rows);
        Result r =
            session
                .runner()
                .feed(vae.features(), x)
                .feed(vae.noise(), eps)
                .feed(head.labels(), y)
                .feed(head.vaeWeights(), wv)
                .feed(head.bceWeights(), wc)
                .addTarget(trainStep)
                .fetch(head.loss())
                .fetch(head.vaeTerm())
                .fetch(head.bceTerm())
                .run()) {
      return new float[] {
        ((TFloat32) r.get(0)).getFloat(),
        ((TFloat32) r.get(1)).getFloat(),
        ((TFloat32) r.get(2)).getFloat()
      };
    }
  }

  /**
   * Per-event terms of the objective without a step, for a validation loss: the sampled-path mse
   * and the kld for the given noise, the cross-entropy against the given labels, and the score.
   * Each output receives {@code rows} values.
   */
  public void objectiveTerms(
      float[] features,
      float[] noise,
      float[] labels,
      int rows,
      float[] sampledMse,
      float[] kld,
      float[] bce,
      float[] score) {
    int d = vae.architecture().inputDim();
    int l = vae.architecture().latentDim();
    for (int start = 0; start < rows; start += VaeSession.EVALUATION_CHUNK) {
      int n = Math.min(VaeSession.EVALUATION_CHUNK, rows - start);
      try (TFloat32 x = matrix(features, start * d, n, d);
          TFloat32 eps = matrix(noise, start * l, n, l);
          TFloat32 y = vector(labels, start, n);
          Result r =
              session
                  .runner()
                  .feed(vae.features(), x)
                  .feed(vae.noise(), eps)
                  .feed(head.labels(), y)
                  .fetch(vae.sampledMse())
                  .fetch(vae.kld())
                  .fetch(head.bce())
                  .fetch(head.score())
                  .run()) {
        copy((TFloat32) r.get(0), sampledMse, start);
        copy((TFloat32) r.get(1), kld, start);
        copy((TFloat32) r.get(2), bce, start);
        copy((TFloat32) r.get(3), score, start);
      }
    }
  }

  /**
   * The scoring path for many events: the VAE's outputs (decoder on z_mean) and the classifier
   * score, exactly what the exported model computes from the same scaled features.
   */
  public ClassifierPass forward(float[] features, int rows) {
    int d = vae.architecture().inputDim();
    int l = vae.architecture().latentDim();
    ForwardPass out = new ForwardPass(rows, d, l);
    float[] score = new float[rows];
    for (int start = 0; start < rows; start += VaeSession.EVALUATION_CHUNK) {
      int n = Math.min(VaeSession.EVALUATION_CHUNK, rows - start);
      try (TFloat32 x = matrix(features, start * d, n, d);
          Result r = ForwardPass.scoring(session.runner(), vae, x).fetch(head.score()).run()) {
        out.copyChunk(r, start);
        copy((TFloat32) r.get(4), score, start);
      }
    }
    return new ClassifierPass(out, score);
  }

  /** Copies the VAE's weights out of the session. */
  public VaeParameters readVae() {
    return VaeParameters.ofLayers(
        Tensors.read(session, vae.layers()), vae.architecture().hiddenSizes().size());
  }

  /** Copies the classifier's weights out of the session, with its fixed standardisation. */
  public ClassifierParameters readClassifier() {
    List<DenseParameters> values = Tensors.read(session, head.layers());
    return new ClassifierParameters(standardisation, values.get(0), values.get(1));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
