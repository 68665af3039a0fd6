package org.vbsanomaly.trainer.data;

/** What a sample is to the analysis: the Standard Model, or one part of an EFT prediction. */
public enum SampleRole {
  /** Standard Model: the training sample and the background of every comparison. */
  SM,
  /**
   * Interference of the SM with one operator at c = 1 (linear in c). Its per-event weights are
   * signed and its cross section may be negative.
   */
  LIN,
  /** Pure squared EFT term of one operator at c = 1 (quadratic in c); positive weights. */
  QUAD
}
