package org.vbsanomaly.trainer.tf;

/**
 * The affine map that puts the classifier's inputs on a common scale: {@code u = ((mse - mseMean) /
 * mseSd, (kld - kldMean) / kldSd)}. Fitted once, before the classifier trains, and stored with its
 * weights in the exported model; the classifier's first layer learns on top of it, so it only
 * conditions the optimisation and never limits what the head can represent.
 *
 * @param mseMean weighted mean of the per-event mse (scaled space)
 * @param mseSd weighted standard deviation of the per-event mse, positive
 * @param kldMean weighted mean of the per-event kld
 * @param kldSd weighted standard deviation of the per-event kld, positive
 */
public record Standardisation(float mseMean, float mseSd, float kldMean, float kldSd) {

  public Standardisation {
    if (!Float.isFinite(mseMean) || !Float.isFinite(kldMean)) {
      throw new IllegalArgumentException(
          "standardisation means must be finite, got mse " + mseMean + ", kld " + kldMean);
    }
    if (!(mseSd > 0) || !(kldSd > 0) || Float.isInfinite(mseSd) || Float.isInfinite(kldSd)) {
      throw new IllegalArgumentException(
          "standardisation deviations must be positive and finite, got mse "
              + mseSd
              + ", kld "
              + kldSd);
    }
  }

  /** No change: means 0, deviations 1. */
  public static Standardisation identity() {
    return new Standardisation(0f, 1f, 0f, 1f);
  }

  /**
   * Weighted means and standard deviations of {@code mse} and {@code kld}.
   *
   * @param weights one non-negative weight per event, positive sum
   * @throws IllegalArgumentException if the lengths differ, a weight is negative, the weights sum
   *     to zero, or a variable takes a single value (it cannot be standardised)
   */
  public static Standardisation fit(float[] mse, float[] kld, double[] weights) {
    if (mse.length != kld.length || mse.length != weights.length) {
      throw new IllegalArgumentException(
          "mse, kld and weights differ in length: "
              + mse.length
              + ", "
              + kld.length
              + ", "
              + weights.length);
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("standardisation weight " + w + " is not >= 0");
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("standardisation weights sum to " + sum);
    }
    double[] m = moments(mse, weights, sum);
    double[] k = moments(kld, weights, sum);
    requireSpread("mse", m);
    requireSpread("kld", k);
    return new Standardisation((float) m[0], (float) m[1], (float) k[0], (float) k[1]);
  }

  private static double[] moments(float[] x, double[] w, double sum) {
    double mean = 0;
    for (int i = 0; i < x.length; i++) {
      mean += w[i] * x[i];
    }
    mean /= sum;
    double var = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean;
      var += w[i] * d * d;
    }
    return new double[] {mean, Math.sqrt(var / sum)};
  }

  private static void requireSpread(String what, double[] moments) {
    if (!((float) moments[1] > 0) || !Double.isFinite(moments[0])) {
      throw new IllegalArgumentException(
          "the per-event "
              + what
              + " has mean "
              + moments[0]
              + " and standard deviation "
              + moments[1]
              + " over the classifier's training events: it cannot be standardised");
    }
  }
}
