package org.vbsanomaly.trainer.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Quantile cuts: the cut on a score that keeps a fraction {@code f} of a reference sample (the SM
 * test events), as used for the anomaly flag of a model.
 *
 * <p>Rule: among the distinct score values, highest first, the cut is the first value {@code v}
 * such that the events with {@code score > v} make up at least {@code f} of the sample. The kept
 * fraction is therefore the smallest achievable fraction that is not below {@code f}; it exceeds
 * {@code f} by at most the share of the events tied at one score. With negative weights the kept
 * fraction is not monotonic in the cut and the rule takes its first crossing. When only keeping
 * every event reaches {@code f}, the cut lies just below the lowest score.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScoreThresholds {

  /** The SM efficiencies the project stores cuts for: 10%, 1% and 0.1%. */
  public static final List<Double> STANDARD_FRACTIONS = List.of(0.1, 0.01, 0.001);

  private ScoreThresholds() {}

  /**
   * The cut keeping a fraction {@code fraction} of {@code reference}.
   *
   * @throws IllegalArgumentException if {@code fraction} is not in (0, 1] or the sample is empty
   * @throws IllegalStateException if weighted and the total weight is not positive
   */
  public static ScoreCut keepingFraction(
      WeightedScores reference, double fraction, Weighting weighting) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "fraction " + fraction + " is outside (0, 1]; give the share of events to keep");
    }
    if (reference.isEmpty()) {
      throw new IllegalArgumentException("the reference sample is empty; no cut can be chosen");
    }
    double total = weighting == Weighting.EVENT_WEIGHTS ? reference.positiveTotal() : 0;
    double[] distinct = reference.distinctScoresDescending();
    for (double value : distinct) {
      int kept = reference.countAbove(value);
      double keptFraction = fractionOfTop(reference, kept, total, weighting);
      if (keptFraction >= fraction) {
        return new ScoreCut(fraction, value, keptFraction, kept, weighting);
      }
    }
    double belowAll = Math.nextDown((double) reference.minScore());
    return new ScoreCut(fraction, belowAll, 1.0, reference.size(), weighting);
  }

  /** The cuts for {@link #STANDARD_FRACTIONS}, in that order. */
  public static List<ScoreCut> standardCuts(WeightedScores reference, Weighting weighting) {
    List<ScoreCut> cuts = new ArrayList<>();
    for (double f : STANDARD_FRACTIONS) {
      cuts.add(keepingFraction(reference, f, weighting));
    }
    return cuts;
  }

  private static double fractionOfTop(
      WeightedScores reference, int kept, double total, Weighting weighting) {
    if (weighting == Weighting.UNIT_WEIGHTS) {
      return (double) kept / reference.size();
    }
    return reference.weightOfTop(kept) / total;
  }
}
