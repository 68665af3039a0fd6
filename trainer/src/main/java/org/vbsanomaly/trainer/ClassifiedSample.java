package org.vbsanomaly.trainer;

import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.eval.RocCurve;
import org.vbsanomaly.trainer.eval.WeightedScores;

/**
 * Test events passed through a VAE+NN model, with the starting VAE's mse beside the new score so
 * that the two can be compared on the same events.
 *
 * @param name label ("SM test", "cW_quad", "cW lin+quad (c=1)")
 * @param role SM, LIN or QUAD; a LIN+QUAD combination has role LIN
 * @param operator Wilson coefficient, empty for SM
 * @param ids per-event ids (ordinal in the event's file)
 * @param files per-event source file name
 * @param weightsPb per-event weights in pb (signed)
 * @param score per-event classifier score
 * @param mse per-event mse of the VAE+NN model's VAE
 * @param kld per-event kld of the VAE+NN model's VAE
 * @param vaeMse per-event mse of the VAE the training started from (the plain VAE's flag variable)
 * @param roc ROC of the score against the SM test events, or {@code null} for SM or when the total
 *     weight is not positive
 * @param vaeRoc ROC of {@code vaeMse} against the SM test events, likewise
 * @param note why there is no ROC, or empty
 * @param combination true for the union of an operator's LIN and QUAD test events (not a file)
 */
public record ClassifiedSample(
    String name,
    SampleRole role,
    String operator,
    long[] ids,
    String[] files,
    double[] weightsPb,
    float[] score,
    float[] mse,
    float[] kld,
    float[] vaeMse,
    RocCurve roc,
    RocCurve vaeRoc,
    String note,
    boolean combination) {

  public int size() {
    return weightsPb.length;
  }

  public double totalWeightPb() {
    double sum = 0;
    for (double w : weightsPb) {
      sum += w;
    }
    return sum;
  }

  public WeightedScores scores() {
    return WeightedScores.of(score, weightsPb);
  }

  public WeightedScores vaeMseScores() {
    return WeightedScores.of(vaeMse, weightsPb);
  }

  /** Area under the ROC curve of the score, NaN when there is none. */
  public double auc() {
    return roc == null ? Double.NaN : roc.auc();
  }

  /** Area under the ROC curve of the starting VAE's mse, NaN when there is none. */
  public double vaeAuc() {
    return vaeRoc == null ? Double.NaN : vaeRoc.auc();
  }

  /** Fraction of the (signed) weight with score above {@code cut}; NaN if the total is 0. */
  public double efficiencyAbove(double cut) {
    double total = totalWeightPb();
    return total == 0 ? Double.NaN : scores().weightAbove(cut) / total;
  }

  ClassifiedSample withRocs(RocCurve scoreRoc, RocCurve mseRoc, String why) {
    return new ClassifiedSample(
        name,
        role,
        operator,
        ids,
        files,
        weightsPb,
        score,
        mse,
        kld,
        vaeMse,
        scoreRoc,
        mseRoc,
        why,
        combination);
  }
}
