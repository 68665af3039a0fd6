package org.vbsanomaly.perf.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.LengthAdjustmentType;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.trainer.eval.ReferenceLine;
import org.vbsanomaly.trainer.eval.Series;

class HarnessReportTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void rssDriftIsTheLeastSquaresSlopePerMinute() {
    // RSS grows 1 MiB every 10 s: 6 MiB per minute, whatever the noise-free offset.
    List<MemorySample> samples = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      samples.add(new MemorySample(10.0 * i, 0, 0, 0, (300 + i) * MIB, 0, 0, -1));
    }
    assertThat(HarnessReport.rssDriftMibPerMinute(samples)).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void percentileSeriesRunsFromTheMedianToTheMaximum() {
    Histogram h = LatencySink.newHistogram();
    for (int v = 1; v <= 1000; v++) {
      h.recordValue(v * 1_000L); // 1 to 1000 us
    }
    Series s = HarnessReport.percentileSeries("x", h);

    assertThat(s.x()[0]).isEqualTo(1.0); // q = 0: the minimum
    assertThat(s.y()[0]).isCloseTo(1.0, within(0.01));
    // x = 10 is q = 0.9: the 900th value, 900 us.
    assertThat(s.x()[20]).isCloseTo(10.0, within(1e-9));
    assertThat(s.y()[20]).isCloseTo(900.0, within(1.0));
    assertThat(s.x()[s.x().length - 1]).isEqualTo(1000.0);
    assertThat(s.y()[s.y().length - 1]).isCloseTo(1000.0, within(1.0));
  }

  @Test
  void anEarlyRssStepShowsInTheWholeDriftButNotInTheSecondHalf() {
    // 10 minutes sampled every 10 s; RSS steps up 12 MiB at 250 s and is flat otherwise.
    List<MemorySample> samples = new ArrayList<>();
    for (int t = 0; t <= 600; t += 10) {
      samples.add(new MemorySample(t, 0, 0, 0, (1160L + (t >= 250 ? 12 : 0)) * MIB, 0, 0, -1));
    }

    String drift = HarnessReport.rssDrift(samples, 600);

    assertThat(drift)
        .matches(
            "drift \\+[1-9]\\.\\d\\d MB/min \\(least squares\\), \\+0\\.00 MB/min over the second"
                + " half");
  }

  @Test
  void memorySummaryNeedsTwoSamplesAfterTheWarmup() {
    TrialResult r = trial(List.of(new MemorySample(5, 0, 0, 0, 0, 0, 0, -1)));
    assertThat(HarnessReport.memorySummary(r, 2)).contains("fewer than two samples");
  }

  @Test
  void memorySummaryGivesADriftOnlyOverAMinuteOfSamples() {
    assertThat(HarnessReport.memorySummary(trialWithSamplesUntil(8), 0))
        .contains("no drift figure")
        .doesNotContain("MB/min");
    assertThat(HarnessReport.memorySummary(trialWithSamplesUntil(60), 0))
        .contains("drift +")
        .contains("MB/min");
  }

  @Test
  void heapAfterGcIsNoneWhenNoCollectionHappened() {
    List<MemorySample> samples = new ArrayList<>();
    for (int t = 0; t <= 20; t += 5) {
      samples.add(new MemorySample(t, 50 * MIB, 0, 0, 1000 * MIB, 0, 0, -1));
    }

    assertThat(HarnessReport.memorySummary(trial(samples), 0))
        .contains("  heap after GC  none (no collection in the run)\n")
        .doesNotContain("heap after GC  first");
  }

  @Test
  void heapAfterGcIsTakenOverTheSamplesAfterTheFirstCollection() {
    // Collections from 10 s on; before them the JVM reports 0 after GC, which is no figure.
    List<MemorySample> samples = new ArrayList<>();
    for (int t = 0; t <= 30; t += 5) {
      long gcs = t >= 10 ? t / 10 : 0;
      long afterGc = gcs == 0 ? 0 : (10 + t / 10) * MIB;
      samples.add(new MemorySample(t, 50 * MIB, afterGc, 0, 1000 * MIB, gcs, gcs, -1));
    }

    assertThat(HarnessReport.memorySummary(trial(samples), 0))
        .contains(
            "  heap after GC  first 11.0 MB (at 10.0 s, after the first collection), last 13.0"
                + " MB, max 13.0 MB\n");
    // With a collection before the first sample, the figures start with it.
    assertThat(HarnessReport.memorySummary(trial(samples.subList(2, 7)), 0))
        .contains("  heap after GC  first 11.0 MB, last 13.0 MB, max 13.0 MB\n");
  }

  @Test
  void theCsvLeavesHeapAfterGcEmptyBeforeTheFirstCollection() {
    MemorySample before = new MemorySample(1, 2 * MIB, 0, MIB, 3 * MIB, 0, 0, 1_500_000_000L);
    MemorySample after = new MemorySample(2, 2 * MIB, 5 * MIB, MIB, 3 * MIB, 1, 4, 1_500_000_000L);

    assertThat(before.csvLine()).isEqualTo("1.0,2.00,,1.00,3.00,0,0,1.500");
    assertThat(after.csvLine()).isEqualTo("2.0,2.00,5.00,1.00,3.00,1,4,1.500");
    assertThat(before.csvLine().split(",", -1)).hasSameSizeAs(MemorySample.CSV_HEADER.split(","));
  }

  @Test
  void thePlotShowsTheLatencyBoundAndTheTargetOnlyAtTheTargetRate() {
    assertThat(HarnessReport.plotLines(3.9e6, 500_000, true))
        .containsExactly(new ReferenceLine(500, "p99 bound (--max-p99) 500 us"));
    // The sustained maximum of a search at 100 kHz is no run at the target rate.
    assertThat(HarnessReport.plotLines(1e5, 10_000_000, true))
        .containsExactly(new ReferenceLine(10_000, "p99 bound (--max-p99) 10000 us"));
    assertThat(HarnessReport.plotLines(1e4, 10_000_000, false))
        .containsExactly(new ReferenceLine(10_000, "p99 bound (--max-p99) 10000 us"));
    assertThat(HarnessReport.plotLines(1e5, 10_000_000, false))
        .containsExactly(
            new ReferenceLine(200, "200 us: p99 target at 100 kHz"),
            new ReferenceLine(10_000, "p99 bound (--max-p99) 10000 us"));
    assertThat(HarnessReport.plotLines(1e5, 200_000, false))
        .containsExactly(
            new ReferenceLine(200, "200 us: p99 target at 100 kHz and p99 bound (--max-p99)"));
    assertThat(HarnessReport.plotLines(1e3, 500, false))
        .containsExactly(new ReferenceLine(0.5, "p99 bound (--max-p99) 0.5 us"));
  }

  @Test
  void theLineLabelsSitAboveTheirLines() {
    Histogram h = LatencySink.newHistogram();
    for (int v = 1; v <= 1000; v++) {
      h.recordValue(v * 1_000L);
    }
    TrialResult r =
        new TrialResult(1e5, 1000, 0, 1000, 1000, 0, 1, 1e5, 0, h, 0, Double.NaN, h, h, List.of());

    JFreeChart chart =
        HarnessReport.percentileChart("t", r, HarnessReport.plotLines(1e5, 500_000, false));

    Collection<?> markers = chart.getXYPlot().getRangeMarkers(Layer.FOREGROUND);
    assertThat(markers).hasSize(2);
    for (Object o : markers) {
      ValueMarker m = (ValueMarker) o;
      // The anchor is moved up off the line by the offset, and the text's bottom sits on it.
      assertThat(m.getLabelOffsetType()).isEqualTo(LengthAdjustmentType.EXPAND);
      assertThat(m.getLabelOffset().getTop()).isPositive();
      assertThat(m.getLabelAnchor()).isEqualTo(RectangleAnchor.TOP_LEFT);
      assertThat(m.getLabelTextAnchor()).isEqualTo(TextAnchor.BOTTOM_LEFT);
    }
  }

  private static TrialResult trialWithSamplesUntil(int lastSecond) {
    List<MemorySample> samples = new java.util.ArrayList<>();
    for (int t = 0; t <= lastSecond; t += 4) {
      samples.add(new MemorySample(t, 0, 0, 0, (1000L + t) << 20, 0, 0, -1));
    }
    return trial(samples);
  }

  @Test
  void coresAreTheProcessCpuTimeFromTheFirstTickOfTheMeasuredPart() {
    // Warm-up until 2 s burns 2 cores; afterwards 1.5 s of CPU per second.
    LatencyHarness.CpuClock clock = new LatencyHarness.CpuClock();
    clock.add(0, 0);
    clock.add(2_000_000_000L, 4_000_000_000L);
    clock.add(4_000_000_000L, 7_000_000_000L);
    clock.add(6_000_000_000L, 10_000_000_000L);

    assertThat(clock.coresSince(2_000_000_000L)).isCloseTo(1.5, within(1e-9));
    assertThat(clock.coresSince(1_000_000_000L)).isCloseTo(1.5, within(1e-9));
    // Under half a second between the first measured tick and the last: no figure.
    assertThat(clock.coresSince(5_800_000_000L)).isNaN();
    assertThat(new LatencyHarness.CpuClock().coresSince(0)).isNaN();
  }

  @Test
  void rowShowsRingFullWaitsPublishLatencyAndSendLag() {
    Histogram corrected = LatencySink.newHistogram();
    Histogram published = LatencySink.newHistogram();
    Histogram lag = LatencySink.newHistogram();
    for (int i = 1; i <= 100; i++) {
      corrected.recordValue(100_000L + i * 1_000L); // 101 to 200 us
      published.recordValue(i * 1_000L); // 1 to 100 us
      lag.recordValue(i * 500L); // 0.5 to 50 us
    }
    TrialResult r =
        new TrialResult(
            1e3,
            100,
            0,
            100,
            100,
            0,
            1,
            1e3,
            50_000,
            lag,
            7,
            Double.NaN,
            corrected,
            published,
            List.of());

    String header = HarnessReport.header();
    String row = HarnessReport.row("1 kHz", r);
    assertThat(column(header, row, "ring full")).isEqualTo("7");
    assertThat(column(header, row, "sched p99")).isEqualTo("199.0");
    assertThat(column(header, row, "pub p99")).isEqualTo("99.0");
    assertThat(column(header, row, "lag max")).isEqualTo("50.0");
    assertThat(column(header, row, "cores")).isEqualTo("-");
  }

  /** The value in {@code row} under the header label {@code name} (columns end where labels do). */
  private static String column(String header, String row, String name) {
    int end = header.indexOf(name) + name.length();
    int start = header.lastIndexOf(' ', header.indexOf(name) - 1) + 1;
    return row.substring(start, end).strip();
  }

  /** A trial of 10 events at 1 kHz with these memory samples. */
  private static TrialResult trial(List<MemorySample> samples) {
    return new TrialResult(
        1e3,
        10,
        0,
        10,
        10,
        0,
        1,
        1e3,
        0,
        LatencySink.newHistogram(),
        0,
        Double.NaN,
        LatencySink.newHistogram(),
        LatencySink.newHistogram(),
        samples);
  }
}
