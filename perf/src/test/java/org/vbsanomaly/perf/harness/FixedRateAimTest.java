package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FixedRateAimTest {

  private static final long US = 1_000L;

  @Test
  void aRunWithEveryEventScoredWithinTheBoundMeetsItsAim() {
    TrialResult r = trial(3_500_000, 3_500_000, 3_500_000, 0, 187 * US);
    FixedRateAim aim = FixedRateAim.of(r, 10_000 * US);

    assertThat(aim.met()).isTrue();
    assertThat(aim.line())
        .isEqualTo(
            "aim met: all 3,500,000 events sent and scored, corrected p99 "
                + p99(r)
                + " us within the bound of 10000 us");
  }

  @Test
  void aMissedAimNamesEveryReasonInOneLine() {
    TrialResult r = trial(100_000, 90_000, 89_990, 5, 7_412 * US);
    FixedRateAim aim = FixedRateAim.of(r, 500 * US);

    assertThat(aim.met()).isFalse();
    assertThat(aim.line())
        .isEqualTo(
            "aim not met: 10,000 events not sent; 10 results missing; 5 results were errors;"
                + " corrected p99 "
                + p99(r)
                + " us over the bound of 500 us (--max-p99)")
        .doesNotContain("\n");
  }

  @Test
  void theLatencyBoundAloneCanMissTheAim() {
    // Everything sent and scored, the p99 (2 us, exact at this size) over a bound under 1 us.
    FixedRateAim aim = FixedRateAim.of(trial(1_000, 1_000, 1_000, 0, 2 * US), 500);

    assertThat(aim.met()).isFalse();
    assertThat(aim.line())
        .isEqualTo("aim not met: corrected p99 2.0 us over the bound of 0.5 us (--max-p99)");
  }

  @Test
  void aP99EqualToTheBoundMeetsItAndOneNanosecondLessDoesNot() {
    TrialResult r = trial(1_000, 1_000, 1_000, 0, 200 * US);

    assertThat(FixedRateAim.of(r, r.correctedAt(99)).met()).isTrue();
    assertThat(FixedRateAim.of(r, r.correctedAt(99) - 1).met()).isFalse();
  }

  /** The corrected p99 as the aim line prints it (the histogram rounds to 0.1%). */
  private static String p99(TrialResult r) {
    return String.format(Locale.ROOT, "%.1f", r.correctedAt(99) / 1e3);
  }

  /** A trial at 100 kHz whose corrected latencies are all {@code latencyNanos}. */
  private static TrialResult trial(
      long scheduled, long sent, long completed, long errors, long latencyNanos) {
    Histogram corrected = LatencySink.newHistogram();
    corrected.recordValueWithCount(latencyNanos, Math.max(1, completed));
    return new TrialResult(
        1e5,
        scheduled,
        0,
        sent,
        completed,
        errors,
        1,
        1e5,
        0,
        LatencySink.newHistogram(),
        0,
        Double.NaN,
        corrected,
        LatencySink.newHistogram(),
        List.of());
  }
}
