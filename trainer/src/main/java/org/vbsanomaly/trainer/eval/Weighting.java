package org.vbsanomaly.trainer.eval;

/** Whether a fraction of a sample is counted in event weights or in events. */
public enum Weighting {
  /** Each event counts with its weight (signed): a fraction of the cross section. */
  EVENT_WEIGHTS,
  /** Each event counts once: a fraction of the Monte Carlo events. */
  UNIT_WEIGHTS
}
