package org.vbsanomaly.trainer.eval;

/**
 * Title, axis labels (with units, e.g. {@code "m_jj [GeV]"}), axis scales, an optional fixed y
 * range and image size of one plot. Immutable; the {@code with...} methods return changed copies.
 *
 * @param yMin lower end of the y axis, NaN to fit the data
 * @param yMax upper end of the y axis, NaN to fit the data
 * @param width image width in pixels
 * @param height image height in pixels
 */
public record PlotLayout(
    String title,
    String xLabel,
    String yLabel,
    boolean logX,
    boolean logY,
    double yMin,
    double yMax,
    int width,
    int height) {

  /** Default image size: 900 x 650 pixels, readable on a screen and in a report. */
  public static final int DEFAULT_WIDTH = 900;

  public static final int DEFAULT_HEIGHT = 650;

  public PlotLayout {
    if (width < 50 || height < 50) {
      throw new IllegalArgumentException(
          "plot size " + width + " x " + height + " pixels is too small; at least 50 x 50");
    }
    if (Double.isNaN(yMin) != Double.isNaN(yMax) || yMin >= yMax) {
      throw new IllegalArgumentException(
          "y range [" + yMin + ", " + yMax + "] must be both NaN (automatic) or low < high");
    }
  }

  /** Linear axes fitted to the data, default size. */
  public static PlotLayout of(String title, String xLabel, String yLabel) {
    return new PlotLayout(
        title, xLabel, yLabel, false, false, Double.NaN, Double.NaN, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  public PlotLayout withLogX() {
    return new PlotLayout(title, xLabel, yLabel, true, logY, yMin, yMax, width, height);
  }

  public PlotLayout withLogY() {
    return new PlotLayout(title, xLabel, yLabel, logX, true, yMin, yMax, width, height);
  }

  /** A fixed y range; lines leaving it are clipped at the edge of the plot. */
  public PlotLayout withYRange(double low, double high) {
    return new PlotLayout(title, xLabel, yLabel, logX, logY, low, high, width, height);
  }

  public PlotLayout withSize(int newWidth, int newHeight) {
    return new PlotLayout(title, xLabel, yLabel, logX, logY, yMin, yMax, newWidth, newHeight);
  }

  /** Whether the y range is fixed rather than fitted to the data. */
  public boolean fixedYRange() {
    return !Double.isNaN(yMin);
  }
}
