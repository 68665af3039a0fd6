package org.vbsanomaly.trainer;

/**
 * What one epoch of a VAE+NN training did.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean over the epoch's mini-batches of the joint objective (VAE term + lambda
 *     cross-entropy), each batch measured before its own update
 * @param trainVaeTerm the VAE term of {@code trainLoss}: mean over SM events of sampled mse + beta
 *     kld
 * @param trainBce the class-balanced cross-entropy of {@code trainLoss}, before the factor lambda
 * @param validationLoss the objective on the validation events of both classes after the epoch, the
 *     VAE term with a noise draw fixed for the whole training
 * @param validationVaeTerm the VAE term of {@code validationLoss} (SM validation events)
 * @param validationBce the class-balanced cross-entropy on the validation events
 * @param validationAuc area under the ROC curve of the score, EFT validation events against SM
 *     validation events, with the training weights
 * @param seconds wall time of the epoch including validation
 * @param eventsPerSecond events (both classes) processed per second of the epoch's training steps
 * @param improved the validation loss was the best so far
 */
public record ClassifierEpochReport(
    int epoch,
    double trainLoss,
    double trainVaeTerm,
    double trainBce,
    double validationLoss,
    double validationVaeTerm,
    double validationBce,
    double validationAuc,
    double seconds,
    double eventsPerSecond,
    boolean improved) {}
