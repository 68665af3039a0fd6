package org.vbsanomaly.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.trainer.data.FeatureScaling;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.data.Partition;
import org.vbsanomaly.trainer.data.SampleLoader;
import org.vbsanomaly.trainer.data.SampleSpec;
import org.vbsanomaly.trainer.data.SmEvents;

class VaeTrainerTest {
  private static float[] fit;
  private static float[] validation;

  /** The scaled fit and validation events of the 500-event SM run. */
  @BeforeAll
  static void load() throws Exception {
    SampleLoader loader = new SampleLoader(Selection.paper(), 100, false);
    List<LoadedSample> sm =
        loader.loadSm(List.of(SampleSpec.sm(SharedSamples.ssww("ssww_sm_500.lhe.gz"))));
    TrainingOptions defaults = TrainingOptions.builder().build();
    SmEvents events = new SmEvents(sm, defaults.testSplit(), defaults.validationFraction());
    int[] all = new int[events.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    FeatureScaling scaling =
        FeatureScaling.fit(events.observables(all), events.trainingSplitMask());
    fit = events.scaled(scaling, events.rows(Partition.FIT));
    validation = events.scaled(scaling, events.rows(Partition.VALIDATION));
  }

  @Test
  void sameSeedAndDataGiveIdenticalWeightsAndLosses() throws Exception {
    TrainingOptions options = TrainingOptions.builder().seed(42).maxEpochs(3).batchSize(16).build();

    TrainingHistory first = VaeTrainer.train(fit, validation, options, TrainingListener.NONE);
    TrainingHistory second = VaeTrainer.train(fit, validation, options, TrainingListener.NONE);

    assertThat(second.best()).isEqualTo(first.best());
    for (int e = 0; e < first.epochsRun(); e++) {
      assertThat(second.epochs().get(e).trainLoss()).isEqualTo(first.epochs().get(e).trainLoss());
      assertThat(second.epochs().get(e).validationLoss())
          .isEqualTo(first.epochs().get(e).validationLoss());
    }
  }

  @Test
  void anotherSeedGivesOtherWeights() throws Exception {
    TrainingOptions a = TrainingOptions.builder().seed(1).maxEpochs(1).build();
    TrainingOptions b = a.toBuilder().seed(2).build();

    TrainingHistory ha = VaeTrainer.train(fit, validation, a, TrainingListener.NONE);
    TrainingHistory hb = VaeTrainer.train(fit, validation, b, TrainingListener.NONE);

    assertThat(ha.best()).isNotEqualTo(hb.best());
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestEpoch() throws Exception {
    // Steps this large overshoot, so the validation loss soon stops improving.
    TrainingOptions options =
        TrainingOptions.builder().maxEpochs(50).patience(2).learningRate(0.03f).build();

    TrainingHistory h = VaeTrainer.train(fit, validation, options, TrainingListener.NONE);

    assertThat(h.epochsRun()).isEqualTo(h.bestEpoch() + 2);
    assertThat(h.stopReason()).contains("no better validation loss in 2 epochs");
    double best = h.bestReport().validationLoss();
    assertThat(h.epochs())
        .allSatisfy(e -> assertThat(e.validationLoss()).isGreaterThanOrEqualTo(best));
  }

  @Test
  void divergingLossStopsTrainingWithAnExplanation() {
    TrainingOptions options = TrainingOptions.builder().maxEpochs(5).learningRate(0.3f).build();

    assertThatThrownBy(() -> VaeTrainer.train(fit, validation, options, TrainingListener.NONE))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("the loss is not finite at epoch 1")
        .hasMessageContaining("lower the learning rate (--learning-rate)");
  }

  @Test
  void reportsEveryBatchAndEpochToTheListener() throws Exception {
    TrainingOptions options = TrainingOptions.builder().maxEpochs(2).batchSize(50).build();
    int rows = fit.length / 14;
    int batches = (rows + 49) / 50;
    int[] counts = new int[2];

    VaeTrainer.train(
        fit,
        validation,
        options,
        new TrainingListener() {
          @Override
          public void batchFinished(int epoch, int batch, int total) {
            assertThat(total).isEqualTo(batches);
            counts[0]++;
          }

          @Override
          public void epochFinished(EpochReport report) {
            counts[1]++;
          }
        });

    assertThat(counts).containsExactly(2 * batches, 2);
  }

  @Test
  void refusesFeaturesThatAreNotWholeRows() {
    TrainingOptions options = TrainingOptions.builder().maxEpochs(1).build();

    assertThatThrownBy(
            () -> VaeTrainer.train(new float[15], validation, options, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15 values is not a positive multiple of 14");
  }
}
