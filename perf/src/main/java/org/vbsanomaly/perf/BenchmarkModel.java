package org.vbsanomaly.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.ClassifierWeights;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.ExportedWeights;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;
import org.vbsanomaly.trainer.TrainingOptions;

/**
 * The model a benchmark scores with: an exported file, or a stand-in of the default training
 * architecture with random weights from a fixed seed, together with its weights for the plain-Java
 * forward pass.
 *
 * <p>The stand-in has the shape {@link TrainingOptions} trains by default (encoder {@link
 * TrainingOptions#DEFAULT_HIDDEN_SIZES}, latent size {@link TrainingOptions#DEFAULT_LATENT_DIM},
 * mirrored decoder, LeakyReLU slope {@link TrainingOptions#DEFAULT_LEAKY_ALPHA}, linear output), so
 * its scoring cost is that of a trained model: the cost depends on the shape, not the values.
 *
 * @param onnx the model file ONNX Runtime opens
 * @param vae its autoencoder weights
 * @param classifier its classifier head, or {@code null} for a plain VAE
 * @param description how reports name it, e.g. {@code "random (seed 7)"} or the file name
 */
public record BenchmarkModel(
    Path onnx, VaeWeights vae, ClassifierWeights classifier, String description) {

  /** The {@code model} value that asks for the random stand-in. */
  public static final String RANDOM = "random";

  /** Seed of the stand-in's weights. */
  public static final long DEFAULT_SEED = 7;

  /**
   * Min-max constants of the stand-in, after log10 for the GeV features: roughly the spread of SM
   * SSWW events after the VBS selection.
   */
  private static final double[][] SCALING = {
    {2.3, 3.9}, // mjj: 200 GeV to 8 TeV
    {1.0, 3.3},
    {1.5, 3.2},
    {1.3, 2.9},
    {1.3, 3.0},
    {1.0, 2.7},
    {0.5, 3.1},
    {0.0, 3.0},
    {-5.0, 5.0},
    {-5.0, 5.0},
    {-2.5, 2.5},
    {-2.5, 2.5},
    {2.5, 10.0},
    {0.0, Math.PI}
  };

  /** Where a trained model is expected, relative to the repository root. */
  public static final String SHIPPED_MODEL = "models/vae.onnx";

  /**
   * Resolves a benchmark's {@code model} parameter: {@value #RANDOM} writes the stand-in to a
   * temporary file (deleted when the JVM exits); anything else is a path to an exported model,
   * whose weights are read back with {@link ExportedWeights}.
   *
   * @throws IOException if the file cannot be read or written
   * @throws ModelException if the file is not a model {@link ExportedWeights} can read
   */
  public static BenchmarkModel resolve(String model) throws IOException, ModelException {
    if (RANDOM.equals(model)) {
      return randomStandIn(DEFAULT_SEED);
    }
    Path file = Path.of(model);
    ExportedWeights weights = ExportedWeights.read(file);
    return new BenchmarkModel(
        file, weights.vae(), weights.classifier(), file.getFileName().toString());
  }

  /** {@link #SHIPPED_MODEL} if it exists under {@code root}, else {@value #RANDOM}. */
  public static String shippedOrRandom(Path root) {
    Path shipped = root.resolve(SHIPPED_MODEL);
    return Files.isRegularFile(shipped) ? shipped.toString() : RANDOM;
  }

  /** The stand-in written to a temporary file deleted at JVM exit. */
  public static BenchmarkModel randomStandIn(long seed) {
    VaeWeights vae = defaultArchitecture(seed);
    try {
      Path file = Files.createTempFile("vbs-anomaly-benchmark-", ".onnx");
      file.toFile().deleteOnExit();
      OnnxModelWriter.write(vae, null, file);
      return new BenchmarkModel(file, vae, null, "random stand-in (seed " + seed + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark model to a temporary file", e);
    }
  }

  /**
   * A VAE of the default training architecture with Glorot-normal weights and small biases drawn
   * from {@code seed}, scaled as if fitted on SM events.
   */
  public static VaeWeights defaultArchitecture(long seed) {
    Random random = new Random(seed);
    List<Integer> hidden = TrainingOptions.DEFAULT_HIDDEN_SIZES;
    int latent = TrainingOptions.DEFAULT_LATENT_DIM;
    float alpha = TrainingOptions.DEFAULT_LEAKY_ALPHA;

    List<DenseLayer> encoder = new ArrayList<>();
    int width = OnnxModelContract.FEATURE_COUNT;
    for (int h : hidden) {
      encoder.add(layer(random, width, h, Activation.LEAKY_RELU, alpha));
      width = h;
    }
    DenseLayer zMean = layer(random, width, latent, Activation.LINEAR, 0f);
    DenseLayer zLogVar = layer(random, width, latent, Activation.LINEAR, 0f);

    List<DenseLayer> decoder = new ArrayList<>();
    width = latent;
    for (int i = hidden.size() - 1; i >= 0; i--) {
      decoder.add(layer(random, width, hidden.get(i), Activation.LEAKY_RELU, alpha));
      width = hidden.get(i);
    }
    decoder.add(layer(random, width, OnnxModelContract.FEATURE_COUNT, Activation.LINEAR, 0f));
    return new VaeWeights(encoder, zMean, zLogVar, decoder, metadata(seed, latent));
  }

  private static ModelMetadata metadata(long seed, int latent) {
    ModelMetadata.Builder meta =
        ModelMetadata.newBuilder()
            .setFormatVersion(OnnxModelContract.FORMAT_VERSION)
            .setModelKind(OnnxModelContract.KIND_VAE)
            .setLatentDim(latent)
            .setFlagVariable(OnnxModelContract.MSE)
            .addThresholds(Threshold.newBuilder().setSmEfficiency(0.01).setValue(0.05))
            .setSeed(seed)
            .putOptions("purpose", "benchmark stand-in with random weights")
            .setCodeVersion("benchmark")
            .setCreated("2025-01-01T00:00:00Z");
    for (int f = 0; f < OnnxModelContract.FEATURE_COUNT; f++) {
      Observable o = Observable.at(f);
      meta.addFeatures(
          FeatureSpec.newBuilder()
              .setName(o.featureName())
              .setUnit(o.unit())
              .setLog10(o.logScaled())
              .setMin(SCALING[f][0])
              .setMax(SCALING[f][1]));
    }
    return meta.build();
  }

  private static DenseLayer layer(
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
      bias[j] = (float) (random.nextGaussian() * 0.05);
    }
    return new DenseLayer(kernel, bias, activation, alpha);
  }

  /** Writes the stand-in of seed {@value #DEFAULT_SEED} (or {@code args[1]}) to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: BenchmarkModel OUTPUT.onnx [SEED]");
      System.exit(2);
    }
    long seed = args.length == 2 ? Long.parseLong(args[1]) : DEFAULT_SEED;
    Path out = Path.of(args[0]);
    OnnxModelWriter.write(defaultArchitecture(seed), null, out);
    System.out.println("wrote " + out + ": default architecture, random weights, seed " + seed);
  }
}
