package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxProfileTest {

  @TempDir Path dir;

  @Test
  void kernelTimesLeaveOutTheRunsBeforeTheMeasuredOnes() throws Exception {
    // Three runs of two nodes; the first (the warm-up) is ten times slower than the others.
    List<String> lines = new ArrayList<>();
    lines.add("[");
    lines.add(session("model_loading_uri", 800));
    lines.add(session("session_initialization", 4000));
    for (int run = 0; run < 3; run++) {
      int slow = run == 0 ? 10 : 1;
      lines.add(kernel("Gemm_0", "Gemm", 100 * slow));
      lines.add(kernel("Log_0", "Log", 20 * slow));
      lines.add(session("model_run", 200 * slow));
    }
    lines.add("]");
    Path trace = Files.write(dir.resolve("trace.json"), lines);

    OnnxProfile.Profile all = OnnxProfile.kernelTimes(trace, 0);
    OnnxProfile.Profile measured = OnnxProfile.kernelTimes(trace, 1);

    assertThat(all.runs()).isEqualTo(3);
    assertThat(all.ops().get(0).totalMicros()).isEqualTo(1000 + 100 + 100);
    assertThat(measured.runs()).isEqualTo(2);
    assertThat(measured.ops())
        .containsExactly(
            new OnnxProfile.OpTime("Gemm", 1, 200), new OnnxProfile.OpTime("Log", 1, 40));
  }

  @Test
  void theTableCoversTheMeasuredRunsAndNamesTheWarmup() throws Exception {
    String text =
        OnnxProfile.profile(BenchmarkModel.randomStandIn(BenchmarkModel.DEFAULT_SEED), 64, 7);

    assertThat(text).contains("batch 64, 7 runs (after " + OnnxProfile.WARMUP_RUNS + " warm-up");
    double kernels = number(text, "all kernels\\s+([0-9.]+)");
    double wall = number(text, "wall time per run ([0-9.]+) us");
    // Both per measured run: the kernels are a part of each call.
    assertThat(kernels).isPositive().isLessThan(wall);
    assertThat(number(text, "outside the kernels ([0-9.]+) us"))
        .isCloseTo(wall - kernels, within(0.11));
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String session(String name, int micros) {
    return "{\"cat\" : \"Session\",\"pid\" :1,\"tid\" :1,\"dur\" :"
        + micros
        + ",\"ts\" :0,\"ph\" : \"X\",\"name\" :\""
        + name
        + "\",\"args\" : {}},";
  }

  private static String kernel(String node, String op, int micros) {
    return "{\"cat\" : \"Node\",\"pid\" :1,\"tid\" :1,\"dur\" :"
        + micros
        + ",\"ts\" :0,\"ph\" : \"X\",\"name\" :\""
        + node
        + "_kernel_time\",\"args\" : {\"op_name\" : \""
        + op
        + "\",\"provider\" : \"CPUExecutionProvider\"}},";
  }
}
