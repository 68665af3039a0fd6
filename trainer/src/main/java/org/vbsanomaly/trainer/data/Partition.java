package org.vbsanomaly.trainer.data;

/** Which part of the SM sample an event belongs to. */
public enum Partition {
  /** Trains the weights. */
  FIT,
  /** Held out of the fit for the per-epoch validation loss and early stopping. */
  VALIDATION,
  /** Never seen in training: thresholds, plots, ROC curves. */
  TEST
}
