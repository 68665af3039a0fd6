package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.pipeline.WaitStrategyKind;
import org.vbsanomaly.perf.BenchmarkModel;
import picocli.CommandLine;

class BenchCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void fixedRateRunReportsPercentilesAndWritesItsFiles() throws Exception {
    Path model = dir.resolve("model.onnx");
    OnnxModelWriter.write(BenchmarkModel.defaultArchitecture(1), null, model);
    Path results = dir.resolve("results");

    int status =
        run(
            "bench",
            "--model",
            model.toString(),
            "--rate",
            "2k",
            "--duration",
            "1",
            "--warmup",
            "0.5",
            "--batch-max",
            "64",
            "--wait",
            "busy-spin",
            "--pacing",
            "park",
            // A bound this machine meets however busy it is: the test is of the files.
            "--max-p99",
            "1e6",
            "--out",
            results.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("aim met: all ")
        .contains("offered 2.00 kHz")
        .contains("sched p99")
        .contains("wait busy-spin")
        .contains("pacing park")
        .contains("heap after GC");
    assertThat(results.resolve("summary.txt")).exists();
    assertThat(results.resolve("latency.hlog")).exists();
    assertThat(results.resolve("latency-percentiles.png")).exists();
    assertThat(Files.readString(results.resolve("latency-scheduled.hgrm"))).contains("Percentile");
  }

  @Test
  void aFixedRateRunOverItsLatencyBoundExitsOneSayingWhy() throws Exception {
    Path results = dir.resolve("results");

    int status =
        run(
            "bench",
            "--model",
            model().toString(),
            "--rate",
            "1k",
            "--duration",
            "0.3",
            "--warmup",
            "0",
            "--max-p99",
            "0.001",
            "--out",
            results.toString());

    assertThat(status).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("aim not met: ", "over the bound of", "(--max-p99)");
    assertThat(Files.readString(results.resolve("summary.txt"))).contains("aim not met: ");
    assertThat(results.resolve("latency-percentiles.png")).exists();
  }

  @Test
  void refusesAnUnknownWaitStrategyListingTheValidOnes() throws Exception {
    Path model = dir.resolve("model.onnx");
    OnnxModelWriter.write(BenchmarkModel.defaultArchitecture(1), null, model);

    int status = run("bench", "--model", model.toString(), "--wait", "lazy");

    assertThat(status).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("'lazy'").contains("sleeping").contains("busy-spin");
  }

  @Test
  void refusesARateItCannotRead() {
    int status = run("bench", "--model", "m.onnx", "--rate", "lots");

    assertThat(status).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("'lots'").contains("max");
  }

  // --- input handling: every refusal is one line on stderr, exit 2, nothing on stdout -----------

  @ParameterizedTest
  @ValueSource(strings = {"random", "empty", "truncated", "lhe-gz", "directory", "missing"})
  void refusesAModelFileThatIsNotAModelInOneLine(String kind) throws Exception {
    Path notAModel = notAModel(kind);

    int status = run("bench", "--model", notAModel.toString(), "--out", results());

    assertRefused(status, "--model " + notAModel);
    assertThat(err.toString()).contains("expected an ONNX model");
  }

  @Test
  void refusesNaNAndInfinityAsRatesRatherThanSearchingTheMaximum() throws Exception {
    String model = model().toString();

    for (String rate : new String[] {"NaN", "Infinity", "-Infinity"}) {
      err.getBuffer().setLength(0);
      int status = run("bench", "--model", model, "--rate", rate, "--out", results());

      assertRefused(status, "--rate '" + rate + "'");
      assertThat(err.toString()).contains("100k", "'max'");
    }
  }

  @Test
  void rateOutOfRangeNamesTheOptionAndItsForms() throws Exception {
    int status = run("bench", "--model", model().toString(), "--rate", "0", "--out", results());

    assertRefused(status, "--rate '0'");
    assertThat(err.toString()).contains("out of range", "100000, 1e5, 100k, 2M", "'max'");
  }

  @Test
  void refusesDurationsThatWouldOverflowTheNanosecondClock() throws Exception {
    String model = model().toString();

    int duration = run("bench", "--model", model, "--duration", "1e12", "--out", results());
    String durationErr = err.toString();
    err.getBuffer().setLength(0);
    int warmup = run("bench", "--model", model, "--warmup", "1e12", "--out", results());

    assertThat(duration).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(durationErr).contains("--duration", "1000000000000 s", "up to 1000000 seconds");
    assertRefused(warmup, "--warmup");
    assertThat(err.toString()).contains("1000000000000 s", "up to 1000000 seconds");
  }

  @Test
  void refusesARingTooLargeForMemoryNamingTheCap() throws Exception {
    int status =
        run(
            "bench",
            "--model",
            model().toString(),
            "--ring-size",
            "1073741824",
            "--out",
            results());

    assertRefused(status, "--ring-size");
    assertThat(err.toString()).contains("1073741824", "4194304");
  }

  @Test
  void refusesAFixedRateRunWithTooFewEventsToMeasure() throws Exception {
    String model = model().toString();

    int slow = run("bench", "--model", model, "--rate", "1e-3", "--out", results());
    String slowErr = err.toString();
    err.getBuffer().setLength(0);
    int brief = run("bench", "--model", model, "--duration", "0.0001", "--out", results());

    assertThat(slow).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(slowErr).contains("--rate 0.001", "--duration 10 s", "at least 100");
    assertRefused(brief, "--rate 100000 events/s for --duration 0.0001 s");
    assertThat(err.toString()).contains("schedules 10 events", "percentiles");
  }

  @Test
  void refusesIntraOpThreadsOutOfRangeBeforePrintingAnything() throws Exception {
    int tooMany = 4 * Runtime.getRuntime().availableProcessors() + 1;
    String model = model().toString();

    int zero = run("bench", "--model", model, "--intra-op-threads", "0", "--out", results());
    String zeroErr = err.toString();
    err.getBuffer().setLength(0);
    int many =
        run("bench", "--model", model, "--intra-op-threads", "" + tooMany, "--out", results());

    assertThat(zero).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(zeroErr).startsWith("error: --intra-op-threads 0 is out of range; expected 1 to");
    assertRefused(many, "--intra-op-threads " + tooMany);
  }

  @Test
  void intraOpThreadsAreAllowedUpToFourPerProcessor() {
    BenchCommand.requireIntraOpThreads(8, 2);

    assertThatThrownBy(() -> BenchCommand.requireIntraOpThreads(9, 2))
        .hasMessageContaining("expected 1 to 8")
        .hasMessageContaining("the 2 processors");
  }

  @Test
  void refusesAnOutputFolderThatIsAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");

    int status = run("bench", "--model", model().toString(), "--out", file.toString());

    assertRefused(status, "--out " + file + ": is a file, not a folder");
  }

  @Test
  void refusesAnEmptyOutputFolderRatherThanWritingIntoTheCurrentOne() throws Exception {
    int status = run("bench", "--model", model().toString(), "--out", "");

    assertRefused(status, "--out is empty");
  }

  @Test
  void refusesAnOutputFolderThatCannotBeCreatedNamingTheOption() throws Exception {
    Path proc = Path.of("/proc");
    assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux's /proc");
    Path impossible = proc.resolve("vbs-anomaly-results");

    int status = run("bench", "--model", model().toString(), "--out", impossible.toString());

    assertRefused(status, "--out " + impossible + ": cannot be created");
  }

  @Test
  void aRefusedValuePointsToTheHelpLikeAParseError() throws Exception {
    int status = run("bench", "--model", model().toString(), "--rate", "0", "--out", results());

    assertRefused(status, "--rate");
    assertThat(err.toString()).contains("; see 'vbs-anomaly bench --help'");
  }

  @Test
  void refusesAnEventsFileThatIsADirectory() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("events"));

    int status =
        run(
            "bench",
            "--model",
            model().toString(),
            "--events",
            folder.toString(),
            "--out",
            results());

    assertRefused(status, "--events " + folder + ": is a directory");
  }

  @Test
  void latencyBoundIsCheckedInMicrosecondsAndNaNIsRefused() throws Exception {
    String model = model().toString();

    int negative = run("bench", "--model", model, "--max-p99", "-1", "--out", results());
    String negativeErr = err.toString();
    err.getBuffer().setLength(0);
    int nan = run("bench", "--model", model, "--max-p99", "NaN", "--out", results());

    assertThat(negative).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(negativeErr).contains("--max-p99 -1 us", "microseconds").doesNotContain(" ns");
    assertRefused(nan, "--max-p99 NaN us");
  }

  @Test
  void typeErrorIsOneLineWithWhereTheHelpIsNotTheWholeUsage() {
    int status = run("bench", "--model", "m.onnx", "--batch-max", "abc");

    assertRefused(status, "--batch-max");
    assertThat(err.toString())
        .contains("'abc'", "see 'vbs-anomaly bench --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void missingModelIsOneLineWithWhereTheHelpIsNotTheWholeUsage() {
    int status = run("bench", "--rate", "1k");

    assertRefused(status, "--model");
    assertThat(err.toString()).contains("see 'vbs-anomaly bench --help'").doesNotContain("Usage:");
  }

  @Test
  void helpKeepsTheJvmOptionsWholeAndListsTheExitStatuses() {
    String help =
        VbsAnomaly.commandLine()
            .getSubcommands()
            .get("bench")
            .getUsageMessage(CommandLine.Help.Ansi.OFF);

    assertThat(help)
        .contains("VBS_ANOMALY_JAVA_OPTS=\"-Xms1g -Xmx1g -Xmn800m -XX:+AlwaysPreTouch\"")
        .contains("Exit status:")
        .contains("  1   the run missed its aim")
        .contains("  2   bad option");
    assertThat(Arrays.stream(help.split("\n")).mapToInt(String::length).max().orElse(0))
        .isLessThanOrEqualTo(80);
  }

  @Test
  void waitNamesMapToStrategies() {
    assertThat(BenchCommand.parseWait("busy-spin")).isEqualTo(WaitStrategyKind.BUSY_SPIN);
    assertThat(BenchCommand.parseWait("Blocking")).isEqualTo(WaitStrategyKind.BLOCKING);
  }

  /** Exit 2, one line on stderr that names {@code named}, no stack trace, nothing on stdout. */
  private void assertRefused(int status, String named) {
    String e = err.toString();
    assertThat(status).as(e).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(e).startsWith("error: ").contains(named).doesNotContain("Exception", "\tat ");
    assertThat(e.strip().lines()).as(e).hasSize(1);
    assertThat(out.toString()).isEmpty();
  }

  private Path model() throws Exception {
    Path model = dir.resolve("model.onnx");
    if (!Files.exists(model)) {
      OnnxModelWriter.write(BenchmarkModel.defaultArchitecture(1), null, model);
    }
    return model;
  }

  private String results() {
    return dir.resolve("results").toString();
  }

  private Path notAModel(String kind) throws Exception {
    Path p = dir.resolve("not-a-model-" + kind);
    switch (kind) {
      case "random" -> Files.write(p, randomBytes(4096));
      case "empty" -> Files.write(p, new byte[0]);
      case "truncated" -> {
        byte[] whole = Files.readAllBytes(model());
        Files.write(p, Arrays.copyOf(whole, whole.length / 3));
      }
      case "lhe-gz" -> writeGzip(p, "<LesHouchesEvents version=\"3.0\">\n<init>\n</init>\n");
      case "directory" -> Files.createDirectory(p);
      case "missing" -> {}
      default -> throw new IllegalArgumentException(kind);
    }
    return p;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(5).nextBytes(b);
    return b;
  }

  private static void writeGzip(Path p, String text) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
