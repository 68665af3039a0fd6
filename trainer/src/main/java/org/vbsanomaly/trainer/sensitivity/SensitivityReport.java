package org.vbsanomaly.trainer.sensitivity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sensitivity results as text: an aligned table for the terminal, CSV for further analysis, and
 * Markdown for model cards.
 *
 * <p>The summary has one row per model and one column per operator (the paper's seven first, in its
 * order, then any others), each cell {@code "c- / c+"}: the smallest coefficient reaching the
 * target on the negative and positive side, or {@code none} inside the scanned range; a {@code -}
 * marks an operator the model was not evaluated on. Under each model whose kind the paper covers, a
 * row gives the paper's value. The details list, for each model, operator and side, the chosen cut
 * and the yields and Monte Carlo event counts of the chosen region, so that the statistical footing
 * of every number is visible.
 *
 * <p>Stateless and thread-safe.
 */
public final class SensitivityReport {

  private static final String NOT_EVALUATED = "-";

  private SensitivityReport() {}

  /** The summary and details as aligned plain text, lines ending in {@code \n}. */
  public static String text(List<ModelSensitivity> results) {
    StringBuilder out = new StringBuilder();
    out.append(heading(results)).append("\n\n");
    appendAligned(out, summaryRows(results));
    out.append('\n');
    appendAligned(out, detailRows(results));
    return out.toString();
  }

  /** The summary and details as Markdown tables under a short heading. */
  public static String markdown(List<ModelSensitivity> results) {
    StringBuilder out = new StringBuilder();
    out.append(heading(results)).append("\n\n");
    appendMarkdown(out, summaryRows(results));
    out.append('\n');
    appendMarkdown(out, detailRows(results));
    return out.toString();
  }

  /**
   * One CSV row per model, operator and side (header first). Empty fields where a side has no
   * limit; {@code paper_c} holds a number, {@code none}, or nothing.
   */
  public static String csv(List<ModelSensitivity> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "model,kind,score_variable,operator,side,c_limit,cut,sm_events,sm_events_mc_error,"
            + "sm_mc_events,lin_events,lin_mc_events,quad_events,quad_mc_events,"
            + "sigma_at_range_edge,c_max,luminosity_fb_inv,target_sigma,allowed_cuts,paper_c\n");
    for (ModelSensitivity m : results) {
      for (OperatorSensitivity o : m.operators()) {
        appendCsvRow(out, m, o, false);
        appendCsvRow(out, m, o, true);
      }
    }
    return out.toString();
  }

  /**
   * The significance curves as CSV (header first): for each model, operator and grid point, the
   * coefficient, the best significance and the cut that gives it ({@code -inf} for no cut).
   */
  public static String curvesCsv(List<ModelSensitivity> results) {
    StringBuilder out = new StringBuilder("model,operator,c,best_sigma,best_cut\n");
    for (ModelSensitivity m : results) {
      for (OperatorSensitivity o : m.operators()) {
        SigmaCurve curve = o.curve();
        for (int i = 0; i < curve.c().length; i++) {
          out.append(csvField(m.model())).append(',').append(csvField(o.operator())).append(',');
          out.append(repr(curve.c()[i])).append(',').append(repr(curve.sigma()[i])).append(',');
          out.append(repr(curve.cut()[i])).append('\n');
        }
      }
    }
    return out.toString();
  }

  // --- rows -------------------------------------------------------------------------------

  private static String heading(List<ModelSensitivity> results) {
    if (results.isEmpty()) {
      return "Sensitivity: no models";
    }
    ModelSensitivity first = results.get(0);
    return String.format(
        Locale.ROOT,
        "Sensitivity at L = %s fb^-1: smallest |c| (TeV^-2, Lambda = 1 TeV) with sigma >= %s\n"
            + "sigma = |c LIN + c^2 QUAD| / sqrt(SM); region = selection + score > cut, the cut"
            + " chosen per c among those keeping enough SM Monte Carlo events",
        plain(first.luminosityInvFb()),
        plain(first.targetSigma()));
  }

  private static List<List<String>> summaryRows(List<ModelSensitivity> results) {
    List<String> operators = operatorColumns(results);
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("model");
    header.addAll(operators);
    rows.add(header);
    for (ModelSensitivity m : results) {
      List<String> row = new ArrayList<>();
      row.add(m.model() + " (" + m.kind() + ", " + m.scoreVariable() + ")");
      for (String op : operators) {
        row.add(m.operator(op).map(SensitivityReport::cell).orElse(NOT_EVALUATED));
      }
      rows.add(row);
      if (operators.stream().anyMatch(op -> PaperReference.lookup(m.kind(), op).isPresent())) {
        rows.add(paperRow(m.kind(), operators));
      }
    }
    return rows;
  }

  private static List<String> paperRow(String kind, List<String> operators) {
    List<String> row = new ArrayList<>();
    row.add("  paper, " + PaperReference.label(kind));
    for (String op : operators) {
      row.add(PaperReference.lookup(kind, op).map(PaperReference.Published::text).orElse(""));
    }
    return row;
  }

  private static List<List<String>> detailRows(List<ModelSensitivity> results) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "model",
            "operator",
            "side",
            "c",
            "cut",
            "SM events",
            "SM MC",
            "LIN events",
            "LIN MC",
            "QUAD events",
            "QUAD MC",
            "cuts allowed"));
    for (ModelSensitivity m : results) {
      for (OperatorSensitivity o : m.operators()) {
        rows.add(detailRow(m, o, false));
        rows.add(detailRow(m, o, true));
      }
    }
    return rows;
  }

  private static List<String> detailRow(
      ModelSensitivity m, OperatorSensitivity o, boolean positive) {
    Optional<Limit> limit = positive ? o.positive() : o.negative();
    String side = positive ? "c > 0" : "c < 0";
    String tried = Integer.toString(o.allowedCuts());
    if (limit.isEmpty()) {
      double edge = positive ? o.cMax() : -o.cMax();
      double sigma = positive ? o.sigmaAtPlusCMax() : o.sigmaAtMinusCMax();
      String none =
          String.format(Locale.ROOT, "none (%s sigma at c = %s)", fixed(sigma, 2), plain(edge));
      return List.of(m.model(), o.operator(), side, none, "", "", "", "", "", "", "", tried);
    }
    RegionYields r = limit.get().region();
    return List.of(
        m.model(),
        o.operator(),
        side,
        signed(limit.get().c()),
        cut(r.cut()),
        number(r.smEvents()) + " +- " + number(r.smEventsError()),
        Integer.toString(r.smMcEvents()),
        number(r.linEvents()),
        Integer.toString(r.linMcEvents()),
        number(r.quadEvents()),
        Integer.toString(r.quadMcEvents()),
        tried);
  }

  private static String cell(OperatorSensitivity o) {
    String negative = o.negative().map(l -> signed(l.c())).orElse("none");
    String positive = o.positive().map(l -> signed(l.c())).orElse("none");
    return negative + " / " + positive;
  }

  private static List<String> operatorColumns(List<ModelSensitivity> results) {
    Set<String> present = new LinkedHashSet<>();
    for (ModelSensitivity m : results) {
      for (OperatorSensitivity o : m.operators()) {
        present.add(o.operator());
      }
    }
    List<String> columns = new ArrayList<>();
    for (String op : PaperReference.OPERATORS) {
      if (present.remove(op)) {
        columns.add(op);
      }
    }
    columns.addAll(present);
    return columns;
  }

  // --- rendering --------------------------------------------------------------------------

  private static void appendAligned(StringBuilder out, List<List<String>> rows) {
    int[] width = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i)).append(" ".repeat(width[i] - row.get(i).length() + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static void appendMarkdown(StringBuilder out, List<List<String>> rows) {
    for (int r = 0; r < rows.size(); r++) {
      out.append('|');
      for (String cell : rows.get(r)) {
        out.append(' ').append(cell.strip().replace("|", "\\|")).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|').append(" --- |".repeat(rows.get(0).size())).append('\n');
      }
    }
  }

  private static void appendCsvRow(
      StringBuilder out, ModelSensitivity m, OperatorSensitivity o, boolean positive) {
    Optional<Limit> limit = positive ? o.positive() : o.negative();
    List<String> f = new ArrayList<>();
    f.add(m.model());
    f.add(m.kind());
    f.add(m.scoreVariable());
    f.add(o.operator());
    f.add(positive ? "positive" : "negative");
    if (limit.isPresent()) {
      RegionYields r = limit.get().region();
      f.add(repr(limit.get().c()));
      f.add(repr(r.cut()));
      f.add(repr(r.smEvents()));
      f.add(repr(r.smEventsError()));
      f.add(Integer.toString(r.smMcEvents()));
      f.add(repr(r.linEvents()));
      f.add(Integer.toString(r.linMcEvents()));
      f.add(repr(r.quadEvents()));
      f.add(Integer.toString(r.quadMcEvents()));
    } else {
      for (int i = 0; i < 9; i++) {
        f.add("");
      }
    }
    f.add(repr(positive ? o.sigmaAtPlusCMax() : o.sigmaAtMinusCMax()));
    f.add(repr(o.cMax()));
    f.add(repr(m.luminosityInvFb()));
    f.add(repr(m.targetSigma()));
    f.add(Integer.toString(o.allowedCuts()));
    f.add(
        PaperReference.lookup(m.kind(), o.operator())
            .map(PaperReference.Published::text)
            .orElse(""));
    out.append(String.join(",", f.stream().map(SensitivityReport::csvField).toList()));
    out.append('\n');
  }

  private static String csvField(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  // --- numbers ----------------------------------------------------------------------------

  private static String signed(double c) {
    return String.format(Locale.ROOT, "%+.3g", c);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Whole numbers without decimals (350, -2), others as they are (0.5). */
  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String cut(double cut) {
    return cut == Double.NEGATIVE_INFINITY ? "no cut" : String.format(Locale.ROOT, "%.5g", cut);
  }

  /** Full precision for CSV, minus infinity as {@code -inf}. */
  private static String repr(double v) {
    if (v == Double.NEGATIVE_INFINITY) {
      return "-inf";
    }
    return Double.toString(v);
  }
}
