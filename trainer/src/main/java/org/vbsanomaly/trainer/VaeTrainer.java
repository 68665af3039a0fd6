package org.vbsanomaly.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vbsanomaly.trainer.tf.VaeArchitecture;
import org.vbsanomaly.trainer.tf.VaeParameters;
import org.vbsanomaly.trainer.tf.VaeSession;

/**
 * Trains a VAE on scaled features with mini-batch Adam, a per-epoch validation loss and early
 * stopping, and returns the best epoch's weights.
 *
 * <p>Reproducibility: one seed drives everything random, through independent streams split from it:
 * the initial weights, the order of the events in each epoch, the reparameterisation noise of each
 * mini-batch, and the fixed noise of the validation loss. With the single-threaded,
 * deterministically ordered session of {@link VaeSession}, the same seed and the same inputs in the
 * same order give bit-identical weights on the same machine.
 *
 * <p>Early stopping: after each epoch the validation loss (the training objective on the held-out
 * events, noise fixed) is compared with the best so far; the weights are copied out when it
 * improves, and training stops after {@code patience} epochs without improvement or at the epoch
 * limit. Stateless; each call builds and closes its own TensorFlow session.
 */
public final class VaeTrainer {
  private VaeTrainer() {}

  /**
   * Trains.
   *
   * @param fit scaled features of the events to fit, row-major, 14 per row
   * @param validation scaled features of the validation events, row-major
   * @throws TrainingException when the loss stops being finite
   */
  public static TrainingHistory train(
      float[] fit, float[] validation, TrainingOptions options, TrainingListener listener)
      throws TrainingException {
    VaeArchitecture arch = options.architecture();
    int d = arch.inputDim();
    int fitRows = requireRows(fit, d, "fit");
    int valRows = requireRows(validation, d, "validation");
    int batch = Math.min(options.batchSize(), fitRows);
    int batches = (fitRows + batch - 1) / batch;

    SplittableRandom root = new SplittableRandom(options.seed());
    VaeParameters initial = VaeParameters.initial(arch, root.nextLong());
    SplittableRandom shuffleRandom = root.split();
    SplittableRandom noiseRandom = root.split();
    float[] validationNoise = gaussian(root.split(), valRows * arch.latentDim());

    listener.trainingStarted(options.maxEpochs(), batches, fitRows, valRows);
    long start = System.nanoTime();
    try (VaeSession session =
        new VaeSession(arch, initial, options.beta(), options.learningRate())) {
      EpochLoop loop = new EpochLoop(session, options, listener, fit, fitRows, batch);
      List<EpochReport> reports = new ArrayList<>();
      VaeParameters best = initial;
      double bestLoss = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      String stop = "reached the epoch limit of " + options.maxEpochs();
      float[] valMse = new float[valRows];
      float[] valKld = new float[valRows];
      for (int epoch = 1; epoch <= options.maxEpochs(); epoch++) {
        long t0 = System.nanoTime();
        double[] train = loop.run(epoch, shuffleRandom, noiseRandom);
        double trainSeconds = (System.nanoTime() - t0) * 1e-9;

        session.objectiveTerms(validation, validationNoise, valRows, valMse, valKld);
        double vMse = mean(valMse);
        double vKld = mean(valKld);
        double vLoss = vMse + options.beta() * vKld;
        double scoringMse = mean(session.forward(validation, valRows).mse());
        if (!Double.isFinite(train[0]) || !Double.isFinite(vLoss)) {
          throw new TrainingException(
              "the loss is not finite at epoch "
                  + epoch
                  + " (training "
                  + train[0]
                  + ", validation "
                  + vLoss
                  + "); lower the learning rate (--learning-rate)");
        }
        boolean improved = vLoss < bestLoss;
        if (improved) {
          bestLoss = vLoss;
          bestEpoch = epoch;
          best = session.readParameters();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        EpochReport report =
            new EpochReport(
                epoch,
                train[0],
                train[1],
                train[2],
                vLoss,
                vMse,
                vKld,
                scoringMse,
                seconds,
                fitRows / trainSeconds,
                improved);
        reports.add(report);
        listener.epochFinished(report);
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
      return new TrainingHistory(
          best, reports, bestEpoch, stop, (System.nanoTime() - start) * 1e-9);
    }
  }

  /** The mini-batch loop of one epoch, with its reused buffers. */
  private static final class EpochLoop {
    private final VaeSession session;
    private final TrainingListener listener;
    private final float[] fit;
    private final int rows;
    private final int batch;
    private final int d;
    private final int latent;
    private final int[] order;
    private final float[] x;
    private final float[] eps;

    EpochLoop(
        VaeSession session,
        TrainingOptions options,
        TrainingListener listener,
        float[] fit,
        int rows,
        int batch) {
      this.session = session;
      this.listener = listener;
      this.fit = fit;
      this.rows = rows;
      this.batch = batch;
      this.d = options.architecture().inputDim();
      this.latent = options.latentDim();
      this.order = new int[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = i;
      }
      this.x = new float[batch * d];
      this.eps = new float[batch * latent];
    }

    /** One pass over the events in a fresh random order; returns {loss, mse, kld} means. */
    double[] run(int epoch, SplittableRandom shuffle, SplittableRandom noise) {
      shuffle(order, shuffle);
      int batches = (rows + batch - 1) / batch;
      double loss = 0;
      double mse = 0;
      double kld = 0;
      for (int b = 0; b < batches; b++) {
        int from = b * batch;
        int n = Math.min(batch, rows - from);
        for (int i = 0; i < n; i++) {
          System.arraycopy(fit, order[from + i] * d, x, i * d, d);
        }
        for (int i = 0; i < n * latent; i++) {
          eps[i] = (float) noise.nextGaussian();
        }
        float[] terms = session.train(x, eps, n);
        loss += terms[0] * (double) n;
        mse += terms[1] * (double) n;
        kld += terms[2] * (double) n;
        listener.batchFinished(epoch, b + 1, batches);
      }
      return new double[] {loss / rows, mse / rows, kld / rows};
    }
  }

  /** Fisher-Yates shuffle. */
  static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private static double mean(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += f;
    }
    return sum / v.length;
  }

  private static int requireRows(float[] features, int d, String what) {
    if (features.length == 0 || features.length % d != 0) {
      throw new IllegalArgumentException(
          what + " features: " + features.length + " values is not a positive multiple of " + d);
    }
    return features.length / d;
  }
}
