package org.vbsanomaly.trainer.eval;

/** A ROC curve with the legend label it is drawn under (the AUC is appended to the label). */
public record LabelledRoc(String label, RocCurve roc) {}
