package org.vbsanomaly.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vbsanomaly.inference.model.FloatAssertions.assertClose;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JavaForwardPass} against a straightforward double-precision evaluation of the model's
 * definition ({@link VaeWeights}, {@link ClassifierWeights}) with {@code Math.log10} and {@code
 * Math.exp}, and its event-by-event path against its block path.
 */
class JavaForwardPassTest {

  private static final int F = OnnxModelContract.FEATURE_COUNT;

  @Test
  void matchesAStraightforwardDoublePrecisionEvaluationWithin1e5OnBothPaths() {
    VaeWeights vae = RandomModels.vae(8, 4, true);
    ClassifierWeights classifier = RandomModels.classifier(9);
    JavaForwardPass pass = new JavaForwardPass(vae, classifier);

    for (int n : new int[] {1, JavaForwardPass.SMALL_BLOCK - 1, JavaForwardPass.SMALL_BLOCK, 300}) {
      float[] rows = RandomModels.events(31 + n, n);
      Outputs java = Outputs.of(pass, rows, n);
      Outputs reference = Outputs.reference(vae, classifier, rows, n);

      assertClose(java.mse, reference.mse, "mse at n = " + n);
      assertClose(java.kld, reference.kld, "kld at n = " + n);
      assertClose(java.score, reference.score, "score at n = " + n);
      assertClose(java.latent, reference.latent, "latent mean at n = " + n);
      assertClose(java.reconstruction, reference.reconstruction, "reconstruction at n = " + n);
    }
  }

  @Test
  void leakyReluWithASlopeAboveOneMatchesItsDefinition() {
    VaeWeights vae = steepLeakyVae(5, 1.5f);
    JavaForwardPass pass = new JavaForwardPass(vae, null);

    for (int n : new int[] {3, 40}) {
      float[] rows = RandomModels.events(17 + n, n);
      Outputs java = Outputs.of(pass, rows, n);
      Outputs reference = Outputs.reference(vae, null, rows, n);

      assertClose(java.mse, reference.mse, "mse at n = " + n);
      assertClose(java.reconstruction, reference.reconstruction, "reconstruction at n = " + n);
    }
  }

  @Test
  void resultsDoNotDependOnTheBatchSizeToTheLastBit() {
    VaeWeights vae = RandomModels.vae(8, 4, true);
    ClassifierWeights classifier = RandomModels.classifier(9);
    int n = 2 * JavaForwardPass.BLOCK + 45;
    float[] rows = RandomModels.events(5, n);
    Outputs whole = Outputs.of(new JavaForwardPass(vae, classifier), rows, n);

    for (int batch : new int[] {1, 3, JavaForwardPass.SMALL_BLOCK - 1, 16, 100}) {
      Outputs batched = Outputs.inBatches(new JavaForwardPass(vae, classifier), rows, n, batch);

      String in = " in batches of " + batch;
      assertSameBits(batched.mse, whole.mse, "mse" + in);
      assertSameBits(batched.kld, whole.kld, "kld" + in);
      assertSameBits(batched.score, whole.score, "score" + in);
      assertSameBits(batched.latent, whole.latent, "latent mean" + in);
      assertSameBits(batched.reconstruction, whole.reconstruction, "reconstruction" + in);
    }
  }

  /** The random VAE's shape with LeakyReLU of slope {@code alpha} on every hidden layer. */
  private static VaeWeights steepLeakyVae(long seed, float alpha) {
    Random random = new Random(seed);
    Activation leaky = Activation.LEAKY_RELU;
    List<DenseLayer> encoder = new ArrayList<>();
    encoder.add(RandomModels.layer(random, F, 10, leaky, alpha));
    encoder.add(RandomModels.layer(random, 10, 7, leaky, alpha));
    DenseLayer mean = RandomModels.layer(random, 7, 3, Activation.LINEAR, 0f);
    DenseLayer logVar = RandomModels.layer(random, 7, 3, Activation.LINEAR, 0f);
    List<DenseLayer> decoder = new ArrayList<>();
    decoder.add(RandomModels.layer(random, 3, 10, leaky, alpha));
    decoder.add(RandomModels.layer(random, 10, F, Activation.LINEAR, 0f));
    return new VaeWeights(encoder, mean, logVar, decoder, RandomModels.metadata(3, false));
  }

  /** Bit-for-bit equal; a failure names the first index that differs. */
  private static void assertSameBits(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.floatToRawIntBits(actual[i]))
          .as("%s[%d]: %s, one batch %s", what, i, actual[i], expected[i])
          .isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }

  /** Every output of {@code n} events; {@code score} is empty for a model without a classifier. */
  private record Outputs(
      float[] mse, float[] kld, float[] score, float[] latent, float[] reconstruction) {

    static Outputs empty(int n, int latentDim, boolean classifier) {
      return new Outputs(
          new float[n],
          new float[n],
          new float[classifier ? n : 0],
          new float[n * latentDim],
          new float[n * F]);
    }

    static Outputs of(JavaForwardPass pass, float[] rows, int n) {
      return inBatches(pass, rows, n, n);
    }

    /** Calls the pass on consecutive batches of at most {@code batch} events. */
    static Outputs inBatches(JavaForwardPass pass, float[] rows, int n, int batch) {
      int latentDim = pass.latentDim();
      Outputs out = empty(n, latentDim, pass.hasClassifier());
      Outputs part = empty(batch, latentDim, pass.hasClassifier());
      float[] slice = new float[batch * F];
      for (int start = 0; start < n; start += batch) {
        int m = Math.min(batch, n - start);
        System.arraycopy(rows, start * F, slice, 0, m * F);
        pass.forward(
            slice,
            m,
            part.mse,
            part.kld,
            pass.hasClassifier() ? part.score : null,
            part.latent,
            part.reconstruction);
        System.arraycopy(part.mse, 0, out.mse, start, m);
        System.arraycopy(part.kld, 0, out.kld, start, m);
        System.arraycopy(part.score, 0, out.score, start, pass.hasClassifier() ? m : 0);
        System.arraycopy(part.latent, 0, out.latent, start * latentDim, m * latentDim);
        System.arraycopy(part.reconstruction, 0, out.reconstruction, start * F, m * F);
      }
      return out;
    }

    /** The model's definition, event by event, in double precision. */
    static Outputs reference(VaeWeights vae, ClassifierWeights classifier, float[] rows, int n) {
      int latentDim = vae.latentDim();
      Outputs out = empty(n, latentDim, classifier != null);
      for (int e = 0; e < n; e++) {
        double[] s = new double[F];
        for (int f = 0; f < F; f++) {
          double x = rows[e * F + f];
          double v = vae.log10Mask()[f] ? Math.log10(Math.max(x, 1e-6)) : x;
          s[f] = (v - vae.scaleMin()[f]) / vae.scaleRange()[f];
        }
        double[] h = s;
        for (DenseLayer layer : vae.encoder()) {
          h = apply(layer, h);
        }
        double[] mu = apply(vae.zMean(), h);
        double[] logVar = apply(vae.zLogVar(), h);
        double[] r = mu;
        for (DenseLayer layer : vae.decoder()) {
          r = apply(layer, r);
        }

        double mse = 0;
        for (int f = 0; f < F; f++) {
          mse += (r[f] - s[f]) * (r[f] - s[f]) / F;
          out.reconstruction[e * F + f] = (float) r[f];
        }
        double kld = 0;
        for (int k = 0; k < latentDim; k++) {
          kld += 0.5 * (mu[k] * mu[k] + Math.exp(logVar[k]) - logVar[k] - 1);
          out.latent[e * latentDim + k] = (float) mu[k];
        }
        out.mse[e] = (float) mse;
        out.kld[e] = (float) kld;
        if (classifier != null) {
          double[] u = {
            (out.mse[e] - classifier.mseMean()) / classifier.mseSd(),
            (out.kld[e] - classifier.kldMean()) / classifier.kldSd()
          };
          out.score[e] = (float) apply(classifier.output(), apply(classifier.hidden(), u))[0];
        }
      }
      return out;
    }

    private static double[] apply(DenseLayer layer, double[] x) {
      double[] y = new double[layer.outputs()];
      for (int j = 0; j < y.length; j++) {
        double v = layer.bias(j);
        for (int i = 0; i < x.length; i++) {
          v += layer.weight(i, j) * x[i];
        }
        y[j] = activate(layer, v);
      }
      return y;
    }

    private static double activate(DenseLayer layer, double v) {
      switch (layer.activation()) {
        case LEAKY_RELU:
          return v >= 0 ? v : layer.alpha() * v;
        case RELU:
          return Math.max(v, 0);
        case SIGMOID:
          return 1 / (1 + Math.exp(-v));
        default:
          return v;
      }
    }
  }
}
