package org.vbsanomaly.trainer.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class AdamStepTest {

  /**
   * Loss = mean over 3 points of (a x + b - y)^2; its gradient and Adam's update with bias
   * correction are computed here in double precision and compared after each of 5 steps.
   */
  @Test
  void updatesMatchAdamComputedByHand() {
    float[] xs = {0.5f, -1f, 2f};
    float[] ys = {1f, 0.25f, -0.5f};
    float lr = 0.05f;
    double[] w = {0.3, -0.2}; // a, b
    double[] m = new double[2];
    double[] v = new double[2];

    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> a = tf.withName("a").variable(tf.constant((float) w[0]));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant((float) w[1]));
      Operand<TFloat32> residual =
          tf.math.sub(tf.math.add(tf.math.mul(a, tf.constant(xs)), b), tf.constant(ys));
      Operand<TFloat32> loss = tf.math.mean(tf.math.square(residual), tf.constant(new int[] {0}));
      Op step = AdamStep.build(g, tf, loss, List.of(a, b), lr);
      try (Session s = new Session(g)) {
        s.initialize();
        for (int t = 1; t <= 5; t++) {
          s.runner().addTarget(step).run().close();
          double[] grad = gradient(w, xs, ys);
          for (int i = 0; i < 2; i++) {
            m[i] = AdamStep.BETA1 * m[i] + (1 - AdamStep.BETA1) * grad[i];
            v[i] = AdamStep.BETA2 * v[i] + (1 - AdamStep.BETA2) * grad[i] * grad[i];
            double lrT =
                lr * Math.sqrt(1 - Math.pow(AdamStep.BETA2, t)) / (1 - Math.pow(AdamStep.BETA1, t));
            w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + AdamStep.EPSILON);
          }
          try (Result r = s.runner().fetch(a).fetch(b).run()) {
            assertThat((double) ((TFloat32) r.get(0)).getFloat()).isCloseTo(w[0], within(1e-5));
            assertThat((double) ((TFloat32) r.get(1)).getFloat()).isCloseTo(w[1], within(1e-5));
          }
        }
      }
    }
  }

  private static double[] gradient(double[] w, float[] xs, float[] ys) {
    double ga = 0;
    double gb = 0;
    for (int i = 0; i < xs.length; i++) {
      double r = w[0] * xs[i] + w[1] - ys[i];
      ga += 2 * r * xs[i] / xs.length;
      gb += 2 * r / xs.length;
    }
    return new double[] {ga, gb};
  }
}
