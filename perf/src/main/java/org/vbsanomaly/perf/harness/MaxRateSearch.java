package org.vbsanomaly.perf.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.HdrHistogram.HistogramLogWriter;
import org.vbsanomaly.inference.AnomalyModel;

/**
 * Finds the highest offered rate the pipeline sustains: every scheduled event sent, results at 98%
 * of the offered rate or better, and a corrected p99 within {@link HarnessConfig#maxP99Nanos()}.
 *
 * <p>A saturating probe first measures the ceiling {@code C} (events sent as fast as the ring takes
 * them). Trials at fixed rates follow, each with the configured warm-up and duration: the first at
 * 0.9 C; until a rate is sustained each failure halves the rate (so a tight latency bound, met only
 * far below the ceiling, is still found: 0.9 C / 64 after seven trials), down to {@value
 * #LOWEST_RATE} events/s; once a rate is sustained the search bisects, geometrically, between the
 * best sustained and the lowest failed rate until they are within 3% or {@value #MAX_TRIALS} trials
 * have run.
 *
 * <p>Beyond the sustained maximum the queue grows for as long as the overload lasts, so a trial of
 * a few seconds separates the two regimes clearly; near it, a longer duration gives a sharper
 * answer.
 */
public final class MaxRateSearch {

  /** Most fixed-rate trials. */
  public static final int MAX_TRIALS = 12;

  /** Lowest rate tried, events per second: below it the search gives up. */
  public static final double LOWEST_RATE = 1_000;

  private static final double FIRST_FRACTION = 0.9;
  private static final double STEP_DOWN = 0.5;
  private static final double PRECISION = 0.03;

  /**
   * One fixed-rate trial of the search.
   *
   * @param result what it measured
   * @param sustained whether it met the criteria
   */
  public record Trial(TrialResult result, boolean sustained) {}

  /**
   * The search's outcome.
   *
   * @param ceiling the saturating probe
   * @param trials the fixed-rate trials in the order run
   * @param best the highest sustained trial, or {@code null} if none was
   */
  public record Result(TrialResult ceiling, List<Trial> trials, TrialResult best) {}

  private MaxRateSearch() {}

  /**
   * Runs the search.
   *
   * @param logFor the HdrHistogram log of the trial at a rate, or {@code null} for none; the search
   *     closes each log after its trial
   */
  public static Result search(
      AnomalyModel model, HarnessConfig config, DoubleFunction<HistogramLogWriter> logFor) {
    config.progress().accept("saturating probe: sending as fast as the ring accepts");
    TrialResult ceiling = LatencyHarness.saturate(model, config);
    config
        .progress()
        .accept(
            String.format(
                Locale.ROOT,
                "ceiling %s; searching below it",
                OfferedRate.format(ceiling.achievedRate())));
    List<Trial> trials = new ArrayList<>();
    TrialResult best = null;
    Steps steps = new Steps(ceiling.achievedRate());
    for (int n = 0; n < MAX_TRIALS; n++) {
      double rate = steps.rate();
      config.progress().accept("trial " + (n + 1) + " at " + OfferedRate.format(rate));
      HarnessConfig trialConfig = config.withRate(OfferedRate.of(rate));
      TrialResult r = trial(model, trialConfig, logFor.apply(rate));
      boolean ok = sustained(r, config.maxP99Nanos());
      trials.add(new Trial(r, ok));
      config.progress().accept(verdict(r, ok));
      best = ok ? r : best;
      if (!steps.record(ok)) {
        break;
      }
    }
    return new Result(ceiling, List.copyOf(trials), best);
  }

  /** The rates the search tries: a function of the verdicts so far alone. Single use. */
  static final class Steps {
    private double lo;
    private double hi;
    private double rate;

    Steps(double ceiling) {
      this.hi = ceiling;
      this.rate = FIRST_FRACTION * ceiling;
    }

    /** The rate to try next, events per second. */
    double rate() {
      return rate;
    }

    /** Records whether {@link #rate()} was sustained; returns false when the search is over. */
    boolean record(boolean sustained) {
      if (sustained) {
        lo = rate;
      } else {
        hi = rate;
      }
      if (lo > 0) {
        rate = Math.sqrt(lo * hi);
        return (hi - lo) / hi >= PRECISION;
      }
      rate *= STEP_DOWN;
      return rate >= LOWEST_RATE;
    }
  }

  private static TrialResult trial(
      AnomalyModel model, HarnessConfig config, HistogramLogWriter log) {
    try {
      return LatencyHarness.runTrial(model, config, log);
    } finally {
      if (log != null) {
        log.close();
      }
    }
  }

  /** The search's criteria for one trial. */
  public static boolean sustained(TrialResult r, long maxP99Nanos) {
    return r.keptPace() && r.correctedAt(99) <= maxP99Nanos;
  }

  private static String verdict(TrialResult r, boolean ok) {
    return String.format(
        Locale.ROOT,
        "  %s: achieved %s, corrected p99 %.1f us%s",
        ok ? "sustained" : "not sustained",
        OfferedRate.format(r.achievedRate()),
        r.correctedAt(99) / 1e3,
        r.notSent() > 0 ? ", " + r.notSent() + " events not sent before the deadline" : "");
  }
}
