package org.vbsanomaly.trainer.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.vbsanomaly.inference.model.Activation;

/**
 * The VAE+NN classifier head added to a {@link VaeGraph}, and the joint objective.
 *
 * <p>Per event: {@code u = ((mse - m_mse) / s_mse, (kld - m_kld) / s_kld)} from the VAE's scoring
 * path (decoder on z_mean, exactly what the exported model computes), {@code logit = W2 . act(W1 .
 * u + b1) + b2}, {@link #score()} = sigmoid(logit), and the binary cross-entropy against the fed
 * {@link #labels()}, evaluated from the logit so that it stays finite when the sigmoid saturates:
 * {@code max(l, 0) - l y + log(1 + exp(-|l|))}.
 *
 * <p>Objective, with per-event weights fed from Java: {@link #loss()} = {@code sum(vaeWeight *
 * (sampled mse + beta kld)) + lambda * sum(bceWeight * bce)}. The caller sets {@code vaeWeight} to
 * 1/(SM events in the batch) on SM rows and 0 elsewhere (the VAE term is learnt on SM only), and
 * {@code bceWeight} so that each class carries half of the cross-entropy. Gradients of the
 * cross-entropy reach the VAE through mse and kld; whether the VAE's variables are updated is the
 * optimiser's choice ({@link JointSession}).
 *
 * <p>Not thread-safe: build it once, on one thread, into the VAE's graph.
 */
public final class ClassifierGraph {
  private final Ops tf;
  private final ClassifierArchitecture architecture;
  private final Placeholder<TFloat32> labels;
  private final Placeholder<TFloat32> vaeWeights;
  private final Placeholder<TFloat32> bceWeights;
  private final VaeGraph.DenseVariables hidden;
  private final VaeGraph.DenseVariables output;
  private final Operand<TFloat32> score;
  private final Operand<TFloat32> bce;
  private final Operand<TFloat32> vaeTerm;
  private final Operand<TFloat32> bceTerm;
  private final Operand<TFloat32> loss;

  /**
   * Builds the head into the graph of {@code vae}.
   *
   * @param initial starting weights and the fixed standardisation; must fit {@code architecture}
   * @param beta weight of the KL divergence in the VAE term, at least 0
   * @param bceWeight weight lambda of the cross-entropy against the VAE term, positive
   */
  public ClassifierGraph(
      VaeGraph vae,
      ClassifierArchitecture architecture,
      ClassifierParameters initial,
      float beta,
      float bceWeight) {
    if (!initial.fits(architecture)) {
      throw new IllegalArgumentException("initial classifier weights do not fit " + architecture);
    }
    if (!(beta >= 0) || Float.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and at least 0, got " + beta);
    }
    if (!(bceWeight > 0) || Float.isInfinite(bceWeight)) {
      throw new IllegalArgumentException(
          "cross-entropy weight must be finite and positive, got " + bceWeight);
    }
    this.tf = vae.ops();
    this.architecture = architecture;
    this.labels = vector("labels");
    this.vaeWeights = vector("vae_weights");
    this.bceWeights = vector("bce_weights");
    this.hidden = new VaeGraph.DenseVariables(tf, "classifier_hidden", initial.hidden());
    this.output = new VaeGraph.DenseVariables(tf, "classifier_output", initial.output());

    Standardisation s = initial.standardisation();
    Operand<TFloat32> pair = tf.stack(List.of(vae.mse(), vae.kld()), Stack.axis(1L));
    Operand<TFloat32> u =
        tf.math.div(
            tf.math.sub(pair, tf.constant(new float[] {s.mseMean(), s.kldMean()})),
            tf.constant(new float[] {s.mseSd(), s.kldSd()}));
    Operand<TFloat32> h = activate(hidden.apply(tf, u));
    Operand<TFloat32> logit =
        tf.withName("classifier_logit").reshape(output.apply(tf, h), tf.constant(new long[] {-1}));
    score = tf.withName("score").math.sigmoid(logit);
    bce = tf.withName("bce").identity(crossEntropy(logit));

    Operand<TInt32> batchAxis = tf.constant(new int[] {0});
    Operand<TFloat32> vaePerEvent =
        tf.math.add(vae.sampledMse(), tf.math.mul(tf.constant(beta), vae.kld()));
    vaeTerm = tf.withName("vae_term").sum(tf.math.mul(vaeWeights, vaePerEvent), batchAxis);
    bceTerm = tf.withName("bce_term").sum(tf.math.mul(bceWeights, bce), batchAxis);
    loss =
        tf.withName("joint_loss").math.add(vaeTerm, tf.math.mul(tf.constant(bceWeight), bceTerm));
  }

  private Placeholder<TFloat32> vector(String name) {
    return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
  }

  private Operand<TFloat32> activate(Operand<TFloat32> x) {
    if (architecture.hiddenActivation() == Activation.LEAKY_RELU) {
      return tf.nn.leakyRelu(x, LeakyRelu.alpha(architecture.leakyAlpha()));
    }
    return tf.nn.relu(x);
  }

  /** Binary cross-entropy of sigmoid(logit) against the labels, stable for any logit. */
  private Operand<TFloat32> crossEntropy(Operand<TFloat32> logit) {
    Operand<TFloat32> softplusOfMinusAbs =
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logit))));
    return tf.math.add(
        tf.math.sub(tf.nn.relu(logit), tf.math.mul(logit, labels)), softplusOfMinusAbs);
  }

  public ClassifierArchitecture architecture() {
    return architecture;
  }

  /** Input: 1 for an EFT event, 0 for an SM event, [N]. */
  public Placeholder<TFloat32> labels() {
    return labels;
  }

  /** Input: weight of each event in the VAE term, [N]. */
  public Placeholder<TFloat32> vaeWeights() {
    return vaeWeights;
  }

  /** Input: weight of each event in the cross-entropy, [N]. */
  public Placeholder<TFloat32> bceWeights() {
    return bceWeights;
  }

  /** Classifier output in (0, 1), [N]. */
  public Operand<TFloat32> score() {
    return score;
  }

  /** Per-event binary cross-entropy, [N] (needs {@link #labels()}). */
  public Operand<TFloat32> bce() {
    return bce;
  }

  /** The weighted VAE term, scalar. */
  public Operand<TFloat32> vaeTerm() {
    return vaeTerm;
  }

  /** The weighted cross-entropy, scalar, before the factor lambda. */
  public Operand<TFloat32> bceTerm() {
    return bceTerm;
  }

  /** The joint objective, scalar. */
  public Operand<TFloat32> loss() {
    return loss;
  }

  /** Kernel then bias of the hidden layer, then of the output layer. */
  List<Variable<TFloat32>> variables() {
    List<Variable<TFloat32>> all = new ArrayList<>();
    for (VaeGraph.DenseVariables layer : layers()) {
      all.add(layer.kernel);
      all.add(layer.bias);
    }
    return all;
  }

  List<VaeGraph.DenseVariables> layers() {
    return List.of(hidden, output);
  }
}
