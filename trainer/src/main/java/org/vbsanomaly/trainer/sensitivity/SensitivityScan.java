package org.vbsanomaly.trainer.sensitivity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vbsanomaly.trainer.eval.WeightedScores;

/**
 * The sensitivity study: for each operator, the smallest {@code |c|} on each side of zero at which
 * the best region reaches the target significance, and the best significance on a grid of {@code c}
 * for plots.
 *
 * <p>Regions: the analysis selection (applied by the caller) plus {@code score > cut}. Candidate
 * cuts are every distinct score of the SM, LIN and QUAD events together, and no cut at all; only
 * cuts that keep at least the configured number of SM Monte Carlo events are allowed, so that no
 * limit rests on a handful of simulated events. With {@link SensitivityOptions#fixedCut()} the
 * single given cut is used instead.
 *
 * <p>Implementation note. For one region {@code sigma(c)} starts at zero at {@code c = 0} and is
 * continuous, so the first {@code c} on a side where the best region reaches the target is the
 * smallest, over the allowed regions, of each region's first crossing; each crossing is the root of
 * a quadratic ({@link Significance#crossing}). The limit is therefore exact, costs one quadratic
 * per region and side after one sort of each sample and one binary search per sample per region,
 * and names the region that reaches the target first. The plotted curve is the maximum over regions
 * at each grid point.
 *
 * <p>Stateless and thread-safe.
 */
public final class SensitivityScan {

  private SensitivityScan() {}

  /** The study for every operator of {@code model}. */
  public static ModelSensitivity run(ModelScores model, SensitivityOptions options) {
    List<OperatorSensitivity> results = new ArrayList<>();
    for (EftSamples op : model.operators()) {
      results.add(scanOperator(model.model(), model.sm(), op, options));
    }
    return new ModelSensitivity(
        model.model(),
        model.kind(),
        model.scoreVariable(),
        options.luminosityInvFb(),
        options.targetSigma(),
        results);
  }

  /**
   * The study for one operator.
   *
   * @param model the model's name, for messages
   * @throws IllegalArgumentException if no allowed region exists (too few SM Monte Carlo events, or
   *     a fixed cut that keeps too few) or the LIN or QUAD sample is empty
   */
  public static OperatorSensitivity scanOperator(
      String model, WeightedScores sm, EftSamples op, SensitivityOptions options) {
    requireEftEvents(model, op);
    Regions regions = Regions.of(sm, op, allowedCuts(model, sm, op, options), options);
    double cMax = options.cMax(op.operator());

    Optional<Limit> negative = limit(regions, sm, op, options, cMax, false);
    Optional<Limit> positive = limit(regions, sm, op, options, cMax, true);
    SigmaCurve curve = curve(regions, cMax, options.gridPoints());
    double[] sigma = curve.sigma();
    return new OperatorSensitivity(
        op.operator(),
        negative,
        positive,
        cMax,
        sigma[0],
        sigma[sigma.length - 1],
        regions.size(),
        curve);
  }

  /**
   * Yields in the region {@code score > cut} at the options' luminosity.
   *
   * @param cut minus infinity for the selection alone
   */
  public static RegionYields yields(
      WeightedScores sm, EftSamples op, double cut, SensitivityOptions options) {
    double perPb = options.eventsPerPicobarn();
    return new RegionYields(
        cut,
        sm.weightAbove(cut) * perPb,
        Math.sqrt(sm.squaredWeightAbove(cut)) * perPb,
        op.lin().weightAbove(cut) * perPb,
        op.quad().weightAbove(cut) * perPb,
        sm.countAbove(cut),
        op.lin().countAbove(cut),
        op.quad().countAbove(cut));
  }

  private static Optional<Limit> limit(
      Regions regions,
      WeightedScores sm,
      EftSamples op,
      SensitivityOptions options,
      double cMax,
      boolean positive) {
    double best = Double.POSITIVE_INFINITY;
    int bestRegion = -1;
    for (int k = 0; k < regions.size(); k++) {
      double c =
          Significance.crossing(
              regions.lin[k], regions.quad[k], regions.sm[k], options.targetSigma(), positive);
      double magnitude = Math.abs(c);
      if (magnitude <= cMax && magnitude < best) {
        best = magnitude;
        bestRegion = k;
      }
    }
    if (bestRegion < 0) {
      return Optional.empty();
    }
    double c = positive ? best : -best;
    return Optional.of(new Limit(c, yields(sm, op, regions.cut[bestRegion], options)));
  }

  private static SigmaCurve curve(Regions regions, double cMax, int points) {
    double[] c = new double[points];
    double[] sigma = new double[points];
    double[] cut = new double[points];
    int middle = points / 2;
    for (int j = 0; j < points; j++) {
      c[j] = j == middle ? 0 : cMax * (j - middle) / middle;
      int best = 0;
      double bestSigma = -1;
      for (int k = 0; k < regions.size(); k++) {
        double s = Math.abs(regions.linOverRoot[k] * c[j] + regions.quadOverRoot[k] * c[j] * c[j]);
        if (s > bestSigma) {
          bestSigma = s;
          best = k;
        }
      }
      sigma[j] = bestSigma;
      cut[j] = regions.cut[best];
    }
    return new SigmaCurve(c, sigma, cut);
  }

  /** Candidate cuts, highest first, that keep enough SM Monte Carlo events. */
  private static double[] allowedCuts(
      String model, WeightedScores sm, EftSamples op, SensitivityOptions options) {
    int min = options.minSmMcEvents();
    if (options.fixedCut().isPresent()) {
      double cut = options.fixedCut().getAsDouble();
      int kept = sm.countAbove(cut);
      if (kept < min) {
        throw new IllegalArgumentException(
            String.format(
                "model %s, operator %s: the fixed cut %s keeps %d SM Monte Carlo events, fewer"
                    + " than the minimum of %d; lower the cut or the minimum",
                model, op.operator(), cut, kept, min));
      }
      return new double[] {cut};
    }
    if (sm.size() < min) {
      throw new IllegalArgumentException(
          String.format(
              "model %s: the SM sample has %d Monte Carlo events, fewer than the minimum of %d"
                  + " a region must keep; pass more SM test events or lower the minimum",
              model, sm.size(), min));
    }
    double[] all = unionOfScores(sm, op.lin(), op.quad());
    int allowed = 0;
    for (double cut : all) {
      if (sm.countAbove(cut) >= min) {
        all[allowed++] = cut;
      }
    }
    return Arrays.copyOf(all, allowed);
  }

  /** Distinct scores of the three samples, highest first, then minus infinity. */
  private static double[] unionOfScores(WeightedScores... samples) {
    int n = 1;
    for (WeightedScores s : samples) {
      n += s.size();
    }
    double[] all = new double[n];
    int m = 0;
    for (WeightedScores s : samples) {
      for (double v : s.distinctScoresDescending()) {
        all[m++] = -v; // negated so an ascending sort gives highest first
      }
    }
    Arrays.sort(all, 0, m);
    int distinct = 0;
    for (int i = 0; i < m; i++) {
      if (distinct == 0 || all[i] != all[distinct - 1]) {
        all[distinct++] = all[i];
      }
    }
    for (int i = 0; i < distinct; i++) {
      all[i] = -all[i];
    }
    all[distinct] = Double.NEGATIVE_INFINITY;
    return Arrays.copyOf(all, distinct + 1);
  }

  private static void requireEftEvents(String model, EftSamples op) {
    if (op.lin().isEmpty() || op.quad().isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "model %s, operator %s: the %s sample is empty; both LIN and QUAD events are needed",
              model, op.operator(), op.lin().isEmpty() ? "LIN" : "QUAD"));
    }
  }

  /** Yields of the allowed regions, as parallel arrays (events at the luminosity). */
  private static final class Regions {
    final double[] cut;
    final double[] sm;
    final double[] lin;
    final double[] quad;
    final double[] linOverRoot; // lin / sqrt(max(sm, 1))
    final double[] quadOverRoot;

    private Regions(int n) {
      cut = new double[n];
      sm = new double[n];
      lin = new double[n];
      quad = new double[n];
      linOverRoot = new double[n];
      quadOverRoot = new double[n];
    }

    static Regions of(
        WeightedScores smScores, EftSamples op, double[] cuts, SensitivityOptions options) {
      double perPb = options.eventsPerPicobarn();
      Regions r = new Regions(cuts.length);
      for (int k = 0; k < cuts.length; k++) {
        r.cut[k] = cuts[k];
        r.sm[k] = smScores.weightAbove(cuts[k]) * perPb;
        r.lin[k] = op.lin().weightAbove(cuts[k]) * perPb;
        r.quad[k] = op.quad().weightAbove(cuts[k]) * perPb;
        double root = Math.sqrt(Math.max(r.sm[k], 1.0));
        r.linOverRoot[k] = r.lin[k] / root;
        r.quadOverRoot[k] = r.quad[k] / root;
      }
      return r;
    }

    int size() {
      return cut.length;
    }
  }
}
