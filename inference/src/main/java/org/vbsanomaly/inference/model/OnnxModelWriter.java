package org.vbsanomaly.inference.model;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained model as one self-describing ONNX file following {@link OnnxModelContract}.
 *
 * <p>The graph computes, for a batch of raw events, the same function as {@link JavaForwardPass}:
 * preprocessing ({@code Max}, {@code Log}, {@code Where} select of the log10 columns, min-max
 * {@code Sub}/{@code Div}), encoder and heads ({@code Gemm} plus activation), decoder on the latent
 * mean, per-event {@code mse} (squared error summed by a {@code Gemm}, divided by 14) and {@code
 * kld} ({@code Exp}, summed by a {@code Gemm}), and for VAE+NN models the classifier on the
 * standardised (mse, kld). An event's outputs do not depend on the other events of its batch, to
 * the bit. All weights are float32 initializers; the batch dimension is symbolic ({@code batch}).
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxModelWriter {

  private static final float INV_LN10 = (float) (1.0 / Math.log(10.0));

  private OnnxModelWriter() {}

  /**
   * Writes the model to {@code file}, replacing it if it exists. The bytes go to a temporary file
   * in the same directory first and are moved into place, so a reader never sees half a model.
   *
   * @param vae the autoencoder and its metadata
   * @param classifier the VAE+NN classifier head, or {@code null} for a plain VAE
   * @param file destination, conventionally ending in {@code .onnx}
   * @throws IllegalArgumentException if the metadata breaks the contract (model kind against the
   *     classifier, flag variable, thresholds)
   * @throws IOException if the file cannot be written
   */
  public static void write(VaeWeights vae, ClassifierWeights classifier, Path file)
      throws IOException {
    byte[] bytes = toBytes(vae, classifier);
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: it makes the file owner-only (0600). Created like any output, the
    // model gets the permissions the umask gives (0644 with the usual 022).
    Path tmp =
        dir.resolve(
            "."
                + absolute.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + System.nanoTime()
                + ".tmp");
    try {
      try (OutputStream out =
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The serialized ONNX model; see {@link #write}. */
  public static byte[] toBytes(VaeWeights vae, ClassifierWeights classifier) {
    return build(vae, classifier).toByteArray();
  }

  /** The ONNX model proto; see {@link #write}. */
  public static OnnxMl.ModelProto build(VaeWeights vae, ClassifierWeights classifier) {
    ModelMetadataCodec.validate(vae.metadata(), classifier != null);
    OnnxMl.GraphProto graph = new GraphBuilder(vae, classifier).build();
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(OnnxModelContract.IR_VERSION)
            .addOpsetImport(
                OnnxMl.OperatorSetIdProto.newBuilder()
                    .setDomain("")
                    .setVersion(OnnxModelContract.OPSET))
            .setProducerName(OnnxModelContract.PRODUCER_NAME)
            .setProducerVersion(producerVersion())
            .setDomain("org.vbsanomaly")
            .setModelVersion(OnnxModelContract.FORMAT_VERSION)
            .setDocString(docString(vae, classifier))
            .setGraph(graph);
    for (Map.Entry<String, String> e : ModelMetadataCodec.toProperties(vae.metadata()).entrySet()) {
      model.addMetadataProps(
          OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return model.build();
  }

  /** The version of this code, as built by Maven; "unknown" outside a build. */
  static String producerVersion() {
    try (InputStream in = OnnxModelWriter.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String docString(VaeWeights vae, ClassifierWeights classifier) {
    return "vbs-anomaly "
        + vae.metadata().getModelKind()
        + ": 14 raw SSWW observables (GeV, rad) in, per-event mse and kld out"
        + (classifier == null ? "" : ", classifier score")
        + "; latent size "
        + vae.latentDim();
  }

  /** Builds one graph; single use. */
  private static final class GraphBuilder {
    private final ONNXContext ctx = new ONNXContext();
    private final VaeWeights vae;
    private final ClassifierWeights classifier;
    private int layerCount;

    GraphBuilder(VaeWeights vae, ClassifierWeights classifier) {
      this.vae = vae;
      this.classifier = classifier;
    }

    OnnxMl.GraphProto build() {
      ctx.setName("vbs_anomaly");
      ONNXRef<?> features = ctx.floatInput(OnnxModelContract.INPUT, vae.featureCount());
      ONNXRef<?> scaled = preprocess(features);

      ONNXRef<?> hidden = scaled;
      for (DenseLayer layer : vae.encoder()) {
        hidden = dense(hidden, layer, "encoder");
      }
      ONNXRef<?> zMean = dense(hidden, vae.zMean(), "z_mean");
      ONNXRef<?> zLogVar = dense(hidden, vae.zLogVar(), "z_log_var");
      ONNXRef<?> reconstruction = zMean;
      for (DenseLayer layer : vae.decoder()) {
        reconstruction = dense(reconstruction, layer, "decoder");
      }

      ONNXRef<?> mse = meanSquaredError(reconstruction, scaled);
      ONNXRef<?> kld = klDivergence(zMean, zLogVar);
      output(flatten(mse), OnnxModelContract.MSE, 1);
      output(flatten(kld), OnnxModelContract.KLD, 1);
      output(zMean, OnnxModelContract.LATENT_MEAN, vae.latentDim());
      output(reconstruction, OnnxModelContract.RECONSTRUCTION, vae.featureCount());
      if (classifier != null) {
        output(flatten(classify(mse, kld)), OnnxModelContract.SCORE, 1);
      }
      return withVectorOutputs(ctx.buildGraph());
    }

    /** log10 of the flagged columns (after the floor), then min-max scaling of all columns. */
    private ONNXRef<?> preprocess(ONNXRef<?> features) {
      ONNXRef<?> floor = ctx.constant("log10_floor", OnnxModelContract.LOG10_FLOOR);
      ONNXRef<?> clamped = features.apply(ExtraOperators.MAX, floor);
      ONNXRef<?> log10 =
          clamped
              .apply(ExtraOperators.LOG)
              .apply(ONNXOperators.MUL, ctx.constant("inv_ln10", INV_LN10));
      ONNXRef<?> mask =
          ctx.array("log10_mask", toInts(vae.log10Mask()))
              .apply(
                  ONNXOperators.CAST, Map.of("to", OnnxMl.TensorProto.DataType.BOOL.getNumber()));
      ONNXRef<?> logged =
          ctx.operation(ONNXOperators.WHERE, List.of(mask, log10, features), "log_features");
      return logged
          .apply(ONNXOperators.SUB, ctx.array("scale_min", vae.scaleMin()))
          .apply(ONNXOperators.DIV, ctx.array("scale_range", vae.scaleRange()));
    }

    private ONNXRef<?> dense(ONNXRef<?> input, DenseLayer layer, String role) {
      String name = role + "_" + layerCount++;
      ONNXInitializer kernel =
          ctx.floatTensor(
              name + "_kernel",
              List.of(layer.inputs(), layer.outputs()),
              buf -> {
                for (int i = 0; i < layer.inputs(); i++) {
                  for (int j = 0; j < layer.outputs(); j++) {
                    buf.put(layer.weight(i, j));
                  }
                }
              });
      ONNXInitializer bias = ctx.array(name + "_bias", layer.bias());
      ONNXRef<?> affine = ctx.operation(ONNXOperators.GEMM, List.of(input, kernel, bias), name);
      return activate(affine, layer);
    }

    private ONNXRef<?> activate(ONNXRef<?> x, DenseLayer layer) {
      switch (layer.activation()) {
        case LEAKY_RELU:
          return x.apply(ExtraOperators.LEAKY_RELU, Map.of("alpha", layer.alpha()));
        case RELU:
          return x.apply(ExtraOperators.RELU);
        case SIGMOID:
          return x.apply(ONNXOperators.SIGMOID);
        default:
          return x;
      }
    }

    /**
     * Mean over features of the squared difference, {@code [N, 1]}. The sum is a {@code Gemm} with
     * a column of ones rather than a {@code ReduceMean} or {@code ReduceSum}: ONNX Runtime's
     * reductions over the 14 columns round differently depending on a row's position in the batch,
     * so an event's mse would change in its last bits with the batch it was scored in; the {@code
     * Gemm} gives every event the same bits in any batch.
     */
    private ONNXRef<?> meanSquaredError(ONNXRef<?> reconstruction, ONNXRef<?> scaled) {
      ONNXRef<?> diff = reconstruction.apply(ONNXOperators.SUB, scaled);
      ONNXRef<?> squared = diff.apply(ONNXOperators.MUL, diff);
      ONNXRef<?> sum = sumColumns(squared, vae.featureCount(), "squared_error_sum");
      return sum.apply(
          ONNXOperators.DIV, ctx.constant("feature_count", (float) vae.featureCount()));
    }

    /** {@code -0.5 * sum(1 + lv - m^2 - exp(lv))} over the latent axis, {@code [N, 1]}. */
    private ONNXRef<?> klDivergence(ONNXRef<?> zMean, ONNXRef<?> zLogVar) {
      ONNXRef<?> term =
          zLogVar
              .apply(ONNXOperators.ADD, ctx.constant("one", 1f))
              .apply(ONNXOperators.SUB, zMean.apply(ONNXOperators.MUL, zMean))
              .apply(ONNXOperators.SUB, zLogVar.apply(ExtraOperators.EXP));
      ONNXRef<?> sum = sumColumns(term, vae.latentDim(), "kld_sum");
      return sum.apply(ONNXOperators.MUL, ctx.constant("minus_half", -0.5f));
    }

    /** Row sums of an {@code [N, width]} value as a {@code Gemm} with ones, {@code [N, 1]}. */
    private ONNXRef<?> sumColumns(ONNXRef<?> value, int width, String name) {
      ONNXRef<?> ones =
          ctx.floatTensor(
              name + "_ones",
              List.of(width, 1),
              buf -> {
                for (int i = 0; i < width; i++) {
                  buf.put(1f);
                }
              });
      return ctx.operation(ONNXOperators.GEMM, List.of(value, ones), name);
    }

    /** Classifier on the standardised (mse, kld), {@code [N, 1]}. */
    private ONNXRef<?> classify(ONNXRef<?> mse, ONNXRef<?> kld) {
      ONNXRef<?> pair =
          ctx.operation(ONNXOperators.CONCAT, List.of(mse, kld), "mse_kld", Map.of("axis", 1));
      ONNXRef<?> standardised =
          pair.apply(
                  ONNXOperators.SUB,
                  ctx.array(
                      "classifier_mean", new float[] {classifier.mseMean(), classifier.kldMean()}))
              .apply(
                  ONNXOperators.DIV,
                  ctx.array("classifier_sd", new float[] {classifier.mseSd(), classifier.kldSd()}));
      ONNXRef<?> hidden = dense(standardised, classifier.hidden(), "classifier");
      return dense(hidden, classifier.output(), "classifier");
    }

    private ONNXRef<?> flatten(ONNXRef<?> column) {
      return column.apply(ExtraOperators.RESHAPE, ctx.array("flat_shape", new long[] {-1}));
    }

    private void output(ONNXRef<?> value, String name, int width) {
      ctx.assignTo(value, ctx.floatOutput(name, width));
    }

    /** The builder declares every output {@code [batch, width]}; the per-event ones are 1-D. */
    private static OnnxMl.GraphProto withVectorOutputs(OnnxMl.GraphProto graph) {
      OnnxMl.GraphProto.Builder builder = graph.toBuilder();
      for (OnnxMl.ValueInfoProto.Builder out : builder.getOutputBuilderList()) {
        String name = out.getName();
        if (name.equals(OnnxModelContract.MSE)
            || name.equals(OnnxModelContract.KLD)
            || name.equals(OnnxModelContract.SCORE)) {
          OnnxMl.TensorShapeProto.Builder shape =
              out.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
          while (shape.getDimCount() > 1) {
            shape.removeDim(shape.getDimCount() - 1);
          }
        }
      }
      return builder.build();
    }

    private static int[] toInts(boolean[] mask) {
      int[] ints = new int[mask.length];
      for (int i = 0; i < mask.length; i++) {
        ints[i] = mask[i] ? 1 : 0;
      }
      return ints;
    }
  }
}
