package org.vbsanomaly.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.trainer.eval.RocCurve;
import org.vbsanomaly.trainer.eval.WeightedScores;
import org.vbsanomaly.trainer.tf.ClassifierArchitecture;
import org.vbsanomaly.trainer.tf.ClassifierParameters;
import org.vbsanomaly.trainer.tf.ForwardPass;
import org.vbsanomaly.trainer.tf.JointSession;
import org.vbsanomaly.trainer.tf.Standardisation;
import org.vbsanomaly.trainer.tf.VaeArchitecture;
import org.vbsanomaly.trainer.tf.VaeParameters;
import org.vbsanomaly.trainer.tf.VaeSession;

/**
 * Trains the VAE+NN model: the VAE and a classifier on each event's (mse, kld), with the joint
 * objective of {@link org.vbsanomaly.trainer.tf.ClassifierGraph} (VAE term on SM events, binary
 * cross-entropy of SM against EFT events), mini-batch Adam, a per-epoch validation loss and early
 * stopping; returns the best epoch's weights.
 *
 * <p>Implementation note. Each step takes {@code batchSize} SM and {@code batchSize} EFT events
 * (fewer if a class has fewer), each class drawn from its own shuffled order and reshuffled when it
 * is used up; an epoch is as many steps as pass once over the larger class. Event weights are
 * normalised to mean 1 within each class, and each class carries half of the cross-entropy, so the
 * classifier sees balanced classes whatever their cross sections (its score is then the odds of the
 * two shapes, not of the two yields; the yields enter later, in the sensitivity study). The
 * classifier's inputs are standardised with the weighted mean and standard deviation of the trained
 * VAE's mse and kld over the fit events of both classes, each class weighing half; the constants
 * are fixed before the first step and exported with the weights.
 *
 * <p>Reproducibility: one seed (the VAE's) drives everything random through streams split from it.
 * The first draw gives the VAE's fresh weights, the very weights the VAE's own training started
 * from ({@link VaeTrainer} draws them first from the same seed); the next streams give the
 * classifier's initial weights, the order of each class, the reparameterisation noise and the fixed
 * validation noise. With the deterministic session the same inputs give bit-identical weights on
 * the same machine. Stateless; each call builds and closes its own TensorFlow sessions.
 */
public final class ClassifierTrainer {
  private static final int D = Observable.COUNT;

  private ClassifierTrainer() {}

  /**
   * Events of one class and part.
   *
   * @param features scaled features, row-major, 14 per row
   * @param weights one weight per event (pb, or any unit: they are normalised within the class)
   */
  public record Sample(float[] features, double[] weights) {
    public Sample {
      if (features.length != weights.length * Observable.COUNT) {
        throw new IllegalArgumentException(
            features.length
                + " feature values for "
                + weights.length
                + " events; "
                + Observable.COUNT
                + " per event");
      }
    }

    public int rows() {
      return weights.length;
    }
  }

  /** The four samples of a training; none may be empty. */
  public record Inputs(Sample smFit, Sample smValidation, Sample eftFit, Sample eftValidation) {}

  /**
   * Trains.
   *
   * @param trainedVae the trained VAE: the start when {@link ClassifierOptions#vaeStart()} is
   *     {@link VaeStart#TRAINED}, and always the reference of the input standardisation
   * @param vae the VAE's options: architecture, seed, beta
   * @throws IllegalArgumentException if a sample is empty, a class's weights do not sum to a
   *     positive value, or the VAE's weights do not fit its architecture
   * @throws TrainingException when the loss stops being finite
   */
  public static ClassifierHistory train(
      Inputs in,
      VaeParameters trainedVae,
      TrainingOptions vae,
      ClassifierOptions options,
      TrainingListener listener)
      throws TrainingException {
    VaeArchitecture arch = vae.architecture();
    if (!trainedVae.fits(arch)) {
      throw new IllegalArgumentException("the VAE's weights do not fit " + arch);
    }
    ClassifierArchitecture head = options.architecture(arch.leakyAlpha());
    Sample smFit = normalised(in.smFit(), "SM fit");
    Sample eftFit = normalised(in.eftFit(), "EFT fit");
    Sample smVal = normalised(in.smValidation(), "SM validation");
    Sample eftVal = normalised(in.eftValidation(), "EFT validation");

    SplittableRandom root = new SplittableRandom(vae.seed());
    VaeParameters fresh = VaeParameters.initial(arch, root.nextLong());
    VaeParameters start = options.vaeStart() == VaeStart.SCRATCH ? fresh : trainedVae;
    Standardisation standardisation = standardisation(smFit, eftFit, trainedVae, vae);
    ClassifierParameters headStart =
        ClassifierParameters.initial(head, standardisation, root.split());
    Validation validation = new Validation(smVal, eftVal, root.split(), arch.latentDim());
    EpochLoop loop =
        new EpochLoop(smFit, eftFit, options, arch, root.split(), root.split(), root.split());

    listener.trainingStarted(
        options.maxEpochs(), loop.steps, smFit.rows() + eftFit.rows(), validation.rows);
    long t0 = System.nanoTime();
    try (JointSession session =
        new JointSession(
            arch,
            start,
            head,
            headStart,
            vae.beta(),
            options.bceWeight(),
            options.learningRate(),
            !options.freezeVae())) {
      return epochs(session, loop, validation, start, vae, options, listener, t0);
    }
  }

  private static ClassifierHistory epochs(
      JointSession session,
      EpochLoop loop,
      Validation validation,
      VaeParameters start,
      TrainingOptions vae,
      ClassifierOptions options,
      TrainingListener listener,
      long t0)
      throws TrainingException {
    List<ClassifierEpochReport> reports = new ArrayList<>();
    VaeParameters bestVae = start;
    ClassifierParameters bestHead = session.readClassifier();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    String stop = "reached the epoch limit of " + options.maxEpochs();
    for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
      long e0 = System.nanoTime();
      double[] train = loop.run(session, epoch, listener);
      double trainSeconds = (System.nanoTime() - e0) * 1e-9;
      double[] val = validation.evaluate(session, vae.beta(), options.bceWeight());
      requireFinite(epoch, train[0], val[0]);
      boolean improved = val[0] < bestLoss;
      if (improved) {
        bestLoss = val[0];
        bestEpoch = epoch;
        bestVae = options.freezeVae() ? start : session.readVae();
        bestHead = session.readClassifier();
      }
      ClassifierEpochReport report =
          new ClassifierEpochReport(
              epoch,
              train[0],
              train[1],
              train[2],
              val[0],
              val[1],
              val[2],
              val[3],
              (System.nanoTime() - e0) * 1e-9,
              loop.eventsPerEpoch() / trainSeconds,
              improved);
      reports.add(report);
      listener.classifierEpochFinished(report);
      if (epoch - bestEpoch >= options.patience()) {
        stop =
            "no better validation loss in "
                + options.patience()
                + " epochs after epoch "
                + bestEpoch
                + " (--patience)";
        break;
      }
    }
    return new ClassifierHistory(
        bestVae, bestHead, start, reports, bestEpoch, stop, (System.nanoTime() - t0) * 1e-9);
  }

  private static void requireFinite(int epoch, double train, double validation)
      throws TrainingException {
    if (!Double.isFinite(train) || !Double.isFinite(validation)) {
      throw new TrainingException(
          "the loss is not finite at epoch "
              + epoch
              + " (training "
              + train
              + ", validation "
              + validation
              + "); lower the learning rate (--learning-rate)");
    }
  }

  /** The fixed input standardisation, from the trained VAE's outputs on the fit events. */
  static Standardisation standardisation(
      Sample smFit, Sample eftFit, VaeParameters trainedVae, TrainingOptions vae) {
    int n = smFit.rows() + eftFit.rows();
    float[] mse = new float[n];
    float[] kld = new float[n];
    double[] w = new double[n];
    try (VaeSession session =
        new VaeSession(vae.architecture(), trainedVae, vae.beta(), vae.learningRate())) {
      int at = 0;
      for (Sample s : List.of(smFit, eftFit)) {
        ForwardPass out = session.forward(s.features(), s.rows());
        System.arraycopy(out.mse(), 0, mse, at, s.rows());
        System.arraycopy(out.kld(), 0, kld, at, s.rows());
        for (int i = 0; i < s.rows(); i++) {
          w[at + i] = 0.5 * Math.abs(s.weights()[i]) / s.rows();
        }
        at += s.rows();
      }
    }
    return Standardisation.fit(mse, kld, w);
  }

  /**
   * The sample with its weights divided by their mean, so that they average 1.
   *
   * @throws IllegalArgumentException if it is empty or its weights do not sum to a positive value
   */
  static Sample normalised(Sample s, String what) {
    if (s.rows() == 0) {
      throw new IllegalArgumentException("the " + what + " sample is empty");
    }
    double sum = 0;
    for (double w : s.weights()) {
      sum += w;
    }
    if (!(sum > 0) || Double.isInfinite(sum)) {
      throw new IllegalArgumentException(
          "the weights of the " + what + " sample sum to " + sum + "; a positive total is needed");
    }
    double[] w = new double[s.rows()];
    double mean = sum / s.rows();
    for (int i = 0; i < w.length; i++) {
      w[i] = s.weights()[i] / mean;
    }
    return new Sample(s.features(), w);
  }

  /** The mini-batch loop, with its reused buffers. */
  private static final class EpochLoop {
    private final Cycle sm;
    private final Cycle eft;
    private final int smBatch;
    private final int eftBatch;
    private final int steps;
    private final int d;
    private final int latent;
    private final SplittableRandom noise;
    private final float[] x;
    private final float[] eps;
    private final float[] labels;
    private final float[] vaeWeights;
    private final float[] bceWeights;

    EpochLoop(
        Sample sm,
        Sample eft,
        ClassifierOptions options,
        VaeArchitecture arch,
        SplittableRandom smOrder,
        SplittableRandom eftOrder,
        SplittableRandom noise) {
      this.sm = new Cycle(sm, smOrder);
      this.eft = new Cycle(eft, eftOrder);
      this.smBatch = Math.min(options.batchSize(), sm.rows());
      this.eftBatch = Math.min(options.batchSize(), eft.rows());
      int larger = Math.max(sm.rows(), eft.rows());
      this.steps = (larger + options.batchSize() - 1) / options.batchSize();
      this.d = arch.inputDim();
      this.latent = arch.latentDim();
      this.noise = noise;
      int rows = smBatch + eftBatch;
      this.x = new float[rows * d];
      this.eps = new float[rows * latent];
      this.labels = new float[rows];
      this.vaeWeights = new float[rows];
      this.bceWeights = new float[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = i < smBatch ? 0f : 1f;
        vaeWeights[i] = i < smBatch ? 1f / smBatch : 0f;
      }
    }

    double eventsPerEpoch() {
      return (double) steps * (smBatch + eftBatch);
    }

    /** One epoch; returns the step-averaged {loss, VAE term, cross-entropy}. */
    double[] run(JointSession session, int epoch, TrainingListener listener) {
      int rows = smBatch + eftBatch;
      double[] sums = new double[3];
      for (int step = 0; step < steps; step++) {
        for (int i = 0; i < smBatch; i++) {
          bceWeights[i] = (float) (0.5 * sm.take(x, i * d) / smBatch);
        }
        for (int i = smBatch; i < rows; i++) {
          bceWeights[i] = (float) (0.5 * eft.take(x, i * d) / eftBatch);
        }
        for (int i = 0; i < rows * latent; i++) {
          eps[i] = (float) noise.nextGaussian();
        }
        float[] terms = session.train(x, eps, labels, vaeWeights, bceWeights, rows);
        for (int k = 0; k < 3; k++) {
          sums[k] += terms[k];
        }
        listener.batchFinished(epoch, step + 1, steps);
      }
      return new double[] {sums[0] / steps, sums[1] / steps, sums[2] / steps};
    }
  }

  /** One class's events in a shuffled order, reshuffled each time it is used up. */
  private static final class Cycle {
    private final Sample sample;
    private final SplittableRandom random;
    private final int[] order;
    private int next;

    Cycle(Sample sample, SplittableRandom random) {
      this.sample = sample;
      this.random = random;
      this.order = new int[sample.rows()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      VaeTrainer.shuffle(order, random);
    }

    /** Copies the next event's features into {@code x} at {@code at}; returns its weight. */
    double take(float[] x, int at) {
      if (next == order.length) {
        VaeTrainer.shuffle(order, random);
        next = 0;
      }
      int row = order[next++];
      System.arraycopy(sample.features(), row * D, x, at, D);
      return sample.weights()[row];
    }
  }

  /** The validation events of both classes with a fixed noise draw. */
  private static final class Validation {
    private final Sample sm;
    private final Sample eft;
    private final int rows;
    private final float[] x;
    private final float[] eps;
    private final float[] labels;
    private final float[] sampledMse;
    private final float[] kld;
    private final float[] bce;
    private final float[] score;

    Validation(Sample sm, Sample eft, SplittableRandom noise, int latent) {
      this.sm = sm;
      this.eft = eft;
      this.rows = sm.rows() + eft.rows();
      this.x = new float[rows * D];
      System.arraycopy(sm.features(), 0, x, 0, sm.features().length);
      System.arraycopy(eft.features(), 0, x, sm.features().length, eft.features().length);
      this.eps = new float[rows * latent];
      for (int i = 0; i < eps.length; i++) {
        eps[i] = (float) noise.nextGaussian();
      }
      this.labels = new float[rows];
      Arrays.fill(labels, sm.rows(), rows, 1f);
      this.sampledMse = new float[rows];
      this.kld = new float[rows];
      this.bce = new float[rows];
      this.score = new float[rows];
    }

    /** {loss, VAE term, cross-entropy, AUC} on the validation events. */
    double[] evaluate(JointSession session, float beta, float lambda) {
      session.objectiveTerms(x, eps, labels, rows, sampledMse, kld, bce, score);
      int nSm = sm.rows();
      double vaeTerm = 0;
      double smBce = 0;
      for (int i = 0; i < nSm; i++) {
        vaeTerm += sampledMse[i] + (double) beta * kld[i];
        smBce += sm.weights()[i] * bce[i];
      }
      double eftBce = 0;
      for (int i = nSm; i < rows; i++) {
        eftBce += eft.weights()[i - nSm] * bce[i];
      }
      vaeTerm /= nSm;
      double crossEntropy = 0.5 * smBce / nSm + 0.5 * eftBce / eft.rows();
      float[] smScore = Arrays.copyOfRange(score, 0, nSm);
      float[] eftScore = Arrays.copyOfRange(score, nSm, rows);
      double auc =
          RocCurve.of(
                  WeightedScores.of(smScore, sm.weights()),
                  WeightedScores.of(eftScore, eft.weights()))
              .auc();
      return new double[] {vaeTerm + lambda * crossEntropy, vaeTerm, crossEntropy, auc};
    }
  }
}
