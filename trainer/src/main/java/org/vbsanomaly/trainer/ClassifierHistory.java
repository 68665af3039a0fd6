package org.vbsanomaly.trainer;

import java.util.List;
import org.vbsanomaly.trainer.tf.ClassifierParameters;
import org.vbsanomaly.trainer.tf.VaeParameters;

/**
 * The outcome of {@link ClassifierTrainer#train}: the weights of the best epoch and the per-epoch
 * record.
 *
 * @param bestVae the VAE's weights after the epoch with the lowest validation loss (the starting
 *     weights, unchanged, when the VAE was frozen)
 * @param bestClassifier the classifier's weights after that epoch, with the standardisation
 * @param startVae the VAE's weights before the first step
 * @param epochs one report per epoch run, in order
 * @param bestEpoch 1-based number of the best epoch
 * @param stopReason why training stopped, as a sentence
 * @param trainingSeconds wall time of the TensorFlow set-up and all epochs
 */
public record ClassifierHistory(
    VaeParameters bestVae,
    ClassifierParameters bestClassifier,
    VaeParameters startVae,
    List<ClassifierEpochReport> epochs,
    int bestEpoch,
    String stopReason,
    double trainingSeconds) {

  public ClassifierHistory {
    epochs = List.copyOf(epochs);
  }

  public int epochsRun() {
    return epochs.size();
  }

  /** The report of the best epoch. */
  public ClassifierEpochReport bestReport() {
    return epochs.get(bestEpoch - 1);
  }
}
