package org.vbsanomaly.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.trainer.data.SampleSpec;

/** Bad input stops a training with a message naming the problem, before any training starts. */
class InputValidationTest {
  @TempDir Path dir;

  private final List<String> stages = new ArrayList<>();
  private final TrainingListener recorder =
      new TrainingListener() {
        @Override
        public void stage(String description) {
          stages.add(description);
        }
      };

  @Test
  void missingFileIsNamedBeforeAnyFileIsRead() {
    Path sm = SharedSamples.ssww("ssww_sm_500.lhe.gz");
    Path missing = dir.resolve("no_such_cW_quad.lhe.gz");
    VaeTrainingRun.Request request =
        request(List.of(SampleSpec.sm(sm)), List.of(SampleSpec.eft("cW_quad", missing)));

    assertThatThrownBy(() -> VaeTrainingRun.run(request, recorder))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("sample cW_quad");
    assertThat(stages).isEmpty();
  }

  @Test
  void fileWithTooFewSelectedEventsIsRefusedBeforeTraining() {
    // One event with a single jet and no lepton: nothing passes the selection.
    Path tiny = SharedSamples.caseFile("25-fewer-than-two-jets.lhe");
    VaeTrainingRun.Request request = request(List.of(SampleSpec.sm(tiny)), List.of());

    assertThatThrownBy(() -> VaeTrainingRun.run(request, recorder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tiny.toString())
        .hasMessageContaining("only 0 of 1 events pass the selection")
        .hasMessageContaining("at least 100 are needed (--min-selected)");
    assertThat(stages).doesNotContain("training");
  }

  @Test
  void eftFileBelowTheMinimumIsRefusedToo() {
    Path sm = SharedSamples.ssww("ssww_sm_500.lhe.gz");
    Path quad = SharedSamples.ssww("ssww_cqq1_quad.lhe.gz");
    TrainingOptions options = TrainingOptions.builder().minSelected(1000).build();
    VaeTrainingRun.Request request =
        new VaeTrainingRun.Request(
            List.of(SampleSpec.sm(sm)),
            List.of(SampleSpec.eft("cqq1_quad", quad)),
            dir.resolve("m.onnx"),
            Selection.paper(),
            options,
            false);

    assertThatThrownBy(() -> VaeTrainingRun.run(request, recorder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssww_sm_500.lhe.gz: only 419 of 500 events pass");
    assertThat(stages).doesNotContain("training");
  }

  @Test
  void optionsOutOfRangeNameTheOptionAndTheAllowedRange() {
    assertThatThrownBy(() -> TrainingOptions.builder().batchSize(0).build())
        .hasMessage("batch size (--batch-size) must be in [1, 1048576], got 0");
    assertThatThrownBy(() -> TrainingOptions.builder().learningRate(2f).build())
        .hasMessage("learning rate (--learning-rate) must be in (0, 1), got 2.0");
    assertThatThrownBy(() -> TrainingOptions.builder().testFraction(1.0).build())
        .hasMessage("test fraction (--test-fraction) must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> TrainingOptions.builder().beta(-1f).build())
        .hasMessageContaining("beta (--beta) must be finite and >= 0");
    assertThatThrownBy(() -> TrainingOptions.builder().hiddenSizes(List.of(20, 0)).build())
        .hasMessageContaining("hidden layer width must be in [1, 4096], got 0");
    assertThatThrownBy(() -> TrainingOptions.builder().latentDim(0).build())
        .hasMessageContaining("latent size must be in [1, 256], got 0");
  }

  @Test
  void modelFileMustBeOnnxAndEftNamesUnique() {
    Path sm = SharedSamples.ssww("ssww_sm_500.lhe.gz");
    Path quad = SharedSamples.ssww("ssww_cW_quad.lhe.gz");
    VaeTrainingRun.Request wrongName =
        new VaeTrainingRun.Request(
            List.of(SampleSpec.sm(sm)),
            List.of(),
            dir.resolve("model.bin"),
            Selection.paper(),
            TrainingOptions.builder().build(),
            false);
    VaeTrainingRun.Request twice =
        request(
            List.of(SampleSpec.sm(sm)),
            List.of(SampleSpec.eft("cW_quad", quad), SampleSpec.eft("cW_quad", quad)));

    assertThatThrownBy(() -> VaeTrainingRun.run(wrongName, recorder))
        .hasMessageContaining("must be named NAME.onnx");
    assertThatThrownBy(() -> VaeTrainingRun.run(twice, recorder))
        .hasMessageContaining("EFT sample name 'cW_quad' is given twice");
    assertThat(stages).isEmpty();
  }

  private VaeTrainingRun.Request request(List<SampleSpec> sm, List<SampleSpec> eft) {
    return new VaeTrainingRun.Request(
        sm,
        eft,
        dir.resolve("m.onnx"),
        Selection.paper(),
        TrainingOptions.builder().build(),
        false);
  }
}
