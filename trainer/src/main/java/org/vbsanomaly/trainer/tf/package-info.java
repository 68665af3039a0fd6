/**
 * The VAE in TensorFlow Java 1.1, graph mode, CPU: {@link org.vbsanomaly.trainer.tf.VaeGraph}
 * builds the network and its per-event outputs, {@link org.vbsanomaly.trainer.tf.VaeSession} runs
 * training steps and forward passes and moves weights in and out as plain arrays ({@link
 * org.vbsanomaly.trainer.tf.VaeParameters}). {@link org.vbsanomaly.trainer.tf.ClassifierGraph} adds
 * the VAE+NN classifier head and the joint objective to a VAE graph, and {@link
 * org.vbsanomaly.trainer.tf.JointSession} trains both, or the head alone on a frozen VAE.
 *
 * <p>Everything here is deterministic for a given seed: initial weights and noise come from Java,
 * the session is single-threaded, and the Adam step is ordered explicitly (see {@code AdamStep}).
 * TensorFlow objects hold native memory; close sessions.
 */
package org.vbsanomaly.trainer.tf;
