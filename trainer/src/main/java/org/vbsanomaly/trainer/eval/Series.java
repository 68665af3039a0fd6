package org.vbsanomaly.trainer.eval;

/**
 * One named line of a line plot: points {@code (x[i], y[i])} joined in index order.
 *
 * <p>The arrays are not copied; do not change them while a plot is being drawn.
 */
public record Series(String label, double[] x, double[] y) {

  public Series {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + label + "' has " + x.length + " x values but " + y.length + " y values");
    }
  }

  /** A series over the index 1..n, e.g. a loss per epoch. */
  public static Series overIndex(String label, double[] y) {
    double[] x = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      x[i] = i + 1;
    }
    return new Series(label, x, y);
  }
}
