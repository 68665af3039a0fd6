package org.vbsanomaly.trainer.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.inference.model.Activation;

class JointSessionTest {
  private static final int D = 14;
  private static final VaeArchitecture VAE =
      new VaeArchitecture(D, List.of(6), 2, 0.3f, OutputActivation.LINEAR);
  private static final ClassifierArchitecture HEAD =
      new ClassifierArchitecture(4, Activation.RELU, 0.3f);
  private static final Standardisation STANDARDISATION = new Standardisation(0.1f, 0.05f, 1f, 0.5f);

  @Test
  void scoreAndCrossEntropyMatchAHandComputationFromMseAndKld() {
    VaeParameters vae = VaeParameters.initial(VAE, 3);
    ClassifierParameters head =
        ClassifierParameters.initial(HEAD, STANDARDISATION, new SplittableRandom(4));
    int n = 50;
    float[] x = features(n, 5);
    float[] labels = new float[n];
    for (int i = 0; i < n; i += 2) {
      labels[i] = 1f;
    }

    ClassifierPass pass;
    float[] bce = new float[n];
    try (JointSession s = new JointSession(VAE, vae, HEAD, head, 5e-4f, 1f, 1e-3f, true)) {
      pass = s.forward(x, n);
      s.objectiveTerms(
          x, new float[n * 2], labels, n, new float[n], new float[n], bce, new float[n]);
    }

    for (int i = 0; i < n; i++) {
      double logit = logitByHand(head, pass.vae().mse()[i], pass.vae().kld()[i]);
      double score = 1 / (1 + Math.exp(-logit));
      double expectedBce = labels[i] == 1f ? -Math.log(score) : -Math.log(1 - score);
      assertThat((double) pass.score()[i]).as("score %d", i).isCloseTo(score, within(1e-6));
      assertThat((double) bce[i]).as("bce %d", i).isCloseTo(expectedBce, within(1e-5));
    }
  }

  @Test
  void frozenStepsLeaveTheVaeBitForBitAndMoveTheClassifier() {
    VaeParameters vae = VaeParameters.initial(VAE, 6);
    ClassifierParameters head =
        ClassifierParameters.initial(HEAD, STANDARDISATION, new SplittableRandom(7));

    VaeParameters after;
    ClassifierParameters headAfter;
    try (JointSession s = new JointSession(VAE, vae, HEAD, head, 5e-4f, 1f, 1e-2f, false)) {
      step(s, 3);
      after = s.readVae();
      headAfter = s.readClassifier();
    }

    assertThat(after).isEqualTo(vae);
    assertThat(headAfter.hidden()).isNotEqualTo(head.hidden());
    assertThat(headAfter.standardisation()).isEqualTo(STANDARDISATION);
  }

  @Test
  void jointStepsMoveEveryVaeLayer() {
    VaeParameters vae = VaeParameters.initial(VAE, 6);
    ClassifierParameters head =
        ClassifierParameters.initial(HEAD, STANDARDISATION, new SplittableRandom(7));

    VaeParameters after;
    try (JointSession s = new JointSession(VAE, vae, HEAD, head, 5e-4f, 1f, 1e-2f, true)) {
      step(s, 3);
      after = s.readVae();
    }

    for (int i = 0; i < vae.layers().size(); i++) {
      assertThat(after.layers().get(i)).as("layer %d", i).isNotEqualTo(vae.layers().get(i));
    }
  }

  /** Mini-batches of 8 SM and 8 EFT rows, weights as the trainer sets them. */
  private static void step(JointSession s, int steps) {
    int rows = 16;
    float[] labels = new float[rows];
    float[] vaeWeights = new float[rows];
    float[] bceWeights = new float[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = i < 8 ? 0f : 1f;
      vaeWeights[i] = i < 8 ? 1f / 8 : 0f;
      bceWeights[i] = 0.5f / 8;
    }
    SplittableRandom noise = new SplittableRandom(9);
    for (int k = 0; k < steps; k++) {
      float[] eps = new float[rows * 2];
      for (int i = 0; i < eps.length; i++) {
        eps[i] = (float) noise.nextGaussian();
      }
      float[] terms = s.train(features(rows, 10 + k), eps, labels, vaeWeights, bceWeights, rows);
      assertThat(terms[0]).isCloseTo(terms[1] + terms[2], within(1e-5f));
    }
  }

  /** The head evaluated in double from the standardised (mse, kld). */
  private static double logitByHand(ClassifierParameters p, float mse, float kld) {
    Standardisation s = p.standardisation();
    double[] u = {(mse - s.mseMean()) / s.mseSd(), (kld - s.kldMean()) / s.kldSd()};
    double logit = p.output().bias()[0];
    for (int j = 0; j < p.hidden().outputs(); j++) {
      double h = p.hidden().bias()[j];
      for (int i = 0; i < 2; i++) {
        h += u[i] * p.hidden().kernel()[i][j];
      }
      logit += Math.max(h, 0) * p.output().kernel()[j][0];
    }
    return logit;
  }

  private static float[] features(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[rows * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }
}
