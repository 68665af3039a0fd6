package org.vbsanomaly.cli;

import java.io.PrintWriter;
import org.vbsanomaly.events.Selection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The analysis selection applied before scoring: the paper's cuts by default, each adjustable, or
 * none with {@code --no-selection}. A model can only score an event that has all 14 observables, so
 * even without cuts an event lacking a jet or a lepton is rejected rather than scored.
 */
final class SelectionChoice {

  @Option(
      names = "--no-selection",
      description =
          "Score every event that has all 14 observables (two jets and two leptons), without the"
              + " cuts.")
  boolean noSelection;

  @Option(
      names = "--ptj-min",
      converter = SelectionChoice.CutConverter.class,
      paramLabel = "GEV",
      description = "Cut on the pT of each of the two leading jets (default: 30).")
  Double ptjMin;

  @Option(
      names = "--mjj-min",
      converter = SelectionChoice.CutConverter.class,
      paramLabel = "GEV",
      description = "Cut on the dijet mass (default: 200).")
  Double mjjMin;

  @Option(
      names = "--detajj-min",
      converter = SelectionChoice.CutConverter.class,
      paramLabel = "X",
      description = "Cut on |etaj1 - etaj2| (default: 2).")
  Double detajjMin;

  /** The selection the options describe, validated. */
  Selection selection() {
    double off = Double.NEGATIVE_INFINITY;
    return of(noSelection, ptjMin, mjjMin, detajjMin, new Selection(true, off, off, off));
  }

  /**
   * The selection of the cut options: {@code whenNone} with {@code --no-selection}, else the
   * paper's cuts with each given one replacing its default.
   *
   * @param ptjMin the {@code --ptj-min} cut in GeV, or {@code null} when not given
   * @param mjjMin the {@code --mjj-min} cut in GeV, or {@code null} when not given
   * @param detajjMin the {@code --detajj-min} cut, or {@code null} when not given
   * @throws IllegalArgumentException when a cut is given with {@code --no-selection}, or is not
   *     finite
   */
  static Selection of(
      boolean noSelection, Double ptjMin, Double mjjMin, Double detajjMin, Selection whenNone) {
    if (noSelection) {
      if (ptjMin != null || mjjMin != null || detajjMin != null) {
        throw new IllegalArgumentException(
            "--no-selection conflicts with --ptj-min, --mjj-min and --detajj-min: give either"
                + " the cuts or --no-selection");
      }
      return whenNone;
    }
    return new Selection(
        true,
        cut("--ptj-min", ptjMin, Selection.PAPER_PTJ_MIN),
        cut("--mjj-min", mjjMin, Selection.PAPER_MJJ_MIN),
        cut("--detajj-min", detajjMin, Selection.PAPER_DETAJJ_MIN));
  }

  /** Warns when the model was trained on events of another selection than the one applied. */
  static void warnOnMismatch(String trainedSelection, Selection applied, PrintWriter err) {
    if (!trainedSelection.isEmpty() && !trainedSelection.equals(applied.describe())) {
      err.printf(
          "warning: the model was trained on events passing '%s'; scoring applies '%s'%n",
          trainedSelection, applied.describe());
    }
  }

  /**
   * Reads a cut value of {@code --ptj-min}, {@code --mjj-min} or {@code --detajj-min}: a finite
   * number, at least 0: pT, masses and |deta| are never negative, so a negative cut is meaningless
   * (most likely a typo). A bad value is a picocli parameter error naming the option and the value.
   */
  static final class CutConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v;
      try {
        v = Double.parseDouble(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!Double.isFinite(v)) {
        throw new TypeConversionException("'" + value + "': expected a finite number");
      }
      if (v < 0) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is negative; pT, masses and |deta| are never negative: expected a cut of 0"
                + " or more");
      }
      return v;
    }
  }

  private static double cut(String option, Double given, double paper) {
    if (given == null) {
      return paper;
    }
    if (!Double.isFinite(given)) {
      throw new IllegalArgumentException(option + " " + given + ": expected a finite number");
    }
    return given;
  }
}
