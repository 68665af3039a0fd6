package org.vbsanomaly.trainer.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;

/**
 * One Adam step (Kingma and Ba, 2015) over a list of float variables, built from TensorFlow's fused
 * {@code ApplyAdam} kernel, ordered so that the result does not depend on op scheduling.
 *
 * <p>Implementation note. Graph-mode variables are read by reference when an op runs, and the
 * session executes independent ops on more than one thread (the caller's thread runs cheap ops
 * inline even with one inter-op thread). Two orderings are therefore made explicit here:
 *
 * <ol>
 *   <li>every gradient is computed before any variable is updated (otherwise the update of a layer
 *       may land while the back-propagation into an earlier layer still reads it);
 *   <li>the step counter, from which the bias corrections beta1^t and beta2^t are computed, is read
 *       once per step and advanced only after every update has run.
 * </ol>
 *
 * TensorFlow Java 1.1.0's own {@code Adam} optimiser orders neither (its beta-power assignments
 * race with the updates that read them), which made repeated trainings differ in the last bits.
 */
final class AdamStep {
  /** Keras' default, which the published setup used. */
  static final float EPSILON = 1e-7f;

  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;

  private AdamStep() {}

  /** Builds the step into {@code graph}; run the returned op once per mini-batch. */
  static Op build(
      Graph graph, Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> variables, float lr) {
    Output<?>[] targets = new Output<?>[variables.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = variables.get(i).asOutput();
    }
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), targets);

    List<Op> barrier = new ArrayList<>();
    for (Output<?> g : gradients) {
      barrier.add(tf.identity(g));
    }
    Ops afterGradients = tf.withControlDependencies(barrier);

    Variable<TFloat32> step = tf.withName("adam_step").variable(tf.constant(0f));
    Operand<TFloat32> next = tf.math.add(step, tf.constant(1f));
    Operand<TFloat32> beta1Power = tf.math.pow(tf.constant(BETA1), next);
    Operand<TFloat32> beta2Power = tf.math.pow(tf.constant(BETA2), next);

    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> v = variables.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = afterGradients.identity((Output<TFloat32>) gradients[i]);
      String name = v.op().name();
      Operand<TFloat32> zeros = tf.zeros(tf.constant(v.shape().asArray()), TFloat32.class);
      Variable<TFloat32> m = tf.withName(name + "_adam_m").variable(zeros);
      Variable<TFloat32> s = tf.withName(name + "_adam_v").variable(zeros);
      updates.add(
          afterGradients.train.applyAdam(
              v,
              m,
              s,
              beta1Power,
              beta2Power,
              tf.constant(lr),
              tf.constant(BETA1),
              tf.constant(BETA2),
              tf.constant(EPSILON),
              gradient,
              ApplyAdam.useLocking(true)));
    }
    return tf.withControlDependencies(updates).withName("train_step").assign(step, next);
  }
}
