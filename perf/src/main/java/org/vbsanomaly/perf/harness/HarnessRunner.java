package org.vbsanomaly.perf.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.HdrHistogram.HistogramLogWriter;
import org.vbsanomaly.inference.AnomalyModel;

/**
 * A harness run with its outputs written to a folder: what {@code vbs-anomaly bench} does.
 *
 * <p>Files: {@code latency.hlog} (HdrHistogram interval log, one interval a second, warm-up
 * intervals tagged {@code warmup}), {@code latency-scheduled.hgrm} and {@code latency-publish.hgrm}
 * (percentile distributions in microseconds, from the scheduled send time and from the publish
 * call), {@code latency-percentiles.png}, {@code latency-memory.csv} and {@code summary.txt}; the
 * maximum search adds {@code trials/latency-RATE-per-s.hlog} for each trial, and the top-level
 * files describe the highest sustained trial (only {@code summary.txt} and the trial logs when none
 * was). The text gives its verdict in one line after the table: {@code aim met: ...} or {@code aim
 * not met: ...} with each reason at a fixed rate, {@code sustained maximum: ...} or {@code no rate
 * was sustained ...} for a search. Files of these names left in the folder by an earlier run are
 * deleted first, so that the folder describes one run.
 */
public final class HarnessRunner {

  /** Base name of the output files. */
  public static final String PREFIX = "latency";

  /** Names of the files a run may write, {@code trials/} aside. */
  static final List<String> OUTPUTS =
      List.of(
          "summary.txt",
          PREFIX + ".hlog",
          PREFIX + HarnessReport.SCHEDULED_HGRM,
          PREFIX + HarnessReport.PUBLISH_HGRM,
          PREFIX + HarnessReport.PLOT_PNG,
          PREFIX + HarnessReport.MEMORY_CSV);

  /**
   * The text report, whether the run met its aims, and what it wrote.
   *
   * @param text the results table and memory summary
   * @param ok fixed rate: every event sent and scored, none an error, and the corrected p99 within
   *     {@link HarnessConfig#maxP99Nanos()}; maximum: some rate was sustained
   * @param files the files written, relative to the output folder, in {@link #OUTPUTS} order (then
   *     {@code trials/} for a maximum search)
   */
  public record Report(String text, boolean ok, List<String> files) {}

  private static final String TRIALS = "trials";
  private static final String TRIAL_LOG = PREFIX + "-\\d+-per-s\\.hlog";

  private HarnessRunner() {}

  /**
   * Runs at the configured rate (fixed) or searches the maximum, writing the files into {@code
   * dir}.
   *
   * @param header first lines of {@code summary.txt}: the machine and the settings
   */
  public static Report run(AnomalyModel model, HarnessConfig config, Path dir, String header)
      throws IOException {
    Files.createDirectories(dir);
    deleteEarlierOutputs(dir);
    Report report =
        config.rate().isMax() ? searchMax(model, config, dir) : fixed(model, config, dir);
    Files.writeString(dir.resolve("summary.txt"), header + "\n" + report.text());
    return new Report(report.text(), report.ok(), written(dir));
  }

  private static void deleteEarlierOutputs(Path dir) throws IOException {
    for (String name : OUTPUTS) {
      Files.deleteIfExists(dir.resolve(name));
    }
    Path trials = dir.resolve(TRIALS);
    if (Files.isDirectory(trials)) {
      try (Stream<Path> logs = Files.list(trials)) {
        for (Path log : (Iterable<Path>) logs::iterator) {
          if (log.getFileName().toString().matches(TRIAL_LOG)) {
            Files.delete(log);
          }
        }
      }
      deleteIfEmpty(trials);
    }
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    try (Stream<Path> left = Files.list(folder)) {
      if (left.findAny().isEmpty()) {
        Files.delete(folder);
      }
    }
  }

  private static List<String> written(Path dir) {
    List<String> files = new ArrayList<>();
    for (String name : OUTPUTS) {
      if (Files.isRegularFile(dir.resolve(name))) {
        files.add(name);
      }
    }
    if (Files.isDirectory(dir.resolve(TRIALS))) {
      files.add(TRIALS + "/");
    }
    return List.copyOf(files);
  }

  private static Report fixed(AnomalyModel model, HarnessConfig config, Path dir)
      throws IOException {
    TrialResult r;
    HistogramLogWriter log = openLog(dir.resolve(PREFIX + ".hlog"), "offered " + config.rate());
    try {
      r = LatencyHarness.runTrial(model, config, log);
    } finally {
      log.close();
    }
    FixedRateAim aim = FixedRateAim.of(r, config.maxP99Nanos());
    String text =
        HarnessReport.header()
            + HarnessReport.row(config.rate().toString(), r)
            + HarnessReport.legend()
            + "\n"
            + aim.line()
            + "\n"
            + HarnessReport.memorySummary(r, config.warmupSeconds());
    HarnessReport.writeFiles(
        dir,
        PREFIX,
        "Scoring latency at " + config.rate() + " offered",
        r,
        HarnessReport.plotLines(config.rate().eventsPerSecond(), config.maxP99Nanos(), false));
    return new Report(text, aim.met(), List.of());
  }

  private static Report searchMax(AnomalyModel model, HarnessConfig config, Path dir)
      throws IOException {
    Path trials = Files.createDirectories(dir.resolve(TRIALS));
    MaxRateSearch.Result result =
        MaxRateSearch.search(
            model,
            config,
            rate -> openLog(trials.resolve(trialName(rate) + ".hlog"), "offered " + rate + "/s"));
    StringBuilder text = new StringBuilder(HarnessReport.header());
    text.append(HarnessReport.row("ceiling", result.ceiling()));
    for (MaxRateSearch.Trial t : result.trials()) {
      text.append(HarnessReport.row(t.sustained() ? "sustained" : "not sustained", t.result()));
    }
    text.append(HarnessReport.legend());
    TrialResult best = result.best();
    if (best == null) {
      text.append("\nno rate was sustained within the latency bound\n");
      return new Report(text.toString(), false, List.of());
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%nsustained maximum: %s offered, %s achieved, corrected p99 %.1f us"
                + " (criteria: all sent, results at 98%% of the offer, p99 <= %s us)%n",
            OfferedRate.format(best.offeredRate()),
            OfferedRate.format(best.achievedRate()),
            best.correctedAt(99) / 1e3,
            HarnessReport.plainMicros(config.maxP99Nanos())));
    text.append(HarnessReport.memorySummary(best, config.warmupSeconds()));
    Files.copy(
        trials.resolve(trialName(best.offeredRate()) + ".hlog"),
        dir.resolve(PREFIX + ".hlog"),
        StandardCopyOption.REPLACE_EXISTING);
    HarnessReport.writeFiles(
        dir,
        PREFIX,
        "Scoring latency at the sustained maximum, " + OfferedRate.format(best.offeredRate()),
        best,
        HarnessReport.plotLines(best.offeredRate(), config.maxP99Nanos(), true));
    return new Report(text.toString(), true, List.of());
  }

  static String trialName(double rate) {
    return String.format(Locale.ROOT, PREFIX + "-%.0f-per-s", rate);
  }

  /** An interval log with its header written. */
  static HistogramLogWriter openLog(Path file, String comment) {
    try {
      HistogramLogWriter writer = new HistogramLogWriter(file.toFile());
      long now = System.currentTimeMillis();
      writer.outputLogFormatVersion();
      writer.outputComment(comment);
      writer.outputStartTime(now);
      writer.setBaseTime(now);
      writer.outputBaseTime(now);
      writer.outputLegend();
      return writer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the histogram log " + file, e);
    }
  }
}
