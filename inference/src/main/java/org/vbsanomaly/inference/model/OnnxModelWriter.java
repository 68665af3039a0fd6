package org.vbsanomaly.inference.model;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained model as one self-describing ONNX file following {@link OnnxModelContract}.
 *
 * <p>The graph computes, for a batch of raw events, the same function as {@link JavaForwardPass}:
 * preprocessing ({@code Max} and {@code Log}, then the log10 select and min-max scaling as two
 * diagonal {@code Gemm}s), encoder and heads ({@code Gemm} plus activation), decoder on the latent
 * mean, per-event {@code mse} (squared error summed by a {@code Gemm} with weights 1/14) and {@code
 * kld} (sums by {@code Gemm}s), and for VAE+NN models the classifier on the standardised (mse,
 * kld). An event's outputs do not depend on the other events of its batch, to the bit. All weights
 * are float32 initializers; the batch dimension is symbolic ({@code batch}). Element-wise operators
 * with a per-column constant are avoided: ONNX Runtime runs them a row at a time.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxModelWriter {

  /** Name prefix of the preprocessing nodes and initializers. */
  private static final String PREPROCESS = "preprocess_";

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

    /**
     * log10 of the flagged columns (after the floor), then min-max scaling of all columns. The
     * column-wise select and scaling are two {@code Gemm}s with diagonal matrices: {@code scaled =
     * ln(max(x, floor)) D_log + x D_linear + offset}, where {@code D_log} holds {@code 1 / (ln 10
     * range)} on the log10 columns and {@code D_linear} holds {@code 1 / range} on the others. ONNX
     * Runtime runs element-wise operators with a per-column constant ({@code Where}, {@code Sub},
     * {@code Div} broadcast over rows) a row at a time, and those took a third of the graph's time;
     * the diagonal products run in its matrix kernel. The zeros off the diagonal add exact zeros:
     * the floor keeps the logarithm finite and inputs are checked finite before scoring.
     */
    private ONNXRef<?> preprocess(ONNXRef<?> features) {
      Preprocessing p = Preprocessing.of(vae);
      ONNXRef<?> logs =
          features
              .apply(ExtraOperators.MAX, ctx.constant("log10_floor", OnnxModelContract.LOG10_FLOOR))
              .apply(ExtraOperators.LOG);
      ONNXRef<?> linear =
          ctx.operation(
              ONNXOperators.GEMM,
              List.of(
                  features,
                  diagonal(PREPROCESS + "linear_scale", p.linearScale()),
                  ctx.array(PREPROCESS + "offset", p.offset())),
              PREPROCESS + "linear");
      return ctx.operation(
          ONNXOperators.GEMM,
          List.of(logs, diagonal(PREPROCESS + "log_scale", p.logScale()), linear),
          PREPROCESS + "scaled");
    }

    private ONNXInitializer diagonal(String name, float[] values) {
      int n = values.length;
      return ctx.floatTensor(
          name,
          List.of(n, n),
          buf -> {
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < n; j++) {
                buf.put(i == j ? values[i] : 0f);
              }
            }
          });
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
      return sumColumns(squared, vae.featureCount(), 1f / vae.featureCount(), "squared_error_mean");
    }

    /**
     * {@code -0.5 * sum(1 + lv - m^2 - exp(lv))} over the latent axis, {@code [N, 1]}, computed as
     * {@code 0.5 sum(m^2) + 0.5 sum(exp(lv) - lv) - 0.5 latent}: the two sums are {@code Gemm}s and
     * the constant is the inner one's bias.
     */
    private ONNXRef<?> klDivergence(ONNXRef<?> zMean, ONNXRef<?> zLogVar) {
      int latent = vae.latentDim();
      ONNXRef<?> variance = zLogVar.apply(ExtraOperators.EXP).apply(ONNXOperators.SUB, zLogVar);
      ONNXRef<?> varianceSum =
          ctx.operation(
              ONNXOperators.GEMM,
              List.of(
                  variance,
                  column("kld_variance_weights", latent, 0.5f),
                  ctx.array("kld_constant", new float[] {-0.5f * latent})),
              "kld_variance_sum");
      return ctx.operation(
          ONNXOperators.GEMM,
          List.of(
              zMean.apply(ONNXOperators.MUL, zMean),
              column("kld_mean_weights", latent, 0.5f),
              varianceSum),
          "kld");
    }

    /** Row sums of an {@code [N, width]} value times {@code weight}, {@code [N, 1]}. */
    private ONNXRef<?> sumColumns(ONNXRef<?> value, int width, float weight, String name) {
      return ctx.operation(
          ONNXOperators.GEMM, List.of(value, column(name + "_weights", width, weight)), name);
    }

    /** A {@code [height, 1]} initializer filled with {@code value}. */
    private ONNXInitializer column(String name, int height, float value) {
      return ctx.floatTensor(
          name,
          List.of(height, 1),
          buf -> {
            for (int i = 0; i < height; i++) {
              buf.put(value);
            }
          });
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

    /**
     * The builder declares every output {@code [batch, width]}; the per-event ones are made 1-D. It
     * also ends each output in an {@code Identity} node; those are removed, the producing node
     * writing the output itself (one copy per output less per call).
     */
    private static OnnxMl.GraphProto withVectorOutputs(OnnxMl.GraphProto graph) {
      OnnxMl.GraphProto.Builder builder = withoutOutputIdentities(graph).toBuilder();
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

    /**
     * Renames the input of each {@code Identity} node that writes a graph output to that output,
     * everywhere, and drops the node. An input that is a graph input, an initializer or another
     * output's value keeps its {@code Identity}.
     */
    private static OnnxMl.GraphProto withoutOutputIdentities(OnnxMl.GraphProto graph) {
      Set<String> outputs = new HashSet<>();
      graph.getOutputList().forEach(o -> outputs.add(o.getName()));
      Set<String> fixed = new HashSet<>();
      graph.getInputList().forEach(i -> fixed.add(i.getName()));
      graph.getInitializerList().forEach(t -> fixed.add(t.getName()));
      Map<String, String> renamed = new HashMap<>();
      for (OnnxMl.NodeProto node : graph.getNodeList()) {
        if (node.getOpType().equals("Identity")
            && outputs.contains(node.getOutput(0))
            && !fixed.contains(node.getInput(0))
            && !outputs.contains(node.getInput(0))
            && !renamed.containsKey(node.getInput(0))) {
          renamed.put(node.getInput(0), node.getOutput(0));
        }
      }
      OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode();
      for (OnnxMl.NodeProto node : graph.getNodeList()) {
        if (node.getOpType().equals("Identity") && renamed.containsKey(node.getInput(0))) {
          continue;
        }
        OnnxMl.NodeProto.Builder copy = node.toBuilder();
        for (int i = 0; i < copy.getInputCount(); i++) {
          copy.setInput(i, renamed.getOrDefault(copy.getInput(i), copy.getInput(i)));
        }
        for (int i = 0; i < copy.getOutputCount(); i++) {
          copy.setOutput(i, renamed.getOrDefault(copy.getOutput(i), copy.getOutput(i)));
        }
        builder.addNode(copy);
      }
      return builder.build();
    }
  }
}
