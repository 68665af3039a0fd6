package org.vbsanomaly.trainer.sensitivity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vbsanomaly.trainer.eval.PlotLayout;
import org.vbsanomaly.trainer.eval.Plots;
import org.vbsanomaly.trainer.eval.ReferenceLine;
import org.vbsanomaly.trainer.eval.Series;

/**
 * Plots of the best significance against each coefficient: one PNG per operator, one line per
 * model, with the target significance as a dashed line. Stateless; the caller creates the folder.
 */
public final class SensitivityPlots {

  private static final double Y_RANGE_IN_TARGETS = 4;

  private SensitivityPlots() {}

  /**
   * Writes {@code sigma-<operator>.png} into {@code folder} for each operator of any model.
   *
   * @return the files written, in operator order
   */
  public static List<Path> write(Path folder, List<ModelSensitivity> results) throws IOException {
    List<Path> written = new ArrayList<>();
    for (String op : operators(results)) {
      Path png = folder.resolve("sigma-" + fileSafe(op) + ".png");
      Plots.writeLines(png, layout(op, results), series(op, results), referenceLines(results));
      written.add(png);
    }
    return written;
  }

  private static PlotLayout layout(String op, List<ModelSensitivity> results) {
    String title =
        String.format(
            Locale.ROOT,
            "%s: best significance at L = %s fb^-1",
            op,
            trim(results.get(0).luminosityInvFb()));
    // Up to four times the target: the crossings stay readable however steep the curves get.
    double top = Y_RANGE_IN_TARGETS * results.get(0).targetSigma();
    return PlotLayout.of(title, op + " [TeV^-2] (Lambda = 1 TeV)", "significance [sigma]")
        .withYRange(0, top);
  }

  private static List<Series> series(String op, List<ModelSensitivity> results) {
    List<Series> series = new ArrayList<>();
    for (ModelSensitivity m : results) {
      m.operator(op)
          .ifPresent(
              o ->
                  series.add(
                      new Series(
                          m.model() + " (" + m.kind() + ")", o.curve().c(), o.curve().sigma())));
    }
    return series;
  }

  private static List<ReferenceLine> referenceLines(List<ModelSensitivity> results) {
    double target = results.get(0).targetSigma();
    return List.of(new ReferenceLine(target, trim(target) + " sigma"));
  }

  private static Set<String> operators(List<ModelSensitivity> results) {
    Set<String> ops = new LinkedHashSet<>();
    for (ModelSensitivity m : results) {
      m.operators().forEach(o -> ops.add(o.operator()));
    }
    return ops;
  }

  private static String fileSafe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.+-]", "_");
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
