package org.vbsanomaly.trainer.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.Timings;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.eval.ScoreCut;

/**
 * Markdown pieces common to the model cards of the VAE ({@link ModelCard}) and of the VAE+NN model
 * ({@link ClassifierModelCard}): lines, table rows, number formats and the sections both cards
 * write alike. Every method appends to the given builder; lines end in {@code \n}.
 */
final class CardSections {
  private CardSections() {}

  /** The heading and first rows of the summary table: model kind, creation time, code version. */
  static void summaryStart(StringBuilder b, ModelMetadata m) {
    line(b, "## Summary");
    line(b, "");
    line(b, "| | |");
    line(b, "|---|---|");
    row(b, "model kind", m.getModelKind() + " (flag variable `" + m.getFlagVariable() + "`)");
    row(b, "created (UTC)", m.getCreated());
    row(b, "code", m.getCodeVersion());
  }

  /** The last row of the summary table (wall time, seconds), then the warnings, if any. */
  static void summaryEnd(StringBuilder b, double wallSeconds, List<String> warnings) {
    row(b, "wall time", String.format(Locale.ROOT, "%.1f s", wallSeconds));
    line(b, "");
    if (!warnings.isEmpty()) {
      line(b, "**Warnings**");
      line(b, "");
      for (String w : warnings) {
        line(b, "- " + w);
      }
      line(b, "");
    }
  }

  /** The table of input files: the SM files, then the EFT files, one row each. */
  static void fileTable(StringBuilder b, List<LoadedSample> sm, List<LoadedSample> eft) {
    line(
        b,
        "| file | role | operator | sigma (pb) | events read | selected | weight scale | SHA-256"
            + " |");
    line(b, "|---|---|---|---|---|---|---|---|");
    for (List<LoadedSample> group : List.of(sm, eft)) {
      for (LoadedSample s : group) {
        fileRow(b, s);
      }
    }
    line(b, "");
  }

  private static void fileRow(StringBuilder b, LoadedSample s) {
    line(
        b,
        "| `"
            + s.spec().file()
            + "` | "
            + s.spec().role()
            + " | "
            + s.spec().operator()
            + " | "
            + fmt(s.sample().crossSectionPb())
            + " +- "
            + fmt(s.sample().crossSectionErrorPb())
            + " | "
            + s.sample().eventsRead()
            + " | "
            + s.size()
            + " | "
            + fmt(s.weightScale())
            + " | `"
            + s.sha256()
            + "` |");
  }

  /** The preprocessing section: the transform and each feature's scaling constants. */
  static void preprocessing(StringBuilder b, ModelMetadata m) {
    line(b, "## Preprocessing (inside the ONNX graph)");
    line(b, "");
    line(
        b,
        "x' = log10(max(x, 1e-6)) for the eight masses and momenta, x' = x otherwise; then s ="
            + " (x' - min) / (max - min) with constants fitted on the SM training split (fit +"
            + " validation). The model takes raw GeV and rad.");
    line(b, "");
    line(b, "| feature | unit | log10 | min | max |");
    line(b, "|---|---|---|---|---|");
    for (FeatureSpec f : m.getFeaturesList()) {
      line(
          b,
          "| "
              + f.getName()
              + " | "
              + f.getUnit()
              + " | "
              + (f.getLog10() ? "yes" : "no")
              + " | "
              + fmt(f.getMin())
              + " | "
              + fmt(f.getMax())
              + " |");
    }
    line(b, "");
  }

  /**
   * The options table: each option's value, its default and {@code why} the default was chosen.
   *
   * @param values the model's options by name, in table order
   * @param defaults the default of each option, by name
   */
  static void optionTable(
      StringBuilder b,
      Map<String, String> values,
      Map<String, String> defaults,
      UnaryOperator<String> why) {
    line(b, "| option | value | default | why the default |");
    line(b, "|---|---|---|---|");
    for (Map.Entry<String, String> e : values.entrySet()) {
      line(
          b,
          "| `--"
              + e.getKey()
              + "` | "
              + e.getValue()
              + " | "
              + defaults.get(e.getKey())
              + " | "
              + why.apply(e.getKey())
              + " |");
    }
    line(b, "");
  }

  /**
   * Whether the epoch table shows the epoch of 0-based index {@code i} of {@code n}: the first and
   * last three, the best and every 25th.
   */
  static boolean shownInEpochTable(int i, int n, int bestEpoch) {
    return i < 3 || i >= n - 3 || i + 1 == bestEpoch || (i + 1) % 25 == 0;
  }

  /** The closing lines of the training section: where all epochs and the curves are. */
  static void epochFiles(StringBuilder b) {
    line(b, "");
    line(b, "All epochs: `-history.csv`; curves: `-loss.png`.");
    line(b, "");
  }

  /** The table of thresholds on {@code quantity} (e.g. mse, score) and the events they keep. */
  static void thresholdTable(StringBuilder b, String quantity, List<ScoreCut> thresholds) {
    line(b, "| SM efficiency | " + quantity + " threshold | SM test events above |");
    line(b, "|---|---|---|");
    for (ScoreCut c : thresholds) {
      line(
          b,
          String.format(
              Locale.ROOT, "| %s | %.6g | %d |", c.targetFraction(), c.cut(), c.keptEvents()));
    }
    line(b, "");
  }

  /**
   * The header and rule of a sample table: {@code head} (beginning with {@code |}) over {@code
   * columns} columns, then one efficiency column per threshold.
   */
  static void sampleTableHead(
      StringBuilder b, String head, int columns, List<ScoreCut> thresholds) {
    StringBuilder header = new StringBuilder(head);
    StringBuilder rule = new StringBuilder("|---".repeat(columns));
    for (ScoreCut c : thresholds) {
      header.append(" | eff. at SM ").append(c.targetFraction());
      rule.append("|---");
    }
    line(b, header + " |");
    line(b, rule + "|");
  }

  /**
   * Appends one efficiency cell per threshold, {@code n/a} for a sample without a ROC curve.
   *
   * @param efficiencyAbove the sample's efficiency above a cut, used only when it has a ROC
   */
  static void efficiencyCells(
      StringBuilder row,
      List<ScoreCut> thresholds,
      boolean hasRoc,
      DoubleUnaryOperator efficiencyAbove) {
    for (ScoreCut c : thresholds) {
      row.append(" | ")
          .append(
              hasRoc
                  ? String.format(Locale.ROOT, "%.4f", efficiencyAbove.applyAsDouble(c.cut()))
                  : "n/a");
    }
  }

  /** The timing section: seconds per step of the run. */
  static void timing(StringBuilder b, Timings t) {
    line(b, "## Timing");
    line(b, "");
    line(b, "| step | seconds |");
    line(b, "|---|---|");
    row(b, "reading, selecting, hashing files", secs(t.reading()));
    row(b, "split and scaling", secs(t.preprocessing()));
    row(b, "training (TensorFlow set-up and all epochs)", secs(t.training()));
    row(b, "evaluation", secs(t.evaluation()));
    row(b, "ONNX export and check", secs(t.export()));
    row(b, "plots, tables, card", secs(t.outputs()));
    row(b, "total", secs(t.total()));
    line(b, "");
  }

  /** The files section: the name of every file written. */
  static void files(StringBuilder b, List<Path> outputs) {
    line(b, "## Files");
    line(b, "");
    for (Path p : outputs) {
      line(b, "- `" + p.getFileName() + "`");
    }
    line(b, "");
  }

  static void row(StringBuilder b, String k, String v) {
    line(b, "| " + k + " | " + v + " |");
  }

  static void line(StringBuilder b, String s) {
    b.append(s).append('\n');
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  static String secs(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
