package org.vbsanomaly.trainer.eval;

/**
 * Fixed binning of a histogram axis: {@code n} bins between {@code low} and {@code high}, equal in
 * width either in the variable itself or in its base-10 logarithm (for reconstruction errors, which
 * span decades). Bins are half-open, {@code [edge_i, edge_i+1)}: a value equal to {@code high} is
 * overflow.
 *
 * <p>Immutable and thread-safe.
 */
public final class Binning {

  private final int bins;
  private final double low;
  private final double high;
  private final boolean logarithmic;
  private final double[] edges;
  private final double scale; // bins per unit of x (or of log10 x)

  private Binning(int bins, double low, double high, boolean logarithmic) {
    this.bins = bins;
    this.low = low;
    this.high = high;
    this.logarithmic = logarithmic;
    double a = logarithmic ? Math.log10(low) : low;
    double b = logarithmic ? Math.log10(high) : high;
    this.scale = bins / (b - a);
    this.edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      double t = a + (b - a) * i / bins;
      edges[i] = logarithmic ? Math.pow(10, t) : t;
    }
    edges[0] = low;
    edges[bins] = high;
  }

  /**
   * {@code bins} bins of equal width from {@code low} to {@code high}.
   *
   * @throws IllegalArgumentException if {@code bins < 1} or the range is empty or not finite
   */
  public static Binning uniform(int bins, double low, double high) {
    check(bins, low, high);
    return new Binning(bins, low, high, false);
  }

  /**
   * {@code bins} bins of equal width in log10 from {@code low} to {@code high}, both positive.
   *
   * @throws IllegalArgumentException if {@code low <= 0}, or as {@link #uniform}
   */
  public static Binning logUniform(int bins, double low, double high) {
    check(bins, low, high);
    if (!(low > 0)) {
      throw new IllegalArgumentException(
          "logarithmic binning needs a positive lower edge, got " + low);
    }
    return new Binning(bins, low, high, true);
  }

  /**
   * Uniform bins whose range covers every value of the given samples: from the smallest to just
   * above the largest, so nothing falls in under- or overflow.
   *
   * @throws IllegalArgumentException if the samples hold no finite value
   */
  public static Binning uniformCovering(int bins, float[]... samples) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float[] sample : samples) {
      for (float v : sample) {
        if (Float.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    requireRangeFound(min, max, "finite");
    double pad = max > min ? (max - min) * 1e-6 : Math.max(Math.abs(max) * 1e-6, 1e-12);
    return uniform(bins, min, max + pad);
  }

  /**
   * Log-uniform bins covering every positive value of the given samples; zero and negative values
   * (an exact reconstruction) fall in underflow.
   *
   * @throws IllegalArgumentException if the samples hold no positive finite value
   */
  public static Binning logUniformCovering(int bins, float[]... samples) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float[] sample : samples) {
      for (float v : sample) {
        if (v > 0 && Float.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    requireRangeFound(min, max, "positive");
    double top = max > min ? max * (1 + 1e-6) : min * 10;
    return logUniform(bins, min, top);
  }

  public int bins() {
    return bins;
  }

  public double low() {
    return low;
  }

  public double high() {
    return high;
  }

  public boolean logarithmic() {
    return logarithmic;
  }

  /** Lower edge of bin {@code i}; {@code lowEdge(bins())} is the upper end of the range. */
  public double lowEdge(int i) {
    return edges[i];
  }

  public double highEdge(int i) {
    return edges[i + 1];
  }

  public double width(int i) {
    return edges[i + 1] - edges[i];
  }

  /** Bin centre: arithmetic for uniform bins, geometric for logarithmic ones. */
  public double centre(int i) {
    return logarithmic ? Math.sqrt(edges[i] * edges[i + 1]) : 0.5 * (edges[i] + edges[i + 1]);
  }

  /**
   * Bin of {@code x}: {@code -1} for underflow (including zero and negative values on a logarithmic
   * axis), {@code bins()} for overflow.
   *
   * @throws IllegalArgumentException if {@code x} is NaN
   */
  public int index(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("value is NaN; a histogram bins numbers only");
    }
    if (x < low) {
      return -1;
    }
    if (x >= high) {
      return bins;
    }
    double t = logarithmic ? Math.log10(x) - Math.log10(low) : x - low;
    int i = (int) (t * scale);
    // Rounding near an edge may misplace by one: settle on the exact edges.
    if (i >= bins) {
      i = bins - 1;
    }
    while (i > 0 && x < edges[i]) {
      i--;
    }
    while (i < bins - 1 && x >= edges[i + 1]) {
      i++;
    }
    return i;
  }

  private static void check(int bins, double low, double high) {
    if (bins < 1) {
      throw new IllegalArgumentException("a binning needs at least one bin, got " + bins);
    }
    if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
      throw new IllegalArgumentException(
          "bin range [" + low + ", " + high + ") is empty or not finite; need low < high");
    }
  }

  private static void requireRangeFound(double min, double max, String kind) {
    if (min > max) {
      throw new IllegalArgumentException(
          "no " + kind + " value to set the bin range from; the samples are empty");
    }
  }
}
