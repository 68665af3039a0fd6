package org.vbsanomaly.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vbsanomaly.inference.model.FloatAssertions.assertClose;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;

class OnnxModelWriterTest {

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final int F = OnnxModelContract.FEATURE_COUNT;

  @Test
  void onnxRuntimeMatchesJavaForwardPassAtBatch1And300And4096ForVae() throws Exception {
    VaeWeights vae = RandomModels.vae(7, 3, false);
    byte[] model = OnnxModelWriter.toBytes(vae, null);

    for (int n : new int[] {1, 300, 4096}) {
      float[] rows = RandomModels.events(11 + n, n);
      Outputs onnx = runOnnx(model, rows, n, false, 3);
      Outputs java = runJava(new JavaForwardPass(vae, null), rows, n, 3);

      assertClose(onnx.mse, java.mse, "mse");
      assertClose(onnx.kld, java.kld, "kld");
      assertClose(onnx.latent, java.latent, "latent_mean");
      assertClose(onnx.reconstruction, java.reconstruction, "reconstruction");
    }
  }

  @Test
  void onnxRuntimeMatchesJavaForwardPassAtBatch1And4096ForVaeWithClassifier() throws Exception {
    VaeWeights vae = RandomModels.vae(8, 4, true);
    ClassifierWeights classifier = RandomModels.classifier(9);
    byte[] model = OnnxModelWriter.toBytes(vae, classifier);

    for (int n : new int[] {1, 4096}) {
      float[] rows = RandomModels.events(23 + n, n);
      Outputs onnx = runOnnx(model, rows, n, true, 4);
      Outputs java = runJava(new JavaForwardPass(vae, classifier), rows, n, 4);

      assertClose(onnx.mse, java.mse, "mse");
      assertClose(onnx.kld, java.kld, "kld");
      assertClose(onnx.score, java.score, "score");
    }
  }

  @Test
  void anEventGetsTheSameBitsAloneAndInsideABatch() throws Exception {
    VaeWeights vae = RandomModels.vae(12, 8, true);
    byte[] model = OnnxModelWriter.toBytes(vae, RandomModels.classifier(13));
    int n = 1000;
    float[] rows = RandomModels.events(14, n);
    Outputs batch = runOnnx(model, rows, n, true, 8);

    for (int e : new int[] {0, 1, 7, 8, 333, 998, 999}) {
      float[] row = java.util.Arrays.copyOfRange(rows, e * F, (e + 1) * F);
      Outputs alone = runOnnx(model, row, 1, true, 8);

      assertThat(alone.mse[0]).as("mse of event %d", e).isEqualTo(batch.mse[e]);
      assertThat(alone.kld[0]).as("kld of event %d", e).isEqualTo(batch.kld[e]);
      assertThat(alone.score[0]).as("score of event %d", e).isEqualTo(batch.score[e]);
    }
  }

  @Test
  void constantModelGivesHandComputedMseAndKld() throws Exception {
    // No encoder layers; z_mean = 0.5 and z_log_var = 0 for every event; the decoder outputs 0.
    // Each feature sits at the midpoint of its scaling range, so s = 0.5 everywhere:
    // mse = mean(0.5^2) = 0.25 and kld = -0.5 * (1 + 0 - 0.25 - 1) = 0.125.
    VaeWeights vae =
        new VaeWeights(
            List.of(),
            DenseLayer.of(new float[F][1], new float[] {0.5f}, Activation.LINEAR),
            DenseLayer.of(new float[F][1], new float[] {0f}, Activation.LINEAR),
            List.of(DenseLayer.of(new float[1][F], new float[F], Activation.LINEAR)),
            RandomModels.metadata(1, false));
    float[] row = midpoints(vae.metadata());

    Outputs onnx = runOnnx(OnnxModelWriter.toBytes(vae, null), row, 1, false, 1);
    Outputs java = runJava(new JavaForwardPass(vae, null), row, 1, 1);

    assertThat(onnx.mse[0]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(onnx.kld[0]).isCloseTo(0.125f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(java.mse[0]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(java.kld[0]).isCloseTo(0.125f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void metadataReadsBackEqualFromTheWrittenFile(@TempDir Path dir) throws Exception {
    VaeWeights vae = RandomModels.vae(3, 3, false);
    Path file = dir.resolve("sub/vae.onnx");

    OnnxModelWriter.write(vae, null, file);

    try (OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
      Map<String, String> props = session.getMetadata().getCustomMetadata();
      ModelMetadata read = ModelMetadataCodec.fromProperties(props, false, file.toString());
      assertThat(read).isEqualTo(vae.metadata());
      assertThat(props).containsEntry(OnnxModelContract.FORMAT_VERSION_KEY, "1");
      assertThat(session.getMetadata().getProducerName()).isEqualTo("vbs-anomaly");
    }
    assertThat(Files.list(dir.resolve("sub"))).hasSize(1);
  }

  @Test
  void writtenModelHasThePermissionsOfAnyNewFileNotOwnerOnly(@TempDir Path dir) throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path reference = Files.createFile(dir.resolve("reference.txt"));
    Path file = dir.resolve("vae.onnx");

    OnnxModelWriter.write(RandomModels.vae(3, 3, false), null, file);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Files.getPosixFilePermissions(reference));
    assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OWNER_READ);
  }

  @Test
  void declaresContractInputAndOutputShapes() throws Exception {
    byte[] model =
        OnnxModelWriter.toBytes(RandomModels.vae(5, 3, true), RandomModels.classifier(6));

    try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions())) {
      assertThat(session.getInputNames()).containsExactly(OnnxModelContract.INPUT);
      assertThat(shape(session.getInputInfo(), OnnxModelContract.INPUT)).containsExactly(-1, F);
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      assertThat(outputs.keySet())
          .containsExactlyInAnyOrder("mse", "kld", "latent_mean", "reconstruction", "score");
      assertThat(shape(outputs, "mse")).containsExactly(-1);
      assertThat(shape(outputs, "kld")).containsExactly(-1);
      assertThat(shape(outputs, "score")).containsExactly(-1);
      assertThat(shape(outputs, "latent_mean")).containsExactly(-1, 3);
      assertThat(shape(outputs, "reconstruction")).containsExactly(-1, F);
    }
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(model);
    assertThat(proto.getIrVersion()).isEqualTo(7);
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(13);
  }

  @Test
  void vaeGraphHasNoRowWiseOperatorsAndNoCopiesBeforeItsOutputs() throws Exception {
    OnnxMl.GraphProto graph =
        OnnxMl.ModelProto.parseFrom(OnnxModelWriter.toBytes(RandomModels.vae(5, 3, false), null))
            .getGraph();

    // Where, Div, Concat and Identity: a per-column select or scale, which ONNX Runtime runs row
    // by row, or a copy. The VAE's graph needs none of them.
    assertThat(graph.getNodeList())
        .extracting(OnnxMl.NodeProto::getOpType)
        .doesNotContain("Where", "Div", "Concat", "Identity");
    for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
      assertThat(graph.getNodeList())
          .filteredOn(n -> n.getOutputList().contains(output.getName()))
          .hasSize(1);
    }
  }

  @Test
  void refusesModelKindThatContradictsTheClassifier() {
    VaeWeights plain = RandomModels.vae(1, 3, false);

    assertThatThrownBy(() -> OnnxModelWriter.toBytes(plain, RandomModels.classifier(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model_kind is 'vae', expected 'vae+nn'");
  }

  @Test
  void refusesFeaturesOutOfOrder() {
    ModelMetadata good = RandomModels.metadata(3, false);
    FeatureSpec first = good.getFeatures(0);
    ModelMetadata swapped =
        good.toBuilder().setFeatures(0, good.getFeatures(1)).setFeatures(1, first).build();
    VaeWeights template = RandomModels.vae(1, 3, false);

    assertThatThrownBy(
            () ->
                new VaeWeights(
                    template.encoder(),
                    template.zMean(),
                    template.zLogVar(),
                    template.decoder(),
                    swapped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature 0 is 'mll', expected 'mjj'");
  }

  @Test
  void refusesLayersThatDoNotChain() {
    VaeWeights template = RandomModels.vae(1, 3, false);
    DenseLayer wrongHead =
        RandomModels.layer(new java.util.Random(1), 15, 3, Activation.LINEAR, 0f);

    assertThatThrownBy(
            () ->
                new VaeWeights(
                    template.encoder(),
                    wrongHead,
                    template.zLogVar(),
                    template.decoder(),
                    template.metadata()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("z_mean head has 15 inputs, expected 16");
  }

  // --- helpers ----------------------------------------------------------------------------

  private record Outputs(
      float[] mse, float[] kld, float[] score, float[] latent, float[] reconstruction) {}

  private static Outputs runOnnx(byte[] model, float[] rows, int n, boolean classifier, int latent)
      throws OrtException {
    FloatBuffer buffer =
        ByteBuffer.allocateDirect(rows.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    buffer.put(rows).flip();
    try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(ENV, buffer, new long[] {n, F});
        OrtSession.Result result = session.run(Map.of(OnnxModelContract.INPUT, input))) {
      return new Outputs(
          floats(result, "mse"),
          floats(result, "kld"),
          classifier ? floats(result, "score") : null,
          floats(result, "latent_mean"),
          floats(result, "reconstruction"));
    }
  }

  private static Outputs runJava(JavaForwardPass pass, float[] rows, int n, int latent) {
    Outputs out =
        new Outputs(
            new float[n],
            new float[n],
            pass.hasClassifier() ? new float[n] : null,
            new float[n * latent],
            new float[n * F]);
    pass.forward(rows, n, out.mse, out.kld, out.score, out.latent, out.reconstruction);
    return out;
  }

  private static float[] floats(OrtSession.Result result, String name) {
    FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static long[] shape(Map<String, NodeInfo> infos, String name) {
    return ((TensorInfo) infos.get(name).getInfo()).getShape();
  }

  private static float[] midpoints(ModelMetadata metadata) {
    float[] row = new float[F];
    for (int f = 0; f < F; f++) {
      FeatureSpec spec = metadata.getFeatures(f);
      double mid = 0.5 * (spec.getMin() + spec.getMax());
      row[f] = (float) (spec.getLog10() ? Math.pow(10.0, mid) : mid);
    }
    return row;
  }
}
