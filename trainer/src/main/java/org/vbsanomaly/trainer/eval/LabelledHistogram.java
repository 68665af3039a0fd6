package org.vbsanomaly.trainer.eval;

/** A histogram with the legend label it is drawn under. */
public record LabelledHistogram(String label, WeightedHistogram histogram) {}
