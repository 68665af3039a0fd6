/**
 * Evaluation of trained models: weighted histograms, weighted ROC curves and their AUC, quantile
 * cuts on a score, and PNG plots of these and of training curves.
 *
 * <p>Conventions shared by every class here: a score is a finite float where higher means more
 * anomalous; a cut {@code t} keeps the events with {@code score > t}; weights are signed doubles
 * (negative for interference samples) that enter every sum with their sign.
 */
package org.vbsanomaly.trainer.eval;
