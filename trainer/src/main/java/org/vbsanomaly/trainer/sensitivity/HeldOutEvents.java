package org.vbsanomaly.trainer.sensitivity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.trainer.data.EventSplit;

/**
 * The selected events of one sample that are used to evaluate a model, with their weights in
 * picobarn rescaled so that they stand for the whole selected sample.
 *
 * <p>For a file the model trained on, only the test split of its events is kept, and each kept
 * weight is multiplied by {@code scale = sum|w| (all selected) / sum|w| (test selected)}: the
 * held-out events then carry the full selected cross section. The ratio of absolute weights is
 * used, not of signed sums, because a signed sum of an interference sample may be near zero; for
 * MadGraph's equal-magnitude weights it is simply the ratio of event counts. For a file the model
 * never saw, every selected event is kept with scale 1.
 *
 * @param sample the sample the rows index into
 * @param rows selected-event rows of {@code sample} kept for evaluation, ascending
 * @param weightsPb their rescaled weights in pb, aligned with {@code rows}
 * @param scale the factor applied to the kept weights
 * @param testSplitOnly whether only the test split was kept
 */
public record HeldOutEvents(
    Sample sample, int[] rows, double[] weightsPb, double scale, boolean testSplitOnly) {

  /** Every selected event of {@code sample}, weights as they are. */
  public static HeldOutEvents all(Sample sample) {
    int[] rows = new int[sample.size()];
    Arrays.setAll(rows, i -> i);
    return new HeldOutEvents(sample, rows, sample.weightsPb(), 1.0, false);
  }

  /**
   * The test-split events of {@code sample}, rescaled to the whole selected sample.
   *
   * @throws IllegalArgumentException if the test split holds no event of this sample
   */
  public static HeldOutEvents testSplit(Sample sample, EventSplit split) {
    double[] weights = sample.weightsPb();
    double[][] observables = sample.features();
    int[] rows = new int[sample.size()];
    int kept = 0;
    double allAbs = 0;
    double keptAbs = 0;
    for (int row = 0; row < sample.size(); row++) {
      allAbs += Math.abs(weights[row]);
      if (split.isTest(observables[row])) {
        rows[kept++] = row;
        keptAbs += Math.abs(weights[row]);
      }
    }
    if (kept == 0 || keptAbs == 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: none of its %d selected events falls in the test split (seed %d, fraction"
                  + " %s); there is nothing the model has not trained on",
              sample.file(), sample.size(), split.seed(), split.testFraction()));
    }
    double scale = allAbs / keptAbs;
    rows = Arrays.copyOf(rows, kept);
    double[] keptWeights = new double[kept];
    for (int i = 0; i < kept; i++) {
      keptWeights[i] = weights[rows[i]] * scale;
    }
    return new HeldOutEvents(sample, rows, keptWeights, scale, true);
  }

  /**
   * Several samples of one process (e.g. two SM runs) combined so that together they stand for the
   * process once: each sample's weights are multiplied by its share of the held-out events, {@code
   * n_k / sum n}, so the combined cross section is the event-weighted mean of the samples' cross
   * sections instead of their sum. Each part already estimates the whole process, so any fixed
   * shares keep the yields unbiased; shares by event count give every event about the same weight,
   * which keeps the Monte Carlo variance smallest. A single sample comes back unchanged.
   */
  public static List<HeldOutEvents> combinedAsOneProcess(List<HeldOutEvents> samples) {
    if (samples.size() < 2) {
      return List.copyOf(samples);
    }
    double total = 0;
    for (HeldOutEvents s : samples) {
      total += s.size();
    }
    List<HeldOutEvents> combined = new ArrayList<>();
    for (HeldOutEvents s : samples) {
      combined.add(s.reweighted(s.size() / total));
    }
    return combined;
  }

  public int size() {
    return rows.length;
  }

  /** Sum of the rescaled weights, pb: the selected cross section these events stand for. */
  public double crossSectionPb() {
    double sum = 0;
    for (double w : weightsPb) {
      sum += w;
    }
    return sum;
  }

  /** A copy with every weight multiplied by {@code factor} (to merge samples of one process). */
  public HeldOutEvents reweighted(double factor) {
    double[] w = weightsPb.clone();
    for (int i = 0; i < w.length; i++) {
      w[i] *= factor;
    }
    return new HeldOutEvents(sample, rows, w, scale * factor, testSplitOnly);
  }
}
