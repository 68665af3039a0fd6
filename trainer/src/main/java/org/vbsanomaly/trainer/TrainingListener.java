package org.vbsanomaly.trainer;

import org.vbsanomaly.trainer.data.LoadedSample;

/**
 * Receives progress of a training run, for a progress bar or a log. Every method has an empty
 * default; calls come from the training thread, in order, and should return quickly.
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /** A step of the run begins: reading, training, evaluating, exporting. */
  default void stage(String description) {}

  /** One input file was read and checked. */
  default void sampleLoaded(LoadedSample sample) {}

  /**
   * Training begins.
   *
   * @param maxEpochs the epoch limit
   * @param batchesPerEpoch mini-batches in one epoch
   * @param fitEvents events trained on per epoch
   * @param validationEvents events of the validation loss
   */
  default void trainingStarted(
      int maxEpochs, int batchesPerEpoch, int fitEvents, int validationEvents) {}

  /** A mini-batch of the current epoch finished (1-based {@code batch} of {@code batches}). */
  default void batchFinished(int epoch, int batch, int batches) {}

  /** An epoch finished, validation included. */
  default void epochFinished(EpochReport report) {}

  /** An epoch of a VAE+NN training finished, validation included. */
  default void classifierEpochFinished(ClassifierEpochReport report) {}

  /** A warning worth showing to the user (it is also recorded in the model card). */
  default void warning(String message) {}
}
