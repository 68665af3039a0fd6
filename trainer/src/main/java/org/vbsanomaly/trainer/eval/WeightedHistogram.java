package org.vbsanomaly.trainer.eval;

/**
 * A histogram of weighted entries over a fixed {@link Binning}, with underflow and overflow and the
 * sum of squared weights per bin (so that each bin has its Monte Carlo error).
 *
 * <p>Weights may be negative (interference samples); a bin content is the signed sum. Every entry
 * lands somewhere: in a bin, in underflow or in overflow. A NaN value or a NaN or infinite weight
 * is refused, never dropped.
 *
 * <p>Not thread-safe: fill from one thread. {@link #normalisedToUnitArea()} returns a new histogram
 * and leaves this one as it is.
 */
public final class WeightedHistogram {

  private final Binning binning;
  private final double[] sumWeight; // index 0 underflow, 1..n bins, n + 1 overflow
  private final double[] sumSquaredWeight;
  private long entries;

  public WeightedHistogram(Binning binning) {
    this.binning = binning;
    this.sumWeight = new double[binning.bins() + 2];
    this.sumSquaredWeight = new double[binning.bins() + 2];
  }

  /** A histogram of {@code values}, each with weight 1. */
  public static WeightedHistogram of(Binning binning, float[] values) {
    WeightedHistogram h = new WeightedHistogram(binning);
    for (int i = 0; i < values.length; i++) {
      h.fill(values[i], 1.0, i);
    }
    return h;
  }

  /**
   * A histogram of {@code values} with their {@code weights}.
   *
   * @throws IllegalArgumentException if the lengths differ or an entry is refused (the message
   *     names its index)
   */
  public static WeightedHistogram of(Binning binning, float[] values, double[] weights) {
    if (values.length != weights.length) {
      throw new IllegalArgumentException(
          "values and weights differ in length: "
              + values.length
              + " values, "
              + weights.length
              + " weights");
    }
    WeightedHistogram h = new WeightedHistogram(binning);
    for (int i = 0; i < values.length; i++) {
      h.fill(values[i], weights[i], i);
    }
    return h;
  }

  /**
   * Adds one entry.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or {@code weight} is not finite
   */
  public void fill(double value, double weight) {
    fill(value, weight, entries);
  }

  private void fill(double value, double weight, long entry) {
    if (Double.isNaN(value) || !Double.isFinite(weight)) {
      throw refused(value, weight, entry);
    }
    int slot = binning.index(value) + 1;
    sumWeight[slot] += weight;
    sumSquaredWeight[slot] += weight * weight;
    entries++;
  }

  public Binning binning() {
    return binning;
  }

  /** Number of entries filled, whatever their weights and wherever they landed. */
  public long entries() {
    return entries;
  }

  /** Signed sum of weights in bin {@code i}, {@code 0 <= i < bins}. */
  public double content(int i) {
    return sumWeight[checkBin(i) + 1];
  }

  /** Monte Carlo error of bin {@code i}: the square root of its sum of squared weights. */
  public double error(int i) {
    return Math.sqrt(sumSquaredWeight[checkBin(i) + 1]);
  }

  public double underflow() {
    return sumWeight[0];
  }

  public double overflow() {
    return sumWeight[sumWeight.length - 1];
  }

  /** Sum of weights inside the range (under- and overflow excluded). */
  public double inRangeSum() {
    double sum = 0;
    for (int i = 1; i < sumWeight.length - 1; i++) {
      sum += sumWeight[i];
    }
    return sum;
  }

  /** Sum of all weights, under- and overflow included. */
  public double totalSum() {
    return inRangeSum() + underflow() + overflow();
  }

  /** Area inside the range: the sum over bins of content times width. */
  public double area() {
    double area = 0;
    for (int i = 0; i < binning.bins(); i++) {
      area += content(i) * binning.width(i);
    }
    return area;
  }

  /** Bin contents (a copy), bin 0 first. */
  public double[] contents() {
    double[] c = new double[binning.bins()];
    System.arraycopy(sumWeight, 1, c, 0, c.length);
    return c;
  }

  /**
   * A copy scaled to unit area inside the range: each content becomes a density, {@code content /
   * (inRangeSum * width)}, so that {@link #area()} is 1 and samples of different sizes and cross
   * sections compare by shape. Errors, underflow and overflow are scaled by the same factor (per
   * unit of the variable for flows, as if they had width 1), so the share of the sample outside the
   * range stays visible.
   *
   * @throws IllegalStateException if the in-range sum of weights is not positive
   */
  public WeightedHistogram normalisedToUnitArea() {
    double inRange = inRangeSum();
    if (!(inRange > 0)) {
      throw new IllegalStateException(
          "cannot normalise a histogram whose in-range sum of weights is "
              + inRange
              + " ("
              + entries
              + " entries, underflow "
              + underflow()
              + ", overflow "
              + overflow()
              + ")");
    }
    WeightedHistogram n = new WeightedHistogram(binning);
    n.entries = entries;
    for (int slot = 0; slot < sumWeight.length; slot++) {
      double width = slot == 0 || slot == sumWeight.length - 1 ? 1 : binning.width(slot - 1);
      double factor = 1 / (inRange * width);
      n.sumWeight[slot] = sumWeight[slot] * factor;
      n.sumSquaredWeight[slot] = sumSquaredWeight[slot] * factor * factor;
    }
    return n;
  }

  private int checkBin(int i) {
    if (i < 0 || i >= binning.bins()) {
      throw new IndexOutOfBoundsException(
          "bin " + i + " is outside 0.." + (binning.bins() - 1) + "; use underflow()/overflow()");
    }
    return i;
  }

  private static IllegalArgumentException refused(double value, double weight, long entry) {
    return new IllegalArgumentException(
        "entry "
            + entry
            + " refused: value "
            + value
            + ", weight "
            + weight
            + "; values must be numbers and weights finite");
  }
}
