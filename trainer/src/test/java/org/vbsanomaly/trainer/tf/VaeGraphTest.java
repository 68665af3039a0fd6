package org.vbsanomaly.trainer.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VaeGraphTest {
  private static final int ROWS = 5;

  private static VaeArchitecture small(OutputActivation out) {
    return new VaeArchitecture(3, List.of(4, 2), 2, 0.3f, out);
  }

  @ParameterizedTest
  @EnumSource(OutputActivation.class)
  void scoringPathMatchesAPlainJavaForwardPass(OutputActivation activation) {
    VaeArchitecture arch = small(activation);
    VaeParameters p = randomBiases(VaeParameters.initial(arch, 7));
    float[] x = uniform(ROWS * 3, 11);

    ForwardPass tf;
    try (VaeSession s = new VaeSession(arch, p, 1e-3f, 1e-3f)) {
      tf = s.forward(x, ROWS);
    }

    for (int r = 0; r < ROWS; r++) {
      double[] in = row(x, r, 3);
      double[] h = hidden(arch, p, in);
      double[] mean = affine(h, p.zMean());
      double[] logVar = affine(h, p.zLogVar());
      double[] reco = decode(arch, p, mean);
      assertThat((double) tf.mse()[r]).isCloseTo(mse(reco, in), within(1e-6));
      assertThat((double) tf.kld()[r]).isCloseTo(kld(mean, logVar), within(1e-5));
      for (int k = 0; k < 3; k++) {
        assertThat((double) tf.reconstruction()[r * 3 + k]).isCloseTo(reco[k], within(1e-6));
      }
      for (int k = 0; k < 2; k++) {
        assertThat((double) tf.latentMean()[r * 2 + k]).isCloseTo(mean[k], within(1e-6));
      }
    }
  }

  @Test
  void trainingPathDecodesTheReparameterisedLatentPoint() {
    VaeArchitecture arch = small(OutputActivation.LINEAR);
    VaeParameters p = randomBiases(VaeParameters.initial(arch, 3));
    float[] x = uniform(ROWS * 3, 5);
    float[] eps = uniform(ROWS * 2, 9);
    float[] sampledMse = new float[ROWS];
    float[] kld = new float[ROWS];

    try (VaeSession s = new VaeSession(arch, p, 1e-3f, 1e-3f)) {
      s.objectiveTerms(x, eps, ROWS, sampledMse, kld);
    }

    for (int r = 0; r < ROWS; r++) {
      double[] in = row(x, r, 3);
      double[] h = hidden(arch, p, in);
      double[] mean = affine(h, p.zMean());
      double[] logVar = affine(h, p.zLogVar());
      double[] z = new double[2];
      for (int k = 0; k < 2; k++) {
        z[k] = mean[k] + Math.exp(0.5 * logVar[k]) * eps[r * 2 + k];
      }
      assertThat((double) sampledMse[r]).isCloseTo(mse(decode(arch, p, z), in), within(1e-6));
      assertThat((double) kld[r]).isCloseTo(kld(mean, logVar), within(1e-5));
    }
  }

  @Test
  void trainStepReportsTheLossBeforeTheUpdate() {
    VaeArchitecture arch = small(OutputActivation.LINEAR);
    VaeParameters p = VaeParameters.initial(arch, 1);
    float[] x = uniform(ROWS * 3, 2);
    float[] eps = uniform(ROWS * 2, 4);
    float beta = 0.25f;
    float[] mse = new float[ROWS];
    float[] kld = new float[ROWS];

    float[] reported;
    try (VaeSession s = new VaeSession(arch, p, beta, 1e-2f)) {
      s.objectiveTerms(x, eps, ROWS, mse, kld);
      reported = s.train(x, eps, ROWS);
    }

    double meanMse = mean(mse);
    double meanKld = mean(kld);
    assertThat((double) reported[1]).isCloseTo(meanMse, within(1e-6));
    assertThat((double) reported[2]).isCloseTo(meanKld, within(1e-5));
    assertThat((double) reported[0]).isCloseTo(meanMse + beta * meanKld, within(1e-6));
  }

  @Test
  void weightsWrittenToTheSessionReadBackUnchanged() {
    VaeArchitecture arch = small(OutputActivation.SIGMOID);
    VaeParameters written = randomBiases(VaeParameters.initial(arch, 99));

    VaeParameters read;
    try (VaeSession s = new VaeSession(arch, VaeParameters.initial(arch, 1), 0f, 1e-3f)) {
      s.writeParameters(written);
      read = s.readParameters();
    }

    assertThat(read).isEqualTo(written);
  }

  @Test
  void initialWeightsDependOnlyOnTheSeed() {
    VaeArchitecture arch = small(OutputActivation.LINEAR);

    assertThat(VaeParameters.initial(arch, 5)).isEqualTo(VaeParameters.initial(arch, 5));
    assertThat(VaeParameters.initial(arch, 5)).isNotEqualTo(VaeParameters.initial(arch, 6));
    // Glorot uniform: |w| <= sqrt(6 / (in + out)); for the first layer 3 -> 4.
    for (float[] rowOfKernel : VaeParameters.initial(arch, 5).encoder().get(0).kernel()) {
      for (float w : rowOfKernel) {
        assertThat((double) Math.abs(w)).isLessThanOrEqualTo(Math.sqrt(6.0 / 7));
      }
    }
  }

  // --- an independent forward pass in double precision ---------------------------------------

  private static double[] hidden(VaeArchitecture arch, VaeParameters p, double[] x) {
    double[] h = x;
    for (DenseParameters layer : p.encoder()) {
      h = leaky(affine(h, layer), arch.leakyAlpha());
    }
    return h;
  }

  private static double[] decode(VaeArchitecture arch, VaeParameters p, double[] z) {
    double[] h = z;
    List<DenseParameters> d = p.decoder();
    for (int i = 0; i < d.size() - 1; i++) {
      h = leaky(affine(h, d.get(i)), arch.leakyAlpha());
    }
    double[] out = affine(h, d.get(d.size() - 1));
    if (arch.outputActivation() == OutputActivation.SIGMOID) {
      for (int k = 0; k < out.length; k++) {
        out[k] = 1 / (1 + Math.exp(-out[k]));
      }
    }
    return out;
  }

  private static double[] affine(double[] x, DenseParameters layer) {
    double[] y = new double[layer.outputs()];
    for (int j = 0; j < y.length; j++) {
      double s = layer.bias()[j];
      for (int i = 0; i < x.length; i++) {
        s += x[i] * layer.kernel()[i][j];
      }
      y[j] = s;
    }
    return y;
  }

  private static double[] leaky(double[] x, double alpha) {
    double[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] >= 0 ? y[i] : alpha * y[i];
    }
    return y;
  }

  private static double mse(double[] reco, double[] x) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += (reco[k] - x[k]) * (reco[k] - x[k]);
    }
    return s / x.length;
  }

  private static double kld(double[] mean, double[] logVar) {
    double s = 0;
    for (int k = 0; k < mean.length; k++) {
      s += 1 + logVar[k] - mean[k] * mean[k] - Math.exp(logVar[k]);
    }
    return -0.5 * s;
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return s / v.length;
  }

  private static double[] row(float[] x, int r, int d) {
    double[] out = new double[d];
    for (int k = 0; k < d; k++) {
      out[k] = x[r * d + k];
    }
    return out;
  }

  private static float[] uniform(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextDouble(-1, 1);
    }
    return out;
  }

  /** Initial biases are zero; give them values so that the test sees them used. */
  private static VaeParameters randomBiases(VaeParameters p) {
    VaeParameters copy = p.copy();
    SplittableRandom random = new SplittableRandom(42);
    for (DenseParameters layer : copy.layers()) {
      for (int j = 0; j < layer.bias().length; j++) {
        layer.bias()[j] = (float) random.nextDouble(-0.5, 0.5);
      }
    }
    return copy;
  }
}
