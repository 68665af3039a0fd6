package org.vbsanomaly.trainer;

import java.util.List;
import org.vbsanomaly.trainer.tf.VaeParameters;

/**
 * The outcome of {@link VaeTrainer#train}: the weights of the best epoch and the per-epoch record.
 *
 * @param best weights after the epoch with the lowest validation loss
 * @param epochs one report per epoch run, in order
 * @param bestEpoch 1-based number of the best epoch
 * @param stopReason why training stopped, as a sentence
 * @param trainingSeconds wall time of the TensorFlow set-up and all epochs
 */
public record TrainingHistory(
    VaeParameters best,
    List<EpochReport> epochs,
    int bestEpoch,
    String stopReason,
    double trainingSeconds) {

  public TrainingHistory {
    epochs = List.copyOf(epochs);
  }

  public int epochsRun() {
    return epochs.size();
  }

  /** The report of the best epoch. */
  public EpochReport bestReport() {
    return epochs.get(bestEpoch - 1);
  }
}
