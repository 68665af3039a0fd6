package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.ModelOptions;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.inference.pipeline.WaitStrategyKind;
import org.vbsanomaly.perf.BenchmarkEvents;
import org.vbsanomaly.perf.Machine;
import org.vbsanomaly.perf.harness.HarnessConfig;
import org.vbsanomaly.perf.harness.HarnessRunner;
import org.vbsanomaly.perf.harness.OfferedRate;
import org.vbsanomaly.perf.harness.Pacing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly bench}: the latency harness. Offers the scoring pipeline an open-loop load at
 * a fixed rate, or searches the highest rate it sustains, and reports achieved rate and latency
 * twice: from each event's scheduled send time (corrected for coordinated omission) and from the
 * start of its publish call (publish-to-result). The HdrHistogram log, the percentile
 * distributions, a percentile plot and memory samples go to the output folder.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores events through the ring pipeline at a fixed offered rate (open loop: each event is"
          + " sent at its scheduled time whatever the pipeline does) and reports the achieved"
          + " rate and the p50/p99/p99.9/max latency from each event's scheduled send time to its"
          + " result, which counts time spent waiting to be sent (coordinated omission corrected),"
          + " and from the start of its publish call (publish-to-result), with the generator's"
          + " send lag, the publishes that found the ring full and the CPU used."
          + " --rate max searches the highest rate sustained within --max-p99.",
      "Writes to --out: latency.hlog (HdrHistogram interval log, one interval a second),"
          + " latency-scheduled.hgrm and latency-publish.hgrm (percentile distributions in"
          + " microseconds), latency-percentiles.png, latency-memory.csv (heap, heap after GC,"
          + " direct buffers, RSS, collections and process CPU every --sample-every seconds) and"
          + " summary.txt. --rate max adds trials/ with the log of each rate tried; the other files"
          + " describe the highest rate sustained (only summary.txt and trials/ when none was).",
      "For quotable numbers run on an otherwise idle machine, with a fixed heap and a large"
          + " young generation, as perf/README.md does: each ONNX Runtime call allocates about 1"
          + " KB, and collections show in the tail. The JVM options, set in the environment for"
          + " bin/vbs-anomaly:",
      BenchCommand.JVM_OPTIONS_LINE
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the run met its aim: at a fixed rate every event was sent and scored and the corrected"
          + " p99 stayed within --max-p99; with --rate max some rate was sustained",
      "1:the run missed its aim: at a fixed rate some events were not sent before the deadline or"
          + " not scored, or the corrected p99 exceeded --max-p99; with --rate max no rate was"
          + " sustained; the report's 'aim' line says which, and the files are written",
      "2:bad option, missing or unusable model, --events file that is not LHE, unusable --out"
          + " folder (nothing is run)"
    })
final class BenchCommand implements Callable<Integer> {

  /**
   * The heap options of quotable runs, on a help line of their own: inside a wrapped paragraph
   * picocli breaks {@code -XX:+AlwaysPreTouch} after the colon, and the copied option is broken.
   */
  static final String JVM_OPTIONS_LINE =
      "  VBS_ANOMALY_JAVA_OPTS=\"-Xms1g -Xmx1g -Xmn800m -XX:+AlwaysPreTouch\"";

  /** Exit status of a run that did not meet its aim (see the help's exit status list). */
  static final int AIM_NOT_MET = 1;

  /** Most ONNX Runtime threads per call, per available processor. */
  static final int MAX_INTRA_OP_THREADS_PER_PROCESSOR = 4;

  /** Smallest --max-p99 that is not 0 ns once converted: 0.001 us. */
  static final double MIN_MAX_P99_MICROS = 1e-3;

  /** Largest --max-p99: 10^9 us (1000 s), far beyond any latency a sustained rate can have. */
  static final double MAX_MAX_P99_MICROS = 1e9;

  private static final String MODEL_EXPECTED =
      "an ONNX model exported by 'vbs-anomaly train' (e.g. models/vae.onnx)";

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL.onnx",
      description = "Exported model to score with.")
  Path model;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "100k",
      description =
          "Offered events per second (100000, 1e5, 100k, 2M), or 'max' to search the sustained"
              + " maximum (default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(
      names = "--duration",
      paramLabel = "S",
      defaultValue = "10",
      description =
          "Measured seconds, after the warm-up; per trial with --rate max (default:"
              + " ${DEFAULT-VALUE}).")
  double duration;

  @Option(
      names = "--batch-max",
      paramLabel = "B",
      defaultValue = "1024",
      description = "Most events per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
  int batchMax;

  @Option(
      names = "--wait",
      paramLabel = "sleeping|yielding|blocking|busy-spin",
      defaultValue = "sleeping",
      description = "How the pipeline's threads wait for events (default: ${DEFAULT-VALUE}).")
  String waitStrategy;

  @Option(
      names = "--pacing",
      paramLabel = "park|spin|yield",
      defaultValue = "park",
      description =
          "How the load generator waits between events: park (frees the core; sends up to ~0.1"
              + " ms late, which counts in the latency), spin on the clock, or spin but yield the"
              + " core to any thread that wants it. Spinning takes a core from the pipeline"
              + " (default: ${DEFAULT-VALUE}).")
  String pacing;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "2",
      description = "Seconds at the offered rate before measuring (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--ring-size",
      paramLabel = "N",
      defaultValue = "16384",
      description = "Ring slots, a power of two (default: ${DEFAULT-VALUE}).")
  int ringSize;

  @Option(
      names = "--result-thread",
      description = "Deliver results from a thread of their own rather than the scoring thread.")
  boolean resultThread;

  @Option(
      names = "--intra-op-threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "ONNX Runtime threads per call (default: ${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(
      names = "--events",
      paramLabel = "FILE.lhe.gz",
      description =
          "Send the events of this LHE file that have all 14 observables (cycled) instead of"
              + " synthetic SSWW-like events from a fixed seed.")
  Path eventsFile;

  @Option(
      names = "--max-p99",
      paramLabel = "US",
      defaultValue = "10000",
      description =
          "Latency bound in microseconds on the corrected p99 (from the scheduled send time):"
              + " a fixed-rate run above it misses its aim (exit 1); with --rate max a rate is"
              + " sustained if every event is sent, the results keep pace (98%% of the offer) and"
              + " the p99 stays within it (default: ${DEFAULT-VALUE}, about the time to drain a"
              + " full ring).")
  double maxP99Micros;

  @Option(
      names = "--sample-every",
      paramLabel = "S",
      defaultValue = "5",
      description =
          "Seconds between progress lines and memory samples (default: ${DEFAULT-VALUE}).")
  double sampleEvery;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      defaultValue = "bench-results",
      description =
          "Folder for the log, percentiles, plot and memory samples (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException, ModelException {
    OfferedRate offered = OfferedRate.parse(rate);
    requireIntraOpThreads(intraOpThreads, Runtime.getRuntime().availableProcessors());
    requireMaxP99(maxP99Micros);
    PathOptions.requireFile("--model", model, MODEL_EXPECTED);
    HarnessConfig config = config(offered);

    ModelOptions options = ModelOptions.builder().intraOpThreads(intraOpThreads).build();
    try (AnomalyModel anomalyModel = open(options)) {
      PrintWriter stdout = spec.commandLine().getOut();
      String header = Machine.describe() + "\n" + describe(offered, config);
      stdout.println(header);
      stdout.flush();
      HarnessRunner.Report report = HarnessRunner.run(anomalyModel, config, out, header);
      stdout.println();
      stdout.print(report.text());
      stdout.println("written to " + out + ": " + String.join(", ", report.files()));
      return report.ok() ? 0 : AIM_NOT_MET;
    }
  }

  /** Between 1 and {@value #MAX_INTRA_OP_THREADS_PER_PROCESSOR} per available processor. */
  static void requireIntraOpThreads(int threads, int processors) {
    int most = MAX_INTRA_OP_THREADS_PER_PROCESSOR * processors;
    if (threads < 1 || threads > most) {
      throw new IllegalArgumentException(
          "--intra-op-threads "
              + threads
              + " is out of range; expected 1 to "
              + most
              + " ("
              + MAX_INTRA_OP_THREADS_PER_PROCESSOR
              + " x the "
              + processors
              + " processors available: more threads than cores only wait for each other)");
    }
  }

  /** In the option's own unit, microseconds, before it becomes nanoseconds. */
  static void requireMaxP99(double micros) {
    if (!(micros >= MIN_MAX_P99_MICROS && micros <= MAX_MAX_P99_MICROS)) {
      throw new IllegalArgumentException(
          "--max-p99 "
              + plain(micros)
              + " us is out of range; expected a latency in microseconds from "
              + plain(MIN_MAX_P99_MICROS)
              + " to "
              + plain(MAX_MAX_P99_MICROS)
              + " (e.g. 10000 for 10 ms)");
    }
  }

  private AnomalyModel open(ModelOptions options) throws IOException, ModelException {
    try {
      return AnomalyModel.open(model, options);
    } catch (ModelFormatException e) {
      throw new IllegalArgumentException(
          "--model " + withoutFullStop(e.getMessage()) + "; expected " + MODEL_EXPECTED, e);
    }
  }

  private static String withoutFullStop(String message) {
    String m = String.valueOf(message).strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  private HarnessConfig config(OfferedRate offered) {
    HarnessConfig.Builder b =
        HarnessConfig.builder()
            .rate(offered)
            .durationSeconds(duration)
            .warmupSeconds(warmup)
            .maxBatch(batchMax)
            .ringSize(ringSize)
            .waitStrategy(parseWait(waitStrategy))
            .pacing(parsePacing(pacing))
            .resultThread(resultThread)
            .sampleSeconds(sampleEvery)
            .maxP99Nanos(Math.round(maxP99Micros * 1e3))
            .progress(line -> spec.commandLine().getErr().println(line));
    HarnessConfig config = b.build();
    PathOptions.createFolder("--out", out, "a folder for the results");
    return eventsFile == null ? config : withEvents(b);
  }

  /** Reads --events only once every other option is known to be valid (it can take seconds). */
  private HarnessConfig withEvents(HarnessConfig.Builder b) {
    PathOptions.requireFile("--events", eventsFile, "an LHE file (.lhe or .lhe.gz)");
    try {
      return b.events(BenchmarkEvents.fromLhe(eventsFile, BenchmarkEvents.DEFAULT_COUNT)).build();
    } catch (IOException | IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      String named = m.startsWith(eventsFile.toString()) ? m : eventsFile + ": " + m;
      throw new IllegalArgumentException("--events " + named, e);
    }
  }

  static WaitStrategyKind parseWait(String text) {
    String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (WaitStrategyKind kind : WaitStrategyKind.values()) {
      if (kind.name().equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "--wait '"
            + text
            + "' is not a wait strategy; expected one of "
            + Arrays.stream(WaitStrategyKind.values())
                .map(k -> k.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList());
  }

  static Pacing parsePacing(String text) {
    for (Pacing p : Pacing.values()) {
      if (p.name().equalsIgnoreCase(text.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "--pacing '" + text + "' is not a pacing; expected one of park, spin, yield");
  }

  private String describe(OfferedRate offered, HarnessConfig config) {
    return String.format(
        Locale.ROOT,
        "model %s; offered %s; %s s measured after %s s warm-up; batch max %d; ring %d; wait %s;"
            + " result thread %s; ONNX Runtime threads %d; pacing %s; events: %s",
        model,
        offered,
        fmt(config.durationSeconds()),
        fmt(config.warmupSeconds()),
        config.maxBatch(),
        config.ringSize(),
        config.waitStrategy().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        config.resultThread() ? "yes" : "no",
        intraOpThreads,
        config.pacing().name().toLowerCase(Locale.ROOT),
        config.events().source());
  }

  /** A number as typed: {@code -1}, {@code 0.001}, {@code NaN}. */
  private static String plain(double x) {
    return Double.isFinite(x)
        ? BigDecimal.valueOf(x).stripTrailingZeros().toPlainString()
        : Double.toString(x);
  }

  private static String fmt(double seconds) {
    return seconds == Math.rint(seconds)
        ? Long.toString((long) seconds)
        : String.format(Locale.ROOT, "%.3g", seconds);
  }
}
