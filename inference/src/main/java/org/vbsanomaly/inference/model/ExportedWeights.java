package org.vbsanomaly.inference.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vbsanomaly.schema.v1.ModelMetadata;

/**
 * The weights of a model written by {@code OnnxModelWriter}, read back from its ONNX graph, so that
 * the plain-Java forward pass can run exactly the model ONNX Runtime runs.
 *
 * <p>A dense layer is a {@code Gemm} node whose second and third inputs are float initializers (the
 * kernel {@code [in, out]} and the bias), optionally followed by a {@code LeakyRelu}, {@code Relu}
 * or {@code Sigmoid} node on its output. Its role comes from the kernel's name, which the writer
 * starts with {@code encoder_}, {@code z_mean_}, {@code z_log_var_}, {@code decoder_} or {@code
 * classifier_}; within a role, graph order is layer order. A {@code Gemm} whose kernel has none of
 * these names (preprocessing, the mse and kld sums) is not a dense layer. The classifier's
 * standardisation constants are the {@code classifier_mean} and {@code classifier_sd} initializers.
 * This follows the writer's layout, not ONNX in general: a graph from another producer is refused
 * with a message saying what was missing.
 *
 * @param vae the autoencoder with the metadata stored in the file
 * @param classifier the classifier head, or {@code null} for a plain VAE
 */
public record ExportedWeights(VaeWeights vae, ClassifierWeights classifier) {

  /**
   * Reads a model file.
   *
   * @throws IOException if it cannot be read
   * @throws ModelFormatException if it is not a vbs-anomaly model in the writer's layout
   */
  public static ExportedWeights read(Path file) throws IOException, ModelFormatException {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new ModelFormatException(file + ": not an ONNX model: " + e.getMessage(), e);
    }
    return fromProto(model, file.toString());
  }

  /** Reads a model proto; {@code source} names it in messages. */
  public static ExportedWeights fromProto(OnnxMl.ModelProto model, String source)
      throws ModelFormatException {
    GraphIndex graph = new GraphIndex(model.getGraph(), source);
    Map<String, List<DenseLayer>> layers = graph.denseLayersByRole();
    boolean hasClassifier = layers.containsKey("classifier");
    Map<String, String> props = new HashMap<>();
    for (OnnxMl.StringStringEntryProto p : model.getMetadataPropsList()) {
      props.put(p.getKey(), p.getValue());
    }
    ModelMetadata metadata = ModelMetadataCodec.fromProperties(props, hasClassifier, source);
    try {
      VaeWeights vae =
          new VaeWeights(
              layers.getOrDefault("encoder", List.of()),
              single(layers, "z_mean", source),
              single(layers, "z_log_var", source),
              layers.getOrDefault("decoder", List.of()),
              metadata);
      return new ExportedWeights(vae, hasClassifier ? classifier(graph, layers, source) : null);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": weights do not form a valid model: " + e, e);
    }
  }

  private static ClassifierWeights classifier(
      GraphIndex graph, Map<String, List<DenseLayer>> layers, String source)
      throws ModelFormatException {
    List<DenseLayer> head = layers.get("classifier");
    if (head.size() != 2) {
      throw new ModelFormatException(
          source + ": classifier has " + head.size() + " dense layers, expected 2");
    }
    float[] mean = graph.floats("classifier_mean");
    float[] sd = graph.floats("classifier_sd");
    return new ClassifierWeights(mean[0], sd[0], mean[1], sd[1], head.get(0), head.get(1));
  }

  private static DenseLayer single(Map<String, List<DenseLayer>> layers, String role, String source)
      throws ModelFormatException {
    List<DenseLayer> list = layers.get(role);
    if (list == null || list.size() != 1) {
      throw new ModelFormatException(
          source
              + ": expected one dense layer named "
              + role
              + "_*, found "
              + (list == null ? 0 : list.size()));
    }
    return list.get(0);
  }

  /** Initializers and node consumers of one graph. */
  private static final class GraphIndex {
    private static final List<String> ROLES =
        List.of("z_log_var", "z_mean", "encoder", "decoder", "classifier");

    private final OnnxMl.GraphProto graph;
    private final String source;
    private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    private final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();

    GraphIndex(OnnxMl.GraphProto graph, String source) {
      this.graph = graph;
      this.source = source;
      for (OnnxMl.TensorProto t : graph.getInitializerList()) {
        initializers.put(t.getName(), t);
      }
      for (OnnxMl.NodeProto node : graph.getNodeList()) {
        for (String input : node.getInputList()) {
          consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
        }
      }
    }

    Map<String, List<DenseLayer>> denseLayersByRole() throws ModelFormatException {
      Map<String, List<DenseLayer>> byRole = new HashMap<>();
      for (OnnxMl.NodeProto node : graph.getNodeList()) {
        if (!node.getOpType().equals("Gemm") || node.getInputCount() != 3) {
          continue;
        }
        OnnxMl.TensorProto kernel = initializers.get(node.getInput(1));
        OnnxMl.TensorProto bias = initializers.get(node.getInput(2));
        String role = kernel == null ? null : role(kernel.getName());
        if (role == null || bias == null || kernel.getDimsCount() != 2) {
          continue; // preprocessing, kld and mse sums: not dense layers
        }
        byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(dense(node, kernel, bias));
      }
      return byRole;
    }

    float[] floats(String prefix) throws ModelFormatException {
      for (OnnxMl.TensorProto t : graph.getInitializerList()) {
        if (t.getName().startsWith(prefix)) {
          return values(t);
        }
      }
      throw new ModelFormatException(source + ": no initializer named " + prefix + "*");
    }

    /** The role a kernel's name starts with, or {@code null} for a Gemm of another kind. */
    private static String role(String kernelName) {
      for (String role : ROLES) {
        if (kernelName.startsWith(role + "_")) {
          return role;
        }
      }
      return null;
    }

    private DenseLayer dense(OnnxMl.NodeProto gemm, OnnxMl.TensorProto kernel, OnnxMl.TensorProto b)
        throws ModelFormatException {
      int in = (int) kernel.getDims(0);
      int out = (int) kernel.getDims(1);
      float[] flat = values(kernel);
      float[][] w = new float[in][out];
      for (int i = 0; i < in; i++) {
        System.arraycopy(flat, i * out, w[i], 0, out);
      }
      OnnxMl.NodeProto act = activationAfter(gemm.getOutput(0));
      Activation activation = activation(act);
      float alpha = activation == Activation.LEAKY_RELU ? alpha(act) : 0f;
      return new DenseLayer(w, values(b), activation, alpha);
    }

    private OnnxMl.NodeProto activationAfter(String output) {
      for (OnnxMl.NodeProto n : consumers.getOrDefault(output, List.of())) {
        if (List.of("LeakyRelu", "Relu", "Sigmoid").contains(n.getOpType())) {
          return n;
        }
      }
      return null;
    }

    private static Activation activation(OnnxMl.NodeProto node) {
      if (node == null) {
        return Activation.LINEAR;
      }
      switch (node.getOpType()) {
        case "LeakyRelu":
          return Activation.LEAKY_RELU;
        case "Relu":
          return Activation.RELU;
        default:
          return Activation.SIGMOID;
      }
    }

    /** The {@code alpha} attribute of a LeakyRelu node; ONNX's default 0.01 when absent. */
    private static float alpha(OnnxMl.NodeProto node) {
      for (OnnxMl.AttributeProto a : node.getAttributeList()) {
        if (a.getName().equals("alpha")) {
          return a.getF();
        }
      }
      return 0.01f;
    }

    private float[] values(OnnxMl.TensorProto t) throws ModelFormatException {
      if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
        throw new ModelFormatException(
            source + ": initializer '" + t.getName() + "' is not float32");
      }
      if (t.getFloatDataCount() > 0) {
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = t.getFloatData(i);
        }
        return v;
      }
      FloatBuffer raw =
          ByteBuffer.wrap(t.getRawData().toByteArray())
              .order(ByteOrder.LITTLE_ENDIAN)
              .asFloatBuffer();
      float[] v = new float[raw.remaining()];
      raw.get(v);
      return v;
    }
  }

  @Override
  public String toString() {
    return "ExportedWeights["
        + vae.metadata().getModelKind()
        + ", latent "
        + vae.latentDim()
        + ", "
        + OnnxModelContract.FEATURE_COUNT
        + " features]";
  }
}
