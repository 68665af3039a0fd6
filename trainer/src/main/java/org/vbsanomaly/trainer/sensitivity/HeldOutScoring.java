package org.vbsanomaly.trainer.sensitivity;

import java.util.List;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.FlagVariable;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.trainer.eval.WeightedScores;

/**
 * Scores held-out events with a model, on the variable its anomaly flag cuts on (the MSE of a VAE,
 * the classifier score of a VAE+NN), and pairs each score with the event's weight.
 *
 * <p>Every event passed must come back scored: an event the model cannot score (a missing
 * observable, a NaN) fails the whole call with a message naming its file and event, rather than
 * leaving the yields short. Stateless; uses one scorer per call, so calls may run in parallel on
 * one model.
 */
public final class HeldOutScoring {

  /** Events per ONNX Runtime call: large batches amortise the fixed cost of a call. */
  public static final int BATCH = 4096;

  private HeldOutScoring() {}

  /**
   * The scores and weights of all events of {@code parts}, as one sample.
   *
   * @throws ModelException if ONNX Runtime fails
   * @throws IllegalArgumentException if an event cannot be scored
   */
  public static WeightedScores score(AnomalyModel model, List<HeldOutEvents> parts)
      throws ModelException {
    int n = 0;
    for (HeldOutEvents p : parts) {
      n += p.size();
    }
    float[] rows = new float[n * Observable.COUNT];
    int[] masks = new int[n];
    double[] weights = new double[n];
    int at = 0;
    for (HeldOutEvents p : parts) {
      at = copy(p, rows, masks, weights, at);
    }

    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] classifier = model.hasClassifier() ? new float[n] : null;
    String[] errors = new String[n];
    model.newBatchScorer(BATCH).score(rows, masks, n, mse, kld, classifier, errors);

    FlagVariable variable = model.flagVariable();
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      if (errors[i] != null) {
        throw unscorable(parts, i, errors[i], model);
      }
      scores[i] = variable.select(mse[i], kld[i], classifier == null ? Float.NaN : classifier[i]);
    }
    return WeightedScores.of(scores, weights);
  }

  private static int copy(HeldOutEvents p, float[] rows, int[] masks, double[] weights, int start) {
    Sample sample = p.sample();
    Observable[] observables = Observable.values();
    int at = start;
    for (int i = 0; i < p.size(); i++, at++) {
      int row = p.rows()[i];
      for (int k = 0; k < Observable.COUNT; k++) {
        rows[at * Observable.COUNT + k] = (float) sample.observable(row, observables[k]);
      }
      masks[at] = sample.missingMask(row);
      weights[at] = p.weightsPb()[i];
    }
    return at;
  }

  private static IllegalArgumentException unscorable(
      List<HeldOutEvents> parts, int index, String error, AnomalyModel model) {
    int offset = index;
    for (HeldOutEvents p : parts) {
      if (offset < p.size()) {
        long id = p.sample().id(p.rows()[offset]);
        return new IllegalArgumentException(
            String.format(
                "%s, event %d: the model %s cannot score it (%s); every selected event must be"
                    + " scorable for the yields to hold",
                p.sample().file(), id, model.file().getFileName(), error));
      }
      offset -= p.size();
    }
    return new IllegalArgumentException("event " + index + " cannot be scored: " + error);
  }
}
