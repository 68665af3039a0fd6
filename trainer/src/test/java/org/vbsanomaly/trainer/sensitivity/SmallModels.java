package org.vbsanomaly.trainer.sensitivity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;

/** A small VAE with seeded random weights, and the shared data files, for tests. */
final class SmallModels {

  private SmallModels() {}

  /** The shared SSWW folder, or null when the shared data is absent. */
  static Path ssww(String file) {
    Path p =
        Path.of(System.getProperty("vbs.shared.dir", "../../shared"), "data", "ssww").resolve(file);
    return Files.isRegularFile(p) ? p : null;
  }

  /** Metadata with plausible scaling constants and the given training-file hash and options. */
  static ModelMetadata metadata(String trainingSha256, String testFraction) {
    ModelMetadata.Builder meta =
        ModelMetadata.newBuilder()
            .setFormatVersion(OnnxModelContract.FORMAT_VERSION)
            .setModelKind(OnnxModelContract.KIND_VAE)
            .setLatentDim(3)
            .setFlagVariable(OnnxModelContract.MSE)
            .addThresholds(Threshold.newBuilder().setSmEfficiency(0.01).setValue(0.05))
            .setSeed(42)
            .setCodeVersion("test")
            .setCreated("2025-01-01T00:00:00Z");
    if (testFraction != null) {
      meta.putOptions(EvaluationSplit.TEST_FRACTION_OPTION, testFraction);
    }
    if (trainingSha256 != null) {
      meta.addTrainingFilesBuilder()
          .setPath("/data/ssww_sm_500.lhe.gz")
          .setSha256(trainingSha256)
          .setRole("SM");
    }
    for (Observable o : Observable.values()) {
      String name = OnnxModelContract.FEATURE_NAMES.get(o.ordinal());
      boolean log = OnnxModelContract.LOG10_FEATURES.contains(name);
      meta.addFeatures(
          FeatureSpec.newBuilder()
              .setName(name)
              .setUnit(log ? "GeV" : "")
              .setLog10(log)
              .setMin(log ? 1.0 : -5.0)
              .setMax(log ? 3.5 : 10.0));
    }
    return meta.build();
  }

  /** A VAE 14-16-3-16-14 with seeded random weights. */
  static VaeWeights vae(long seed, ModelMetadata metadata) {
    Random random = new Random(seed);
    return new VaeWeights(
        List.of(layer(random, 14, 16, Activation.LEAKY_RELU)),
        layer(random, 16, 3, Activation.LINEAR),
        layer(random, 16, 3, Activation.LINEAR),
        List.of(
            layer(random, 3, 16, Activation.LEAKY_RELU), layer(random, 16, 14, Activation.SIGMOID)),
        metadata);
  }

  private static DenseLayer layer(Random random, int in, int out, Activation activation) {
    float[][] kernel = new float[in][out];
    for (float[] row : kernel) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) (random.nextGaussian() * Math.sqrt(2.0 / (in + out)));
      }
    }
    float[] bias = new float[out];
    return new DenseLayer(
        kernel, bias, activation, activation == Activation.LEAKY_RELU ? 0.2f : 0f);
  }
}
