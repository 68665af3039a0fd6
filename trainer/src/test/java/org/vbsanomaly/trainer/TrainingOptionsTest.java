package org.vbsanomaly.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.trainer.tf.OutputActivation;

class TrainingOptionsTest {

  @Test
  void optionsRecordedInMetadataReadBackEqual() {
    TrainingOptions o =
        TrainingOptions.builder()
            .seed(42)
            .testFraction(0.25)
            .beta(1e-3f)
            .hiddenSizes(List.of(16, 8))
            .latentDim(4)
            .outputActivation(OutputActivation.SIGMOID)
            .allowDamaged(true)
            .build();

    assertThat(TrainingOptions.fromMap(o.asMap())).isEqualTo(o);
  }

  @Test
  void missingOptionsTakeTheirDefaults() {
    assertThat(TrainingOptions.fromMap(Map.of("seed", "9")))
        .isEqualTo(TrainingOptions.builder().seed(9).build());
  }

  @Test
  void aBadRecordedValueIsNamed() {
    assertThatThrownBy(() -> TrainingOptions.fromMap(Map.of("hidden", "20,x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hidden")
        .hasMessageContaining("20,x");
  }
}
