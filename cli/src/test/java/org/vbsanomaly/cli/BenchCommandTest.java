package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            "--out",
            results.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
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

  @Test
  void waitNamesMapToStrategies() {
    assertThat(BenchCommand.parseWait("busy-spin")).isEqualTo(WaitStrategyKind.BUSY_SPIN);
    assertThat(BenchCommand.parseWait("Blocking")).isEqualTo(WaitStrategyKind.BLOCKING);
  }

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
