package org.vbsanomaly.trainer.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The VAE as a TensorFlow graph: scaled features in, per-event reconstruction error and KL
 * divergence out, on two paths that share every weight.
 *
 * <ul>
 *   <li>Training path: z = z_mean + exp(z_log_var / 2) * epsilon with epsilon fed from Java ({@link
 *       #noise()}), decoded to {@link #sampledReconstruction()}; {@link #sampledMse()} and {@link
 *       #kld()} per event, and {@link #loss()} = mean(mse) + beta * mean(kld) over the batch.
 *   <li>Scoring path: the decoder applied to z_mean, as in the exported model: {@link
 *       #reconstruction()} and {@link #mse()} per event.
 * </ul>
 *
 * <p>Per-event operands are exposed so that a classifier head fed by (mse, kld) can be added to the
 * same graph and trained jointly: it builds its own objective from {@link #sampledMse()} and {@link
 * #kld()} (or {@link #mse()}) and ignores {@link #loss()}.
 *
 * <p>Layer ordering and weight layout (kernel {@code [in][out]}) match {@link VaeParameters}.
 * Variables start from the values given at construction, so a seeded {@link VaeParameters#initial}
 * makes the whole graph reproducible. Not thread-safe: build it once, on one thread.
 */
public final class VaeGraph {
  private final Ops tf;
  private final VaeArchitecture architecture;
  private final Placeholder<TFloat32> features;
  private final Placeholder<TFloat32> noise;
  private final List<DenseVariables> encoderLayers = new ArrayList<>();
  private final DenseVariables zMeanLayer;
  private final DenseVariables zLogVarLayer;
  private final List<DenseVariables> decoderLayers = new ArrayList<>();
  private final Operand<TFloat32> zMean;
  private final Operand<TFloat32> zLogVar;
  private final Operand<TFloat32> sampledReconstruction;
  private final Operand<TFloat32> reconstruction;
  private final Operand<TFloat32> sampledMse;
  private final Operand<TFloat32> mse;
  private final Operand<TFloat32> kld;
  private final Operand<TFloat32> loss;

  /**
   * Builds the graph into {@code graph}.
   *
   * @param initial starting weights; must fit {@code architecture}
   * @param beta weight of the KL divergence in the loss, at least 0
   */
  public VaeGraph(Graph graph, VaeArchitecture architecture, VaeParameters initial, float beta) {
    if (!initial.fits(architecture)) {
      throw new IllegalArgumentException("initial weights do not fit " + architecture);
    }
    if (!(beta >= 0) || Float.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and at least 0, got " + beta);
    }
    this.tf = Ops.create(graph);
    this.architecture = architecture;
    this.features =
        tf.withName("features")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, architecture.inputDim())));
    this.noise =
        tf.withName("epsilon")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, architecture.latentDim())));

    Operand<TFloat32> h = features;
    for (int i = 0; i < initial.encoder().size(); i++) {
      DenseVariables layer = new DenseVariables(tf, "encoder_" + i, initial.encoder().get(i));
      encoderLayers.add(layer);
      h = leaky(layer.apply(tf, h));
    }
    zMeanLayer = new DenseVariables(tf, "z_mean", initial.zMean());
    zLogVarLayer = new DenseVariables(tf, "z_log_var", initial.zLogVar());
    zMean = tf.withName("z_mean_out").identity(zMeanLayer.apply(tf, h));
    zLogVar = tf.withName("z_log_var_out").identity(zLogVarLayer.apply(tf, h));
    for (int i = 0; i < initial.decoder().size(); i++) {
      decoderLayers.add(new DenseVariables(tf, "decoder_" + i, initial.decoder().get(i)));
    }

    Operand<TFloat32> sigma = tf.math.exp(tf.math.mul(tf.constant(0.5f), zLogVar));
    Operand<TFloat32> z = tf.math.add(zMean, tf.math.mul(sigma, noise));
    sampledReconstruction = tf.withName("sampled_reconstruction").identity(decode(z));
    reconstruction = tf.withName("reconstruction").identity(decode(zMean));
    sampledMse = tf.withName("sampled_mse").identity(meanSquaredError(sampledReconstruction));
    mse = tf.withName("mse").identity(meanSquaredError(reconstruction));
    kld = tf.withName("kld").identity(klDivergence());
    Operand<TInt32> batchAxis = tf.constant(new int[] {0});
    loss =
        tf.withName("loss")
            .math
            .add(
                tf.math.mean(sampledMse, batchAxis),
                tf.math.mul(tf.constant(beta), tf.math.mean(kld, batchAxis)));
  }

  private Operand<TFloat32> decode(Operand<TFloat32> z) {
    Operand<TFloat32> h = z;
    int last = decoderLayers.size() - 1;
    for (int i = 0; i < last; i++) {
      h = leaky(decoderLayers.get(i).apply(tf, h));
    }
    Operand<TFloat32> out = decoderLayers.get(last).apply(tf, h);
    return architecture.outputActivation() == OutputActivation.SIGMOID ? tf.math.sigmoid(out) : out;
  }

  private Operand<TFloat32> leaky(Operand<TFloat32> x) {
    return tf.nn.leakyRelu(x, LeakyRelu.alpha(architecture.leakyAlpha()));
  }

  /** Mean over features of the squared difference to the input: one value per event. */
  private Operand<TFloat32> meanSquaredError(Operand<TFloat32> reco) {
    return tf.math.mean(tf.math.square(tf.math.sub(reco, features)), tf.constant(new int[] {1}));
  }

  /** -1/2 sum over latent dimensions of (1 + log var - mean^2 - var): one value per event. */
  private Operand<TFloat32> klDivergence() {
    Operand<TFloat32> terms =
        tf.math.sub(
            tf.math.sub(tf.math.add(tf.constant(1f), zLogVar), tf.math.square(zMean)),
            tf.math.exp(zLogVar));
    return tf.math.mul(tf.constant(-0.5f), tf.sum(terms, tf.constant(new int[] {1})));
  }

  public Ops ops() {
    return tf;
  }

  public VaeArchitecture architecture() {
    return architecture;
  }

  /** Input: scaled features, float32 [N, inputDim]. */
  public Placeholder<TFloat32> features() {
    return features;
  }

  /** Input: standard-normal noise for the reparameterisation, float32 [N, latentDim]. */
  public Placeholder<TFloat32> noise() {
    return noise;
  }

  /** Latent mean, [N, latentDim]. */
  public Operand<TFloat32> zMean() {
    return zMean;
  }

  /** Latent log-variance, [N, latentDim]. */
  public Operand<TFloat32> zLogVar() {
    return zLogVar;
  }

  /** Decoder output for the sampled z, [N, inputDim] (training path, needs {@link #noise()}). */
  public Operand<TFloat32> sampledReconstruction() {
    return sampledReconstruction;
  }

  /** Decoder output for z_mean, [N, inputDim] (scoring path, as exported). */
  public Operand<TFloat32> reconstruction() {
    return reconstruction;
  }

  /** Per-event reconstruction error of the training path, [N]. */
  public Operand<TFloat32> sampledMse() {
    return sampledMse;
  }

  /** Per-event reconstruction error of the scoring path, [N]. */
  public Operand<TFloat32> mse() {
    return mse;
  }

  /** Per-event KL divergence of the latent posterior from the unit normal, [N]. */
  public Operand<TFloat32> kld() {
    return kld;
  }

  /** Scalar training objective: mean(sampled mse) + beta * mean(kld) over the batch. */
  public Operand<TFloat32> loss() {
    return loss;
  }

  /** Every trainable variable: kernel then bias of each layer, in layer order. */
  List<Variable<TFloat32>> variables() {
    List<Variable<TFloat32>> all = new ArrayList<>();
    for (DenseVariables layer : layers()) {
      all.add(layer.kernel);
      all.add(layer.bias);
    }
    return all;
  }

  /** Every layer's variables in {@link VaeParameters#layers()} order. */
  List<DenseVariables> layers() {
    List<DenseVariables> all = new ArrayList<>(encoderLayers);
    all.add(zMeanLayer);
    all.add(zLogVarLayer);
    all.addAll(decoderLayers);
    return all;
  }

  /** The variables and the assign operations of one dense layer. */
  static final class DenseVariables {
    final Variable<TFloat32> kernel;
    final Variable<TFloat32> bias;
    final Placeholder<TFloat32> kernelValue;
    final Placeholder<TFloat32> biasValue;
    final Op assignKernel;
    final Op assignBias;
    final int inputs;
    final int outputs;

    DenseVariables(Ops tf, String name, DenseParameters initial) {
      // Flat names: the optimiser derives its slot names from these and rejects a '/'.
      inputs = initial.inputs();
      outputs = initial.outputs();
      kernel = tf.withName(name + "_kernel").variable(tf.constant(initial.kernel()));
      bias = tf.withName(name + "_bias").variable(tf.constant(initial.bias()));
      kernelValue =
          tf.withName(name + "_kernel_value")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputs, outputs)));
      biasValue =
          tf.withName(name + "_bias_value")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(outputs)));
      assignKernel = tf.withName(name + "_assign_kernel").assign(kernel, kernelValue);
      assignBias = tf.withName(name + "_assign_bias").assign(bias, biasValue);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
      return tf.math.add(tf.linalg.matMul(x, kernel), bias);
    }
  }
}
