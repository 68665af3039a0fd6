package org.vbsanomaly.trainer;

import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.eval.RocCurve;
import org.vbsanomaly.trainer.eval.WeightedScores;
import org.vbsanomaly.trainer.tf.ForwardPass;

/**
 * A sample passed through the trained model: per-event weights and the model's outputs, plus its
 * ROC curve against the SM test events where one is defined.
 *
 * @param name label ("sm test", "cW_quad", "cW lin+quad")
 * @param role SM, LIN or QUAD; a LIN+QUAD combination has role LIN
 * @param operator Wilson coefficient, empty for SM
 * @param ids per-event ids (ordinal in the event's file)
 * @param files per-event source file name
 * @param weightsPb per-event weights in pb (signed)
 * @param scaledInput the scaled features fed to the model, row-major
 * @param output the model's outputs for these events
 * @param roc ROC against the SM test events, or {@code null} for SM or when the sample's total
 *     weight is not positive (see {@link VaeTrainingRun} for the policy)
 * @param note why there is no ROC, or empty
 * @param combination true for the union of an operator's LIN and QUAD samples (not a file)
 */
public record ScoredSample(
    String name,
    SampleRole role,
    String operator,
    long[] ids,
    String[] files,
    double[] weightsPb,
    float[] scaledInput,
    ForwardPass output,
    RocCurve roc,
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

  /** The per-event mse as weighted scores. */
  public WeightedScores mseScores() {
    return WeightedScores.of(output.mse(), weightsPb);
  }

  /** Area under the ROC curve, NaN when there is none. */
  public double auc() {
    return roc == null ? Double.NaN : roc.auc();
  }

  /** Fraction of the sample's (signed) weight with mse above {@code cut}, NaN if total is 0. */
  public double efficiencyAbove(double cut) {
    double total = totalWeightPb();
    return total == 0 ? Double.NaN : mseScores().weightAbove(cut) / total;
  }

  ScoredSample withRoc(RocCurve curve, String why) {
    return new ScoredSample(
        name, role, operator, ids, files, weightsPb, scaledInput, output, curve, why, combination);
  }
}
