package org.vbsanomaly.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.schema.v1.ModelMetadata;

class ModelMetadataCodecTest {

  @Test
  void propertiesRoundTripToEqualMetadata() throws Exception {
    ModelMetadata metadata = RandomModels.metadata(3, false);

    Map<String, String> props = ModelMetadataCodec.toProperties(metadata);
    ModelMetadata read = ModelMetadataCodec.fromProperties(props, false, "m.onnx");

    assertThat(read).isEqualTo(metadata);
    assertThat(props.get(OnnxModelContract.METADATA_KEY)).contains("\"flagVariable\": \"mse\"");
  }

  @Test
  void refusesModelWithoutFormatVersionNamingTheSupportedVersion() {
    Map<String, String> props = ModelMetadataCodec.toProperties(RandomModels.metadata(3, false));
    props.remove(OnnxModelContract.FORMAT_VERSION_KEY);

    assertThatThrownBy(() -> ModelMetadataCodec.fromProperties(props, false, "m.onnx"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("m.onnx")
        .hasMessageContaining("no vbs_anomaly.format_version")
        .hasMessageContaining("supported format version: 1");
  }

  @Test
  void refusesOtherFormatVersionNamingTheSupportedVersion() {
    Map<String, String> props =
        new HashMap<>(ModelMetadataCodec.toProperties(RandomModels.metadata(3, false)));
    props.put(OnnxModelContract.FORMAT_VERSION_KEY, "2");

    assertThatThrownBy(() -> ModelMetadataCodec.fromProperties(props, false, "m.onnx"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("model format version 2 is not supported")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void refusesMissingMetadataJson() {
    Map<String, String> props = ModelMetadataCodec.toProperties(RandomModels.metadata(3, false));
    props.remove(OnnxModelContract.METADATA_KEY);

    assertThatThrownBy(() -> ModelMetadataCodec.fromProperties(props, false, "m.onnx"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("no vbs_anomaly.metadata");
  }

  @Test
  void refusesMalformedJson() {
    Map<String, String> props = ModelMetadataCodec.toProperties(RandomModels.metadata(3, false));
    props.put(OnnxModelContract.METADATA_KEY, "{\"latentDim\": \"three\"}");

    assertThatThrownBy(() -> ModelMetadataCodec.fromProperties(props, false, "m.onnx"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not valid ModelMetadata JSON");
  }

  @Test
  void ignoresJsonFieldsAddedWithinTheVersion() throws Exception {
    ModelMetadata metadata = RandomModels.metadata(3, false);
    String json = ModelMetadataCodec.toJson(metadata);
    String extended = json.replaceFirst("\\{", "{\"futureField\": 1,");

    assertThat(ModelMetadataCodec.fromJson(extended, "m.onnx")).isEqualTo(metadata);
  }

  @Test
  void refusesThresholdEfficiencyOutsideTheUnitInterval() {
    ModelMetadata metadata =
        RandomModels.metadata(3, false).toBuilder()
            .setThresholds(
                0,
                RandomModels.metadata(3, false).getThresholds(0).toBuilder().setSmEfficiency(10.0))
            .build();

    assertThatThrownBy(() -> ModelMetadataCodec.validate(metadata, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sm_efficiency 10.0");
  }

  @Test
  void refusesScoreFlagWithoutClassifier() {
    ModelMetadata metadata =
        RandomModels.metadata(3, false).toBuilder().setFlagVariable("score").build();

    assertThatThrownBy(() -> ModelMetadataCodec.validate(metadata, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flag_variable is 'score', expected one of [mse, kld]");
  }
}
