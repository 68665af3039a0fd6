package org.vbsanomaly.cli;

import java.io.PrintWriter;
import org.vbsanomaly.events.Selection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Mixin CutOptions cuts;

  /** The selection the options describe, validated. */
  Selection selection() {
    double off = Double.NEGATIVE_INFINITY;
    return of(noSelection, cuts, new Selection(true, off, off, off));
  }

  /**
   * The selection of the cut options: {@code whenNone} with {@code --no-selection}, else the
   * paper's cuts with each given one replacing its default.
   *
   * @throws IllegalArgumentException when a cut is given with {@code --no-selection}
   */
  static Selection of(boolean noSelection, CutOptions cuts, Selection whenNone) {
    if (noSelection) {
      if (cuts.anyGiven()) {
        throw new IllegalArgumentException(
            "--no-selection conflicts with --ptj-min, --mjj-min and --detajj-min: give either"
                + " the cuts or --no-selection");
      }
      return whenNone;
    }
    return cuts.selection();
  }

  /** Warns when the model was trained on events of another selection than the one applied. */
  static void warnOnMismatch(String trainedSelection, Selection applied, PrintWriter err) {
    if (!trainedSelection.isEmpty() && !trainedSelection.equals(applied.describe())) {
      err.printf(
          "warning: the model was trained on events passing '%s'; scoring applies '%s'%n",
          trainedSelection, applied.describe());
    }
  }
}
