package org.vbsanomaly.trainer.eval;

import java.util.Arrays;

/**
 * Weighted receiver operating characteristic of a score that separates a signal sample (EFT) from a
 * background sample (SM), with its area under the curve.
 *
 * <p>Points: one per distinct score value {@code v} of the two samples together, highest first,
 * plus a last cut at minus infinity. At cut {@code t} an event is selected when {@code score > t};
 * the background efficiency is the selected background weight over the total background weight, the
 * signal efficiency likewise. The first point (cut at the highest score) is (0, 0), the last (cut
 * at minus infinity) is (1, 1).
 *
 * <p>Negative weights (interference samples) enter the cumulative sums with their sign, as they
 * enter any yield: an efficiency is then a ratio of signed sums, may leave [0, 1] in between and is
 * not monotonic in the cut. Each total must be positive; a sample whose weights sum to zero or less
 * has no efficiency and is refused.
 *
 * <p>AUC: the trapezoid rule over the points in cut order. Because events at the same score enter
 * in one step, the trapezoid gives a tied pair half credit, and the area equals the weighted
 * Mann-Whitney statistic {@code sum_ij ws_i wb_j ([s_i > b_j] + [s_i == b_j] / 2) / (Ws Wb)}: the
 * probability that a signal event outscores a background event, ties counted half. That identity
 * holds for signed weights too (both sides are bilinear in the weights), so the area of a curve
 * with negative weights is still that signed statistic, possibly outside [0, 1].
 *
 * <p>Immutable and thread-safe. Building costs one binary search per sample per distinct score.
 */
public final class RocCurve {

  private final double[] cuts;
  private final double[] backgroundEfficiency;
  private final double[] signalEfficiency;
  private final double auc;

  private RocCurve(double[] cuts, double[] backgroundEfficiency, double[] signalEfficiency) {
    this.cuts = cuts;
    this.backgroundEfficiency = backgroundEfficiency;
    this.signalEfficiency = signalEfficiency;
    this.auc = trapezoid(backgroundEfficiency, signalEfficiency);
  }

  /**
   * The curve of {@code signal} against {@code background}; a higher score means more signal-like.
   *
   * @throws IllegalArgumentException if a sample is empty
   * @throws IllegalStateException if a sample's total weight is not positive
   */
  public static RocCurve of(WeightedScores background, WeightedScores signal) {
    requireNonEmpty(background, "background");
    requireNonEmpty(signal, "signal");
    double backgroundTotal = background.positiveTotal();
    double signalTotal = signal.positiveTotal();

    double[] cuts = withMinusInfinity(mergeDescending(background, signal));
    double[] x = new double[cuts.length];
    double[] y = new double[cuts.length];
    for (int i = 0; i < cuts.length; i++) {
      x[i] = background.weightAbove(cuts[i]) / backgroundTotal;
      y[i] = signal.weightAbove(cuts[i]) / signalTotal;
    }
    return new RocCurve(cuts, x, y);
  }

  /** Area under the curve by the trapezoid rule (see the class comment for its meaning). */
  public double auc() {
    return auc;
  }

  /** Number of points, including (0, 0) and (1, 1). */
  public int size() {
    return cuts.length;
  }

  /** The cut of point {@code i}: events with {@code score > cut} are selected. */
  public double cut(int i) {
    return cuts[i];
  }

  public double backgroundEfficiency(int i) {
    return backgroundEfficiency[i];
  }

  public double signalEfficiency(int i) {
    return signalEfficiency[i];
  }

  /** Background efficiencies of all points, in cut order (a copy). */
  public double[] backgroundEfficiencies() {
    return backgroundEfficiency.clone();
  }

  /** Signal efficiencies of all points, in cut order (a copy). */
  public double[] signalEfficiencies() {
    return signalEfficiency.clone();
  }

  /**
   * Signal efficiency at background efficiency {@code target}: linear interpolation between the
   * last point at or below {@code target} and the first point above it (the first crossing, when
   * negative weights make the curve turn back). A vertical stretch at {@code target} is read at its
   * top: the best signal efficiency for that background.
   *
   * @throws IllegalArgumentException if {@code target} is outside [0, 1]
   */
  public double signalEfficiencyAtBackgroundEfficiency(double target) {
    if (!(target >= 0 && target <= 1)) {
      throw new IllegalArgumentException("background efficiency " + target + " is outside [0, 1]");
    }
    for (int i = 1; i < cuts.length; i++) {
      if (backgroundEfficiency[i] > target) {
        return interpolate(i - 1, i, target);
      }
    }
    return signalEfficiency[cuts.length - 1];
  }

  private double interpolate(int a, int b, double target) {
    double dx = backgroundEfficiency[b] - backgroundEfficiency[a];
    if (dx <= 0) {
      return signalEfficiency[b];
    }
    double t = (target - backgroundEfficiency[a]) / dx;
    return signalEfficiency[a] + t * (signalEfficiency[b] - signalEfficiency[a]);
  }

  private static double trapezoid(double[] x, double[] y) {
    double area = 0;
    for (int i = 1; i < x.length; i++) {
      area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) * 0.5;
    }
    return area;
  }

  /** Distinct scores of both samples, highest first. */
  static double[] mergeDescending(WeightedScores a, WeightedScores b) {
    double[] da = a.distinctScoresDescending();
    double[] db = b.distinctScoresDescending();
    double[] merged = new double[da.length + db.length];
    int i = 0;
    int j = 0;
    int m = 0;
    while (i < da.length || j < db.length) {
      double next;
      if (j == db.length || (i < da.length && da[i] >= db[j])) {
        next = da[i++];
      } else {
        next = db[j++];
      }
      if (m == 0 || next != merged[m - 1]) {
        merged[m++] = next;
      }
    }
    return Arrays.copyOf(merged, m);
  }

  private static double[] withMinusInfinity(double[] descending) {
    double[] cuts = Arrays.copyOf(descending, descending.length + 1);
    cuts[descending.length] = Double.NEGATIVE_INFINITY;
    return cuts;
  }

  private static void requireNonEmpty(WeightedScores sample, String role) {
    if (sample.isEmpty()) {
      throw new IllegalArgumentException(
          "the " + role + " sample is empty; a ROC curve needs events in both samples");
    }
  }
}
