/**
 * Training of the variational autoencoder on SM events and everything around it: {@link
 * org.vbsanomaly.trainer.VaeTrainingRun} takes LHE files to an exported ONNX model with its model
 * card, plots and tables; {@link org.vbsanomaly.trainer.VaeTrainer} is the epoch loop with early
 * stopping; {@link org.vbsanomaly.trainer.TrainingOptions} holds every option with its default;
 * {@link org.vbsanomaly.trainer.TrainingListener} reports progress. The VAE+NN model builds on a
 * trained VAE: {@link org.vbsanomaly.trainer.ClassifierTrainingRun} (files to exported model),
 * {@link org.vbsanomaly.trainer.ClassifierTrainer} (the joint epoch loop) and {@link
 * org.vbsanomaly.trainer.ClassifierOptions}.
 *
 * <p>Sub-packages: {@code data} (reading, split, scaling), {@code tf} (the TensorFlow graphs and
 * sessions), {@code export} (conversion to the inference module's weights, model card, code
 * version), {@code eval} (histograms, ROC, plots) and {@code sensitivity} (the EFT sensitivity
 * study).
 */
package org.vbsanomaly.trainer;
