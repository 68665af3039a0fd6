package org.vbsanomaly.trainer.data;

import java.util.ArrayList;
import java.util.List;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.schema.v1.FeatureSpec;

/**
 * The paper's preprocessing of the 14 observables: log10 of the eight masses and momenta, then
 * min-max scaling of all 14 to [0, 1] with constants fitted on the SM training split.
 *
 * <p>For feature i: {@code x' = log10(max(x, 1e-6))} when {@link Observable#logScaled()}, else
 * {@code x' = x}; then {@code s = (x' - min_i) / (max_i - min_i)}. Events outside the fitted range
 * (test or EFT events) scale outside [0, 1]; nothing is clipped. The arithmetic is done in double
 * and the result rounded to float, once.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeatureScaling {
  /** Floor applied before log10, as in the exported model: zero or negative values give -6. */
  public static final double LOG10_FLOOR = 1e-6;

  private static final int N = Observable.COUNT;

  private final double[] min;
  private final double[] max;

  private FeatureScaling(double[] min, double[] max) {
    this.min = min;
    this.max = max;
  }

  /**
   * Fits the constants on the rows of {@code observables} (row-major, 14 per row) whose {@code
   * use[row]} is set.
   *
   * @throws IllegalArgumentException when no row is used, or a feature takes a single value over
   *     the used rows (it could not be scaled)
   */
  public static FeatureScaling fit(double[] observables, boolean[] use) {
    double[] min = new double[N];
    double[] max = new double[N];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    int used = 0;
    for (int row = 0; row < use.length; row++) {
      if (!use[row]) {
        continue;
      }
      used++;
      for (int k = 0; k < N; k++) {
        double v = transform(k, observables[row * N + k]);
        min[k] = Math.min(min[k], v);
        max[k] = Math.max(max[k], v);
      }
    }
    if (used == 0) {
      throw new IllegalArgumentException("cannot fit the feature scaling on zero events");
    }
    for (int k = 0; k < N; k++) {
      if (!(max[k] > min[k])) {
        throw new IllegalArgumentException(
            "feature "
                + Observable.at(k).featureName()
                + " takes the single value "
                + min[k]
                + " over the "
                + used
                + " training events: it cannot be min-max scaled");
      }
    }
    return new FeatureScaling(min, max);
  }

  /**
   * Rebuilds the scaling from stored constants (space after log10), in {@link Observable} order.
   */
  public static FeatureScaling of(double[] min, double[] max) {
    if (min.length != N || max.length != N) {
      throw new IllegalArgumentException("expected " + N + " min and max values");
    }
    for (int k = 0; k < N; k++) {
      if (!(max[k] > min[k]) || !Double.isFinite(min[k]) || !Double.isFinite(max[k])) {
        throw new IllegalArgumentException(
            "feature " + Observable.at(k).featureName() + ": min " + min[k] + ", max " + max[k]);
      }
    }
    return new FeatureScaling(min.clone(), max.clone());
  }

  /** log10(max(x, 1e-6)) for the log-scaled observables, x otherwise. */
  public static double transform(int feature, double x) {
    return Observable.at(feature).logScaled() ? Math.log10(Math.max(x, LOG10_FLOOR)) : x;
  }

  /** The scaled value of raw observable {@code x} of feature {@code feature}. */
  public double scale(int feature, double x) {
    return (transform(feature, x) - min[feature]) / (max[feature] - min[feature]);
  }

  /** The raw value whose scaled value is {@code s} (the inverse of {@link #scale}). */
  public double unscale(int feature, double s) {
    double t = min[feature] + s * (max[feature] - min[feature]);
    return Observable.at(feature).logScaled() ? Math.pow(10, t) : t;
  }

  /**
   * Scales the selected rows into a new row-major float array.
   *
   * @param rows indices of the rows of {@code observables} to take, in output order
   */
  public float[] scale(double[] observables, int[] rows) {
    float[] out = new float[rows.length * N];
    for (int i = 0; i < rows.length; i++) {
      int base = rows[i] * N;
      for (int k = 0; k < N; k++) {
        out[i * N + k] = (float) scale(k, observables[base + k]);
      }
    }
    return out;
  }

  /** Lower constant of feature k, in the space after log10. */
  public double min(int feature) {
    return min[feature];
  }

  /** Upper constant of feature k, in the space after log10. */
  public double max(int feature) {
    return max[feature];
  }

  /** The constants as model metadata, in {@link Observable} order. */
  public List<FeatureSpec> featureSpecs() {
    List<FeatureSpec> specs = new ArrayList<>(N);
    for (int k = 0; k < N; k++) {
      Observable o = Observable.at(k);
      specs.add(
          FeatureSpec.newBuilder()
              .setName(o.featureName())
              .setUnit(o.unit())
              .setLog10(o.logScaled())
              .setMin(min[k])
              .setMax(max[k])
              .build());
    }
    return specs;
  }
}
