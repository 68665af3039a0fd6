package org.vbsanomaly.trainer.eval;

/** A horizontal line across a plot at {@code y}, labelled (e.g. the 3 sigma line). */
public record ReferenceLine(double y, String label) {}
