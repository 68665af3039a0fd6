package org.vbsanomaly.trainer;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean over the epoch's mini-batches (weighted by their size) of the training
 *     objective, each batch measured before its own update
 * @param trainMse the reconstruction term of {@code trainLoss} (sampled z)
 * @param trainKld the KL term of {@code trainLoss}, before the factor beta
 * @param validationLoss the objective on the validation events after the epoch, with a noise draw
 *     fixed for the whole training so that epochs compare
 * @param validationMse reconstruction term of {@code validationLoss}
 * @param validationKld KL term of {@code validationLoss}
 * @param validationScoringMse mean per-event mse of the scoring path (decoder on z_mean, as the
 *     exported model computes it) on the validation events
 * @param seconds wall time of the epoch including validation
 * @param eventsPerSecond training events processed per second of the epoch's training steps
 * @param improved the validation loss was the best so far
 */
public record EpochReport(
    int epoch,
    double trainLoss,
    double trainMse,
    double trainKld,
    double validationLoss,
    double validationMse,
    double validationKld,
    double validationScoringMse,
    double seconds,
    double eventsPerSecond,
    boolean improved) {}
