package org.vbsanomaly.trainer.sensitivity;

/**
 * The significance of an EFT excess in one region and where it crosses a target.
 *
 * <p>With yields in events at a luminosity, SM for the Standard Model, LIN and QUAD for the
 * interference and quadratic samples at {@code c = 1}: {@code sigma(c) = |c LIN + c^2 QUAD| /
 * sqrt(SM)}, the SM yield floored at one event so that an almost empty region cannot claim an
 * arbitrarily large significance.
 *
 * <p>For a fixed region, {@code sigma(c) = s} is the pair of quadratics {@code QUAD c^2 + LIN c =
 * +-s sqrt(SM)}; both are solved exactly (the numerically stable form of the root formula), so no
 * grid or bisection is involved. Stateless and thread-safe.
 */
public final class Significance {

  private Significance() {}

  /** {@code |c lin + c^2 quad| / sqrt(max(sm, 1))}; yields in events. */
  public static double sigma(double c, double lin, double quad, double sm) {
    return Math.abs(c * lin + c * c * quad) / Math.sqrt(Math.max(sm, 1.0));
  }

  /**
   * The smallest {@code c > 0} (for {@code positive}) or the {@code c < 0} nearest zero (for {@code
   * !positive}) at which {@code sigma(c) = target}.
   *
   * @return the crossing, or NaN if {@code sigma} never reaches {@code target} on that side
   */
  public static double crossing(
      double lin, double quad, double sm, double target, boolean positive) {
    double threshold = target * Math.sqrt(Math.max(sm, 1.0));
    // c = sign * t with t > 0: |quad t^2 + (sign lin) t| = threshold.
    double signedLin = positive ? lin : -lin;
    double t =
        Math.min(
            smallestPositiveRoot(quad, signedLin, -threshold),
            smallestPositiveRoot(quad, signedLin, threshold));
    if (Double.isInfinite(t)) {
      return Double.NaN;
    }
    return positive ? t : -t;
  }

  /** Smallest positive root of {@code a t^2 + b t + c = 0}, or +infinity if there is none. */
  static double smallestPositiveRoot(double a, double b, double c) {
    if (a == 0) {
      double t = b == 0 ? Double.NaN : -c / b;
      return t > 0 ? t : Double.POSITIVE_INFINITY;
    }
    double discriminant = b * b - 4 * a * c;
    if (discriminant < 0) {
      return Double.POSITIVE_INFINITY;
    }
    double q = -0.5 * (b + Math.copySign(Math.sqrt(discriminant), b));
    double r1 = q / a;
    double r2 = q == 0 ? r1 : c / q;
    double best = Double.POSITIVE_INFINITY;
    if (r1 > 0) {
      best = r1;
    }
    if (r2 > 0 && r2 < best) {
      best = r2;
    }
    return best;
  }
}
