package org.vbsanomaly.perf.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a fixed-rate run met its aim, and the line that says so: every scheduled event sent
 * (warm-up included), every result back, none an error, and the corrected p99 within {@link
 * HarnessConfig#maxP99Nanos()}, the latency bound a rate must meet to count as sustained in the
 * maximum search.
 *
 * <p>The search's third criterion, results at 98% of the offer, is left out: at a fixed rate every
 * result is waited for, and the achieved rate's window ends with the last result, so a short run
 * whose last result is late falls under 98% with every event scored in time; a pipeline that falls
 * behind shows in the corrected p99 instead.
 *
 * @param met whether every criterion held
 * @param line {@code aim met: ...} or {@code aim not met: ...} with each reason, one line
 */
record FixedRateAim(boolean met, String line) {

  /** Judges a fixed-rate trial against the latency bound {@code maxP99Nanos}. */
  static FixedRateAim of(TrialResult r, long maxP99Nanos) {
    String bound = HarnessReport.plainMicros(maxP99Nanos) + " us";
    double p99Micros = r.correctedAt(99) / 1e3;
    List<String> reasons = new ArrayList<>();
    if (r.notSent() > 0) {
      reasons.add(String.format(Locale.ROOT, "%,d events not sent", r.notSent()));
    }
    if (r.completed() < r.sent()) {
      reasons.add(String.format(Locale.ROOT, "%,d results missing", r.sent() - r.completed()));
    }
    if (r.errors() > 0) {
      reasons.add(String.format(Locale.ROOT, "%,d results were errors", r.errors()));
    }
    if (r.correctedAt(99) > maxP99Nanos) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "corrected p99 %.1f us over the bound of %s (--max-p99)",
              p99Micros,
              bound));
    }
    if (reasons.isEmpty()) {
      return new FixedRateAim(
          true,
          String.format(
              Locale.ROOT,
              "aim met: all %,d events sent and scored, corrected p99 %.1f us within the bound of"
                  + " %s",
              r.scheduled(),
              p99Micros,
              bound));
    }
    return new FixedRateAim(false, "aim not met: " + String.join("; ", reasons));
  }
}
