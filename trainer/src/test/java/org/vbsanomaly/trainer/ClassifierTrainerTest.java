package org.vbsanomaly.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.trainer.ClassifierTrainer.Sample;
import org.vbsanomaly.trainer.tf.VaeParameters;

/**
 * The VAE+NN training loop on synthetic events: SM features uniform in [0.2, 0.8], EFT events with
 * their first three features pushed to [0.8, 1.4], where an SM-trained VAE reconstructs them badly.
 */
class ClassifierTrainerTest {
  private static final TrainingOptions VAE =
      TrainingOptions.builder().seed(11).hiddenSizes(List.of(8, 4)).latentDim(2).build();
  private static final VaeParameters TRAINED = VaeParameters.initial(VAE.architecture(), 99);

  @Test
  void crossEntropyFallsOverAFewEpochs() throws Exception {
    ClassifierOptions options =
        ClassifierOptions.builder().maxEpochs(4).vaeStart(VaeStart.TRAINED).build();

    ClassifierHistory h = ClassifierTrainer.train(inputs(), TRAINED, VAE, options, listener());

    List<ClassifierEpochReport> epochs = h.epochs();
    assertThat(epochs).hasSize(4);
    assertThat(epochs.get(3).validationBce()).isLessThan(epochs.get(0).validationBce());
    assertThat(epochs.get(3).trainBce()).isLessThan(epochs.get(0).trainBce());
    assertThat(epochs.get(3).validationAuc()).isGreaterThan(0.5);
  }

  @Test
  void jointTrainingMovesTheVaeWeights() throws Exception {
    ClassifierOptions options =
        ClassifierOptions.builder().maxEpochs(2).vaeStart(VaeStart.TRAINED).build();

    ClassifierHistory h = ClassifierTrainer.train(inputs(), TRAINED, VAE, options, listener());

    assertThat(h.startVae()).isEqualTo(TRAINED);
    for (int i = 0; i < TRAINED.layers().size(); i++) {
      assertThat(h.bestVae().layers().get(i))
          .as("layer %d", i)
          .isNotEqualTo(TRAINED.layers().get(i));
    }
  }

  @Test
  void frozenTrainingKeepsTheTrainedVaeAndMovesTheClassifier() throws Exception {
    ClassifierOptions options = ClassifierOptions.builder().maxEpochs(2).freezeVae(true).build();

    ClassifierHistory h = ClassifierTrainer.train(inputs(), TRAINED, VAE, options, listener());

    assertThat(options.vaeStart()).isEqualTo(VaeStart.TRAINED);
    assertThat(h.bestVae()).isEqualTo(TRAINED);
    assertThat(h.epochs().get(1).trainBce()).isLessThan(h.epochs().get(0).trainBce());
  }

  @Test
  void scratchStartIsTheFirstDrawOfTheVaeSeedAsInTheVaeTraining() throws Exception {
    ClassifierOptions options = ClassifierOptions.builder().maxEpochs(1).build();

    ClassifierHistory h = ClassifierTrainer.train(inputs(), TRAINED, VAE, options, listener());

    long first = new SplittableRandom(VAE.seed()).nextLong();
    assertThat(options.vaeStart()).isEqualTo(VaeStart.SCRATCH);
    assertThat(h.startVae()).isEqualTo(VaeParameters.initial(VAE.architecture(), first));
  }

  @Test
  void sameSeedAndInputsGiveBitIdenticalWeights() throws Exception {
    ClassifierOptions options = ClassifierOptions.builder().maxEpochs(2).build();

    ClassifierHistory a = ClassifierTrainer.train(inputs(), TRAINED, VAE, options, listener());
    ClassifierHistory b = ClassifierTrainer.train(inputs(), TRAINED, VAE, options, listener());

    assertThat(a.bestVae()).isEqualTo(b.bestVae());
    assertThat(a.bestClassifier()).isEqualTo(b.bestClassifier());
  }

  @Test
  void refusesAClassWhoseWeightsDoNotSumToAPositiveValue() {
    ClassifierTrainer.Inputs in = inputs();
    double[] negative = new double[in.eftFit().rows()];
    Arrays.fill(negative, -1);
    ClassifierTrainer.Inputs bad =
        new ClassifierTrainer.Inputs(
            in.smFit(),
            in.smValidation(),
            new Sample(in.eftFit().features(), negative),
            in.eftValidation());

    assertThatThrownBy(
            () ->
                ClassifierTrainer.train(
                    bad, TRAINED, VAE, ClassifierOptions.builder().build(), listener()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EFT fit")
        .hasMessageContaining("positive total");
  }

  @Test
  void frozenFromScratchIsRefused() {
    assertThatThrownBy(
            () -> ClassifierOptions.builder().freezeVae(true).vaeStart(VaeStart.SCRATCH).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--freeze-vae");
  }

  static ClassifierTrainer.Inputs inputs() {
    return new ClassifierTrainer.Inputs(
        sample(400, false, 1), sample(150, false, 2), sample(400, true, 3), sample(150, true, 4));
  }

  private static Sample sample(int rows, boolean eft, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[rows * 14];
    double[] w = new double[rows];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < 14; k++) {
        double v = 0.2 + 0.6 * r.nextDouble();
        x[i * 14 + k] = (float) (eft && k < 3 ? v + 0.6 : v);
      }
      w[i] = 1e-6 * (0.5 + r.nextDouble());
    }
    return new Sample(x, w);
  }

  private static TrainingListener listener() {
    return TrainingListener.NONE;
  }
}
