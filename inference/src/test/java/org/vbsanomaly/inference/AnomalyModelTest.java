package org.vbsanomaly.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.RandomModels;

class AnomalyModelTest {

  @TempDir Path dir;

  @Test
  void exposesMetadataOfTheWrittenModel() throws Exception {
    Path file = TestModelFiles.vae(dir);

    try (AnomalyModel model = AnomalyModel.open(file)) {
      assertThat(model.featureNames()).isEqualTo(Observable.names());
      assertThat(model.featureUnits()).isEqualTo(Observable.units());
      assertThat(model.latentDim()).isEqualTo(3);
      assertThat(model.hasClassifier()).isFalse();
      assertThat(model.modelKind()).isEqualTo("vae");
      assertThat(model.flagVariable()).isEqualTo(FlagVariable.MSE);
      assertThat(model.device()).isEqualTo(Device.CPU);
      assertThat(model.threshold(0.01)).isEqualTo(0.05);
      assertThat(model.flagAtSmEfficiency(0.001))
          .isEqualTo(new AnomalyFlag(FlagVariable.MSE, 0.09));
      String expected =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
      assertThat(model.sha256()).isEqualTo(expected).hasSize(64);
    }
  }

  @Test
  void classifierModelFlagsOnScore() throws Exception {
    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vaeWithClassifier(dir))) {
      assertThat(model.hasClassifier()).isTrue();
      assertThat(model.modelKind()).isEqualTo("vae+nn");
      assertThat(model.flagVariable()).isEqualTo(FlagVariable.SCORE);
    }
  }

  @Test
  void unknownSmEfficiencyListsTheStoredOnes() throws Exception {
    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir))) {
      assertThatThrownBy(() -> model.threshold(0.05))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no threshold for SM efficiency 0.05")
          .hasMessageContaining("[0.1, 0.01, 0.001]");
    }
  }

  @Test
  void requestingCudaWithTheCpuBuildSaysWhyAndWhatToDo() throws Exception {
    Path file = TestModelFiles.vae(dir);
    ModelOptions cuda = ModelOptions.builder().device(Device.CUDA).build();

    assertThatThrownBy(() -> AnomalyModel.open(file, cuda))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("no CUDA execution provider")
        .hasMessageContaining("-Pcuda")
        .hasMessageContaining("CUDA 12 and cuDNN 9")
        .hasMessageContaining("--device cpu");
  }

  @Test
  void autoFallsBackToCpuWithOneWarning() throws Exception {
    List<String> warnings = new ArrayList<>();
    ModelOptions auto = ModelOptions.builder().device(Device.AUTO).warnings(warnings::add).build();

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir), auto)) {
      assertThat(model.device()).isEqualTo(Device.CPU);
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("Falling back to the CPU");
    }
  }

  @Test
  void refusesModelWithoutVbsAnomalyMetadata() throws Exception {
    OnnxMl.ModelProto proto = OnnxModelWriter.build(RandomModels.vae(1, 3, false), null);
    Path file = write(proto.toBuilder().clearMetadataProps().build());

    assertThatThrownBy(() -> AnomalyModel.open(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no vbs_anomaly.format_version")
        .hasMessageContaining("supported format version: 1");
  }

  @Test
  void refusesAnotherFormatVersion() throws Exception {
    OnnxMl.ModelProto proto = OnnxModelWriter.build(RandomModels.vae(1, 3, false), null);
    OnnxMl.ModelProto.Builder builder = proto.toBuilder();
    builder.setMetadataProps(
        0,
        OnnxMl.StringStringEntryProto.newBuilder()
            .setKey(OnnxModelContract.FORMAT_VERSION_KEY)
            .setValue("2"));
    Path file = write(builder.build());

    assertThatThrownBy(() -> AnomalyModel.open(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("format version 2 is not supported")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void refusesOutputsItDoesNotKnow() throws Exception {
    OnnxMl.ModelProto proto = OnnxModelWriter.build(RandomModels.vae(1, 3, false), null);
    OnnxMl.GraphProto graph = proto.getGraph();
    // Expose the first intermediate value (the clamped features, [N, 14]) as an extra output.
    OnnxMl.ValueInfoProto extra =
        graph.getInput(0).toBuilder().setName(graph.getNode(0).getOutput(0)).build();
    Path file = write(proto.toBuilder().setGraph(graph.toBuilder().addOutput(extra)).build());

    assertThatThrownBy(() -> AnomalyModel.open(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("model outputs are")
        .hasMessageContaining("expected [kld, latent_mean, mse, reconstruction]");
  }

  @Test
  void refusesAFileThatIsNotOnnx() throws Exception {
    Path file = dir.resolve("notes.onnx");
    Files.writeString(file, "this is not a model");

    assertThatThrownBy(() -> AnomalyModel.open(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not an ONNX model that ONNX Runtime can load");
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThatThrownBy(() -> AnomalyModel.open(dir.resolve("absent.onnx")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void closedModelMakesNoScorers() throws Exception {
    AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir));
    model.close();

    assertThatThrownBy(() -> model.newBatchScorer(8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  private Path write(OnnxMl.ModelProto proto) throws Exception {
    Path file = dir.resolve("edited.onnx");
    Files.write(file, proto.toByteArray());
    return file;
  }
}
