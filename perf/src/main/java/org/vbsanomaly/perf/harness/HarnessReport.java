package org.vbsanomaly.perf.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.jfree.chart.JFreeChart;
import org.vbsanomaly.trainer.eval.PlotLayout;
import org.vbsanomaly.trainer.eval.Plots;
import org.vbsanomaly.trainer.eval.ReferenceLine;
import org.vbsanomaly.trainer.eval.Series;

/**
 * Tables, percentile files, plots and memory logs of harness runs. Latencies are printed in
 * microseconds; rates in events per second. Stateless.
 */
public final class HarnessReport {

  /** Suffix of the percentile distribution from the scheduled send time. */
  public static final String SCHEDULED_HGRM = "-scheduled.hgrm";

  /** Suffix of the percentile distribution from the publish call. */
  public static final String PUBLISH_HGRM = "-publish.hgrm";

  /** Suffix of the percentile plot. */
  public static final String PLOT_PNG = "-percentiles.png";

  /** Suffix of the memory and CPU samples. */
  public static final String MEMORY_CSV = "-memory.csv";

  /** The p99 target at the level-1 accept rate (100 kHz): 200 microseconds. */
  public static final double TARGET_P99_MICROS = 200;

  /** The level-1 accept rate, events per second, at which {@link #TARGET_P99_MICROS} applies. */
  public static final double TARGET_RATE = 100_000;

  private static final String TARGET_LABEL = "200 us: p99 target at 100 kHz";

  private static final String ROW =
      "%-13s %10s %10s %8s %6s %9s %5s %9s %9s %9s %9s %8s %8s %9s %8s %8s%n";

  private HarnessReport() {}

  /** Header of {@link #row}. */
  public static String header() {
    return String.format(
        Locale.ROOT,
        ROW,
        "run",
        "offered",
        "achieved",
        "not sent",
        "errors",
        "ring full",
        "cores",
        "sched p50",
        "sched p99",
        "sch p99.9",
        "sched max",
        "pub p50",
        "pub p99",
        "pub p99.9",
        "lag p99",
        "lag max");
  }

  /** What the columns of {@link #row} mean; printed under a table. */
  public static String legend() {
    return String.join(
        "\n",
        "Latencies in microseconds. sched: from each event's scheduled send time to its result"
            + " (coordinated omission corrected).",
        "pub: from the start of the event's publish call to its result, which includes any wait"
            + " for a free ring slot: the publish-to-result latency of the pipeline.",
        "lag: how late the generator began each publish call (its own pacing and stalls of its"
            + " thread, plus waits for the ring); ring full: publish calls that waited for a slot."
            + " With ring full 0 the pipeline never held the generator back, and scheduled minus"
            + " publish latency is the generator's own lateness.",
        "cores: CPU time of the whole process over the measured part, in cores (generator,"
            + " pipeline, collector, compiler).",
        "");
  }

  /** One line of the results table; see {@link #legend()}. */
  public static String row(String label, TrialResult r) {
    boolean sat = r.isSaturating();
    return String.format(
        Locale.ROOT,
        ROW,
        label,
        sat ? "saturating" : OfferedRate.format(r.offeredRate()),
        OfferedRate.format(r.achievedRate()),
        r.notSent(),
        r.errors(),
        r.ringFullWaits(),
        cores(r),
        micros(sat ? -1 : r.correctedAt(50)),
        micros(sat ? -1 : r.correctedAt(99)),
        micros(sat ? -1 : r.correctedAt(99.9)),
        micros(sat ? -1 : r.corrected().getMaxValue()),
        micros(sat ? -1 : r.uncorrected().getValueAtPercentile(50)),
        micros(sat ? -1 : r.uncorrected().getValueAtPercentile(99)),
        micros(sat ? -1 : r.uncorrected().getValueAtPercentile(99.9)),
        micros(sat ? -1 : r.sendLag().getValueAtPercentile(99)),
        micros(sat ? -1 : r.sendLag().getMaxValue()));
  }

  /** Process CPU over the measured part, in cores, or "-" if unknown. */
  static String cores(TrialResult r) {
    return Double.isNaN(r.cores()) ? "-" : String.format(Locale.ROOT, "%.2f", r.cores());
  }

  /** Shortest span of samples over which an RSS drift per minute is worth printing. */
  static final double MIN_DRIFT_SECONDS = 60;

  /**
   * Heap after GC and RSS: first and last sample after the warm-up, extremes, and the RSS drift
   * when the samples span at least {@link #MIN_DRIFT_SECONDS}. The heap after GC is taken over the
   * samples that follow a collection alone; before the first there is no such figure.
   */
  public static String memorySummary(TrialResult r, double warmupSeconds) {
    List<MemorySample> after = new ArrayList<>();
    for (MemorySample s : r.memory()) {
      if (s.elapsedSeconds() >= warmupSeconds) {
        after.add(s);
      }
    }
    if (after.size() < 2) {
      return "memory: fewer than two samples after the warm-up; run longer for a drift figure\n";
    }
    MemorySample first = after.get(0);
    MemorySample last = after.get(after.size() - 1);
    double span = last.elapsedSeconds() - first.elapsedSeconds();
    String drift = rssDrift(after, span);
    return String.format(
        Locale.ROOT,
        "memory over %.0f s after warm-up (%d samples, %d collections):%n"
            + "  heap after GC  %s%n"
            + "  heap in use    min %.1f MB, max %.1f MB%n"
            + "  RSS            first %.1f MB, last %.1f MB, max %.1f MB, %s%n"
            + "  direct buffers first %.2f MB, last %.2f MB%n",
        span,
        after.size(),
        last.gcCount() - first.gcCount(),
        heapAfterGc(after),
        MemorySample.mib(after.stream().mapToLong(MemorySample::heapUsed).min().orElse(0)),
        MemorySample.mib(after.stream().mapToLong(MemorySample::heapUsed).max().orElse(0)),
        MemorySample.mib(first.rss()),
        MemorySample.mib(last.rss()),
        MemorySample.mib(after.stream().mapToLong(MemorySample::rss).max().orElse(0)),
        drift,
        MemorySample.mib(first.direct()),
        MemorySample.mib(last.direct()));
  }

  /**
   * First, last and largest heap after GC over the samples taken after a collection; when the first
   * of those is not the first sample, the time it was taken.
   */
  static String heapAfterGc(List<MemorySample> samples) {
    List<MemorySample> collected = samples.stream().filter(MemorySample::afterACollection).toList();
    if (collected.isEmpty()) {
      return "none (no collection in the run)";
    }
    MemorySample first = collected.get(0);
    String since =
        first == samples.get(0)
            ? ""
            : String.format(
                Locale.ROOT, " (at %.1f s, after the first collection)", first.elapsedSeconds());
    return String.format(
        Locale.ROOT,
        "first %.1f MB%s, last %.1f MB, max %.1f MB",
        MemorySample.mib(first.heapAfterGc()),
        since,
        MemorySample.mib(collected.get(collected.size() - 1).heapAfterGc()),
        MemorySample.mib(collected.stream().mapToLong(MemorySample::heapAfterGc).max().orElse(0)));
  }

  /**
   * The RSS drift over all the samples, and over their second half when that spans a minute too: a
   * step early in a run (an arena or code cache growing once) moves the first figure, a leak both.
   */
  static String rssDrift(List<MemorySample> samples, double span) {
    if (span < MIN_DRIFT_SECONDS) {
      return String.format(
          Locale.ROOT, "no drift figure (under %.0f s of samples)", MIN_DRIFT_SECONDS);
    }
    String all =
        String.format(
            Locale.ROOT, "drift %+.2f MB/min (least squares)", rssDriftMibPerMinute(samples));
    if (span < 2 * MIN_DRIFT_SECONDS) {
      return all;
    }
    double middle = samples.get(0).elapsedSeconds() + span / 2;
    List<MemorySample> secondHalf =
        samples.stream().filter(s -> s.elapsedSeconds() >= middle).toList();
    return String.format(
        Locale.ROOT,
        "%s, %+.2f MB/min over the second half",
        all,
        rssDriftMibPerMinute(secondHalf));
  }

  /** Least-squares slope of RSS against time, MiB per minute. */
  static double rssDriftMibPerMinute(List<MemorySample> samples) {
    int n = samples.size();
    double mt = 0;
    double mr = 0;
    for (MemorySample s : samples) {
      mt += s.elapsedSeconds() / n;
      mr += MemorySample.mib(s.rss()) / n;
    }
    double num = 0;
    double den = 0;
    for (MemorySample s : samples) {
      double dt = s.elapsedSeconds() - mt;
      num += dt * (MemorySample.mib(s.rss()) - mr);
      den += dt * dt;
    }
    return den == 0 ? 0 : 60 * num / den;
  }

  /**
   * Writes {@code PREFIX-scheduled.hgrm} and {@code PREFIX-publish.hgrm} (HdrHistogram percentile
   * distributions in microseconds, from the scheduled send time and from the publish call), {@code
   * PREFIX-percentiles.png} (with {@code lines}, e.g. from {@link #plotLines}) and {@code
   * PREFIX-memory.csv} (each sample once) into {@code dir}.
   */
  public static void writeFiles(
      Path dir, String prefix, String title, TrialResult r, List<ReferenceLine> lines)
      throws IOException {
    Files.createDirectories(dir);
    writePercentiles(dir.resolve(prefix + SCHEDULED_HGRM), r.corrected());
    writePercentiles(dir.resolve(prefix + PUBLISH_HGRM), r.uncorrected());
    writePlot(dir.resolve(prefix + PLOT_PNG), title, r, lines);
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(dir.resolve(prefix + MEMORY_CSV)))) {
      out.println(MemorySample.CSV_HEADER);
      for (MemorySample s : r.memory()) {
        out.println(s.csvLine());
      }
    }
  }

  /**
   * The horizontal lines of the percentile plot: the latency bound ({@link
   * HarnessConfig#maxP99Nanos()}, {@code --max-p99}), and for a fixed-rate run at {@link
   * #TARGET_RATE} the {@link #TARGET_P99_MICROS} target too (one line when the two coincide). A
   * line outside the plotted latency range is not drawn.
   *
   * @param offeredRate the run's offered rate, events per second
   * @param maximumSearch whether the run is the sustained maximum of a search, whose rate is the
   *     search's, not a target's
   */
  public static List<ReferenceLine> plotLines(
      double offeredRate, long maxP99Nanos, boolean maximumSearch) {
    double boundMicros = maxP99Nanos / 1e3;
    String bound = "p99 bound (--max-p99) " + plainMicros(maxP99Nanos) + " us";
    if (maximumSearch || offeredRate != TARGET_RATE) {
      return List.of(new ReferenceLine(boundMicros, bound));
    }
    if (boundMicros == TARGET_P99_MICROS) {
      return List.of(
          new ReferenceLine(TARGET_P99_MICROS, TARGET_LABEL + " and p99 bound (--max-p99)"));
    }
    return List.of(
        new ReferenceLine(TARGET_P99_MICROS, TARGET_LABEL), new ReferenceLine(boundMicros, bound));
  }

  private static void writePercentiles(Path file, Histogram h) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        PrintStream out = new PrintStream(os, false, StandardCharsets.UTF_8)) {
      h.outputPercentileDistribution(out, 5, 1000.0);
    }
  }

  /** Writes {@link #percentileChart} as a PNG. */
  static void writePlot(Path png, String title, TrialResult r, List<ReferenceLine> lines)
      throws IOException {
    Plots.writeLines(png, percentileLayout(title), percentileSeries(r), lines);
  }

  /**
   * Latency against {@code 1/(1-q)} on log axes, corrected and uncorrected, with {@code lines},
   * each labelled at its left end just above it.
   */
  static JFreeChart percentileChart(String title, TrialResult r, List<ReferenceLine> lines) {
    return Plots.lineChart(percentileLayout(title), percentileSeries(r), lines);
  }

  private static PlotLayout percentileLayout(String title) {
    return PlotLayout.of(
            title,
            "percentile, as 1/(1-q): 10 = p90, 100 = p99, 1000 = p99.9",
            "latency to result [us]")
        .withLogX()
        .withLogY();
  }

  private static List<Series> percentileSeries(TrialResult r) {
    return List.of(
        percentileSeries(
            "sched: from the scheduled send time (coordinated omission corrected)", r.corrected()),
        percentileSeries("pub: from the publish call", r.uncorrected()));
  }

  /** Points {@code (1/(1-q), latency in us)}, 20 per decade, up to the histogram's resolution. */
  static Series percentileSeries(String label, Histogram h) {
    long count = Math.max(1, h.getTotalCount());
    List<double[]> points = new ArrayList<>();
    for (int k = 0; ; k++) {
      double x = Math.pow(10, k / 20.0);
      if (x > count) {
        break;
      }
      double q = 1 - 1 / x;
      points.add(new double[] {x, h.getValueAtPercentile(100 * q) / 1e3});
    }
    points.add(new double[] {count, h.getMaxValue() / 1e3});
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = points.get(i)[0];
      ys[i] = points.get(i)[1];
    }
    return new Series(label, xs, ys);
  }

  /** A latency in microseconds as typed: 10000, 0.5, 0.001 (no rounding, no trailing zeros). */
  static String plainMicros(long nanos) {
    return BigDecimal.valueOf(nanos).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  private static String micros(long nanos) {
    if (nanos < 0) {
      return "-";
    }
    double us = nanos / 1e3;
    return String.format(Locale.ROOT, us >= 1e4 ? "%.0f" : "%.1f", us);
  }
}
