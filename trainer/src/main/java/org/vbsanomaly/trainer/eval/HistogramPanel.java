package org.vbsanomaly.trainer.eval;

import java.util.List;

/**
 * One small plot of a grid: overlaid histograms of one variable (e.g. one feature, input against
 * reconstruction). The layout's size is ignored; the grid sets it.
 */
public record HistogramPanel(PlotLayout layout, List<LabelledHistogram> histograms) {

  public HistogramPanel {
    histograms = List.copyOf(histograms);
  }
}
