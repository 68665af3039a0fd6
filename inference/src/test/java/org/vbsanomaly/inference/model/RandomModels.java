package org.vbsanomaly.inference.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;

/** Models with random weights from a fixed seed, and plausible SSWW events, for tests. */
public final class RandomModels {

  /** Preprocessing constants: log10 range for the GeV features, plain range for the angles. */
  private static final double[][] RANGES = {
    {2.3, 3.8},
    {1.0, 3.3},
    {1.5, 3.0},
    {1.5, 2.8},
    {1.0, 3.0},
    {1.0, 2.6},
    {0.5, 3.1},
    {0.0, 2.9},
    {-5.0, 5.0},
    {-5.0, 5.0},
    {-2.5, 2.5},
    {-2.5, 2.5},
    {2.0, 9.5},
    {0.0, Math.PI}
  };

  private RandomModels() {}

  /** Metadata that satisfies the contract. */
  public static ModelMetadata metadata(int latentDim, boolean classifier) {
    ModelMetadata.Builder meta =
        ModelMetadata.newBuilder()
            .setFormatVersion(OnnxModelContract.FORMAT_VERSION)
            .setModelKind(classifier ? OnnxModelContract.KIND_VAE_NN : OnnxModelContract.KIND_VAE)
            .setLatentDim(latentDim)
            .setFlagVariable(classifier ? OnnxModelContract.SCORE : OnnxModelContract.MSE)
            .addThresholds(Threshold.newBuilder().setSmEfficiency(0.1).setValue(0.02))
            .addThresholds(Threshold.newBuilder().setSmEfficiency(0.01).setValue(0.05))
            .addThresholds(Threshold.newBuilder().setSmEfficiency(0.001).setValue(0.09))
            .setSeed(42)
            .putOptions("latent", Integer.toString(latentDim))
            .setCodeVersion("test")
            .setCreated("2025-01-01T00:00:00Z");
    for (int i = 0; i < OnnxModelContract.FEATURE_COUNT; i++) {
      String name = OnnxModelContract.FEATURE_NAMES.get(i);
      boolean log = OnnxModelContract.LOG10_FEATURES.contains(name);
      meta.addFeatures(
          FeatureSpec.newBuilder()
              .setName(name)
              .setUnit(log ? "GeV" : (name.startsWith("dphi") ? "rad" : ""))
              .setLog10(log)
              .setMin(RANGES[i][0])
              .setMax(RANGES[i][1]));
    }
    return meta.build();
  }

  /** A VAE 14-32-16-latent-16-32-14 with LeakyReLU hidden layers and a sigmoid output. */
  public static VaeWeights vae(long seed, int latentDim, boolean classifier) {
    Random random = new Random(seed);
    List<DenseLayer> encoder = new ArrayList<>();
    encoder.add(layer(random, 14, 32, Activation.LEAKY_RELU, 0.2f));
    encoder.add(layer(random, 32, 16, Activation.LEAKY_RELU, 0.2f));
    DenseLayer mean = layer(random, 16, latentDim, Activation.LINEAR, 0f);
    DenseLayer logVar = layer(random, 16, latentDim, Activation.LINEAR, 0f);
    List<DenseLayer> decoder = new ArrayList<>();
    decoder.add(layer(random, latentDim, 16, Activation.LEAKY_RELU, 0.2f));
    decoder.add(layer(random, 16, 32, Activation.RELU, 0f));
    decoder.add(layer(random, 32, 14, Activation.SIGMOID, 0f));
    return new VaeWeights(encoder, mean, logVar, decoder, metadata(latentDim, classifier));
  }

  /** A classifier head with 8 hidden tanh-free LeakyReLU units. */
  public static ClassifierWeights classifier(long seed) {
    Random random = new Random(seed);
    return new ClassifierWeights(
        0.03f,
        0.02f,
        1.5f,
        0.8f,
        layer(random, 2, 8, Activation.LEAKY_RELU, 0.1f),
        layer(random, 8, 1, Activation.SIGMOID, 0f));
  }

  /** A dense layer with Glorot-like normal weights and small biases. */
  public static DenseLayer layer(
      Random random, int inputs, int outputs, Activation activation, float alpha) {
    float[][] kernel = new float[inputs][outputs];
    double sd = Math.sqrt(2.0 / (inputs + outputs));
    for (float[] row : kernel) {
      for (int j = 0; j < outputs; j++) {
        row[j] = (float) (random.nextGaussian() * sd);
      }
    }
    float[] bias = new float[outputs];
    for (int j = 0; j < outputs; j++) {
      bias[j] = (float) (random.nextGaussian() * 0.1);
    }
    return new DenseLayer(kernel, bias, activation, alpha);
  }

  /**
   * {@code n} events, row-major {@code [n][14]}: GeV features log-uniform over and beyond the
   * training range (including some zeros, which hit the log floor), angles uniform.
   */
  public static float[] events(long seed, int n) {
    Random random = new Random(seed);
    float[] rows = new float[n * OnnxModelContract.FEATURE_COUNT];
    for (int e = 0; e < n; e++) {
      for (int f = 0; f < OnnxModelContract.FEATURE_COUNT; f++) {
        rows[e * OnnxModelContract.FEATURE_COUNT + f] = feature(random, f);
      }
    }
    return rows;
  }

  private static float feature(Random random, int f) {
    double lo = RANGES[f][0];
    double hi = RANGES[f][1];
    double u = lo - 0.2 * (hi - lo) + 1.4 * (hi - lo) * random.nextDouble();
    if (f < OnnxModelContract.LOG10_FEATURES.size()) {
      return random.nextInt(200) == 0 ? 0f : (float) Math.pow(10.0, u);
    }
    return (float) u;
  }
}
