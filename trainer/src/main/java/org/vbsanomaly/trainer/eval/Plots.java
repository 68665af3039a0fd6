package org.vbsanomaly.trainer.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.LengthAdjustmentType;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG plots of training and evaluation results, drawn with JFreeChart: line plots (loss curves,
 * significance against a Wilson coefficient with a reference line), overlaid step histograms
 * (reconstruction errors of SM and EFT events, input against reconstructed features, singly or as a
 * grid of small plots in one image) and ROC curves with their AUC in the legend.
 *
 * <p>Axes on a logarithmic scale cannot show zero or negative values: on such an axis a line point
 * with a non-positive coordinate is left out (the line has a gap there), and an empty or negative
 * histogram bin is drawn at the bottom of the plot, as particle physicists expect of a log-scale
 * histogram. Nothing else is ever left out.
 *
 * <p>Rendering runs headless: loading this class sets {@code java.awt.headless=true} unless the
 * property was set before. Methods are stateless and may be called from several threads; each call
 * builds its own chart. The caller creates the output folder.
 */
public final class Plots {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. */
  private static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0x000000),
  };

  private static final int GRID_TITLE_HEIGHT = 40;

  /** Points closer than this share of the plotted range to the last drawn point are skipped. */
  private static final double ROC_RESOLUTION = 1.0 / 4000;

  private Plots() {}

  /** Writes a line plot; see {@link #lineChart}. */
  public static void writeLines(
      Path png, PlotLayout layout, List<Series> series, List<ReferenceLine> lines)
      throws IOException {
    save(lineChart(layout, series, lines), png, layout);
  }

  /** Writes overlaid step histograms; see {@link #histogramChart}. */
  public static void writeHistograms(
      Path png, PlotLayout layout, List<LabelledHistogram> histograms) throws IOException {
    save(histogramChart(layout, histograms), png, layout);
  }

  /** Writes ROC curves; see {@link #rocChart}. */
  public static void writeRocCurves(Path png, PlotLayout layout, List<LabelledRoc> curves)
      throws IOException {
    save(rocChart(layout, curves), png, layout);
  }

  /**
   * Writes several histogram panels as a grid in one PNG of {@code columns * panelWidth} by {@code
   * rows * panelHeight + 40} pixels (the 40 pixels hold {@code title}); panels fill rows left to
   * right.
   */
  public static void writeHistogramGrid(
      Path png,
      String title,
      List<HistogramPanel> panels,
      int columns,
      int panelWidth,
      int panelHeight)
      throws IOException {
    if (panels.isEmpty() || columns < 1) {
      throw new IllegalArgumentException(
          "a grid needs at least one panel and one column, got "
              + panels.size()
              + " panels and "
              + columns
              + " columns");
    }
    int rows = (panels.size() + columns - 1) / columns;
    BufferedImage image =
        new BufferedImage(
            columns * panelWidth,
            rows * panelHeight + GRID_TITLE_HEIGHT,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      drawCentredTitle(g, title, image.getWidth());
      for (int i = 0; i < panels.size(); i++) {
        HistogramPanel panel = panels.get(i);
        JFreeChart chart = compact(histogramChart(panel.layout(), panel.histograms()));
        double x = (i % columns) * (double) panelWidth;
        double y = GRID_TITLE_HEIGHT + (i / columns) * (double) panelHeight;
        chart.draw(g, new Rectangle2D.Double(x, y, panelWidth, panelHeight));
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("no PNG writer available to write " + png);
    }
  }

  /**
   * A line plot: each series a line in its own colour, each reference line a dashed horizontal line
   * with its label (e.g. 3 sigma).
   */
  public static JFreeChart lineChart(
      PlotLayout layout, List<Series> series, List<ReferenceLine> lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : series) {
      data.addSeries(points(s.label(), s.x(), s.y(), layout));
    }
    XYPlot plot = plot(layout, data, lines);
    if (!layout.logX() && allIntegerX(data)) {
      plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    return chart(layout.title(), plot);
  }

  /**
   * Overlaid step histograms, each outlined in its own colour. Histograms drawn together should
   * share a binning; to compare shapes, pass {@link WeightedHistogram#normalisedToUnitArea()}
   * copies. On a logarithmic x axis the binning must have positive edges.
   */
  public static JFreeChart histogramChart(PlotLayout layout, List<LabelledHistogram> histograms) {
    double floor = layout.logY() ? logFloor(histograms) : 0;
    XYSeriesCollection data = new XYSeriesCollection();
    for (LabelledHistogram h : histograms) {
      requirePositiveEdges(h, layout);
      data.addSeries(stepOutline(h, floor));
    }
    return chart(layout.title(), plot(layout, data, List.of()));
  }

  /**
   * ROC curves, signal efficiency against background efficiency, with the AUC of each curve in its
   * legend entry and the line of a score that does not separate (dashed grey). A logarithmic x axis
   * shows the low background efficiencies at which triggers run.
   */
  public static JFreeChart rocChart(PlotLayout layout, List<LabelledRoc> curves) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (LabelledRoc c : curves) {
      String label = String.format(Locale.ROOT, "%s (AUC = %.4f)", c.label(), c.roc().auc());
      data.addSeries(rocPoints(label, c.roc(), layout));
    }
    data.addSeries(chanceLine(data, layout));
    XYPlot plot = plot(layout, data, List.of());
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    int chance = data.getSeriesCount() - 1;
    renderer.setSeriesPaint(chance, Color.GRAY);
    renderer.setSeriesStroke(chance, dashed(1.5f));
    return chart(layout.title(), plot);
  }

  // --- building blocks --------------------------------------------------------------------

  private static XYSeries points(String label, double[] x, double[] y, PlotLayout layout) {
    XYSeries series = new XYSeries(label, false, true);
    for (int i = 0; i < x.length; i++) {
      if (layout.logX() && !(x[i] > 0)) {
        continue;
      }
      boolean hidden = layout.logY() && !(y[i] > 0);
      series.add(x[i], hidden || Double.isNaN(y[i]) ? null : y[i]);
    }
    return series;
  }

  private static XYSeries stepOutline(LabelledHistogram labelled, double floor) {
    WeightedHistogram h = labelled.histogram();
    Binning b = h.binning();
    XYSeries series = new XYSeries(labelled.label(), false, true);
    series.add(b.lowEdge(0), floor);
    for (int i = 0; i < b.bins(); i++) {
      double y = Math.max(h.content(i), floor);
      series.add(b.lowEdge(i), y);
      series.add(b.highEdge(i), y);
    }
    series.add(b.highEdge(b.bins() - 1), floor);
    return series;
  }

  private static XYSeries rocPoints(String label, RocCurve roc, PlotLayout layout) {
    XYSeries series = new XYSeries(label, false, true);
    double lastX = Double.NaN;
    double lastY = Double.NaN;
    for (int i = 0; i < roc.size(); i++) {
      double x = roc.backgroundEfficiency(i);
      double y = roc.signalEfficiency(i);
      if (layout.logX() && !(x > 0) || layout.logY() && !(y > 0)) {
        continue;
      }
      double px = layout.logX() ? Math.log10(x) / 8 : x; // 8 decades span the log axis
      double py = layout.logY() ? Math.log10(y) / 8 : y;
      boolean last = i == roc.size() - 1;
      if (last || Double.isNaN(lastX) || farEnough(px - lastX, py - lastY)) {
        series.add(x, y);
        lastX = px;
        lastY = py;
      }
    }
    return series;
  }

  private static boolean farEnough(double dx, double dy) {
    return Math.abs(dx) > ROC_RESOLUTION || Math.abs(dy) > ROC_RESOLUTION;
  }

  private static XYSeries chanceLine(XYSeriesCollection curves, PlotLayout layout) {
    XYSeries line = new XYSeries("no separation", false, true);
    if (!layout.logX() && !layout.logY()) {
      line.add(0.0, 0.0);
      line.add(1.0, 1.0);
      return line;
    }
    double low = Math.max(smallestPositiveX(curves), 1e-8);
    for (int i = 0; i <= 200; i++) {
      double x = low * Math.pow(1 / low, i / 200.0);
      line.add(x, x);
    }
    return line;
  }

  private static XYPlot plot(
      PlotLayout layout, XYSeriesCollection data, List<ReferenceLine> lines) {
    ValueAxis xAxis = axis(layout.xLabel(), layout.logX(), xBounds(data));
    ValueAxis yAxis = axis(layout.yLabel(), layout.logY(), yBounds(data));
    if (layout.fixedYRange()) {
      if (layout.logY() && !(layout.yMin() > 0)) {
        throw new IllegalArgumentException(
            "a logarithmic y axis needs a positive lower end, got " + layout.yMin());
      }
      yAxis.setRange(layout.yMin(), layout.yMax());
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    for (ReferenceLine line : lines) {
      plot.addRangeMarker(marker(line));
    }
    return plot;
  }

  private static ValueMarker marker(ReferenceLine line) {
    ValueMarker marker = new ValueMarker(line.y(), Color.DARK_GRAY, dashed(1.5f));
    marker.setLabel(line.label());
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    // The anchor moves out from the line by the label offset rather than in, so the label, whose
    // bottom sits on the anchor, clears the dashed line instead of straddling it.
    marker.setLabelOffsetType(LengthAdjustmentType.EXPAND);
    return marker;
  }

  private static ValueAxis axis(String label, boolean log, double[] bounds) {
    if (!log) {
      NumberAxis axis = new NumberAxis(label);
      axis.setAutoRangeIncludesZero(false);
      return axis;
    }
    LogAxis axis = new LogAxis(label);
    axis.setBase(10);
    axis.setSmallestValue(1e-300);
    if (bounds[0] > 0 && bounds[1] >= bounds[0]) {
      double pad = bounds[1] > bounds[0] ? Math.pow(bounds[1] / bounds[0], 0.03) : 2;
      axis.setRange(bounds[0] / pad, bounds[1] * pad);
      if (bounds[1] / bounds[0] >= 100) {
        // One tick per decade, labelled 10^n with an integer n.
        axis.setTickUnit(new NumberTickUnit(1, new DecimalFormat("0")), false, true);
      } else {
        // Less than two decades: 10^0.15 reads badly, plain numbers read well.
        axis.setNumberFormatOverride(new SignificantDigits());
      }
    }
    return axis;
  }

  private static boolean allIntegerX(XYSeriesCollection data) {
    for (int s = 0; s < data.getSeriesCount(); s++) {
      for (int i = 0; i < data.getItemCount(s); i++) {
        double x = data.getXValue(s, i);
        if (x != Math.rint(x)) {
          return false;
        }
      }
    }
    return data.getSeriesCount() > 0;
  }

  private static JFreeChart chart(String title, XYPlot plot) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    return chart;
  }

  private static JFreeChart compact(JFreeChart chart) {
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    }
    XYPlot plot = chart.getXYPlot();
    for (ValueAxis axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
      axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    }
    return chart;
  }

  private static void save(JFreeChart chart, Path png, PlotLayout layout) throws IOException {
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, layout.width(), layout.height());
    } catch (IOException e) {
      throw new IOException("cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }

  private static void drawCentredTitle(Graphics2D g, String title, int width) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    FontMetrics metrics = g.getFontMetrics();
    int x = Math.max(0, (width - metrics.stringWidth(title)) / 2);
    g.drawString(title, x, (GRID_TITLE_HEIGHT + metrics.getAscent()) / 2);
  }

  private static BasicStroke dashed(float width) {
    return new BasicStroke(
        width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  /** A floor below the smallest positive bin, where empty bins are drawn on a log axis. */
  private static double logFloor(List<LabelledHistogram> histograms) {
    double smallest = Double.POSITIVE_INFINITY;
    for (LabelledHistogram h : histograms) {
      for (double c : h.histogram().contents()) {
        if (c > 0) {
          smallest = Math.min(smallest, c);
        }
      }
    }
    return Double.isInfinite(smallest) ? 1e-3 : smallest / 3;
  }

  private static void requirePositiveEdges(LabelledHistogram h, PlotLayout layout) {
    if (layout.logX() && !(h.histogram().binning().low() > 0)) {
      throw new IllegalArgumentException(
          "histogram '"
              + h.label()
              + "' starts at "
              + h.histogram().binning().low()
              + "; a logarithmic x axis needs positive bin edges (use Binning.logUniform)");
    }
  }

  private static double smallestPositiveX(XYSeriesCollection data) {
    double smallest = Double.POSITIVE_INFINITY;
    for (int s = 0; s < data.getSeriesCount(); s++) {
      for (int i = 0; i < data.getItemCount(s); i++) {
        double x = data.getXValue(s, i);
        if (x > 0) {
          smallest = Math.min(smallest, x);
        }
      }
    }
    return Double.isInfinite(smallest) ? 1e-4 : smallest;
  }

  /** Smallest positive and largest x of the data, for log-axis ranges. */
  private static double[] xBounds(XYSeriesCollection data) {
    return positiveBounds(data, true);
  }

  /** Smallest positive and largest y of the data, gaps left aside. */
  private static double[] yBounds(XYSeriesCollection data) {
    return positiveBounds(data, false);
  }

  private static double[] positiveBounds(XYSeriesCollection data, boolean x) {
    double low = Double.POSITIVE_INFINITY;
    double high = 0;
    for (int s = 0; s < data.getSeriesCount(); s++) {
      for (int i = 0; i < data.getItemCount(s); i++) {
        Number v = x ? data.getX(s, i) : data.getY(s, i);
        double d = v == null ? Double.NaN : v.doubleValue();
        if (d > 0 && Double.isFinite(d)) {
          low = Math.min(low, d);
          high = Math.max(high, d);
        }
      }
    }
    return new double[] {Double.isInfinite(low) ? 0 : low, high};
  }

  /** Formats tick values with three significant digits, e.g. 0.0123, 1.26, 4.50e+03. */
  private static final class SignificantDigits extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
      return to.append(String.format(Locale.ROOT, "%.3g", number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
      return to.append(number);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("tick labels are only formatted, never parsed");
    }
  }
}
