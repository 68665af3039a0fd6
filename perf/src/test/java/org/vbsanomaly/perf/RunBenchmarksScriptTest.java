package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** perf/run-benchmarks.sh refuses a misspelt ONLY or a missing MODEL before it builds or runs. */
class RunBenchmarksScriptTest {

  @Test
  void misspeltOnlyIsAnErrorListingTheBenchmarks() throws Exception {
    Run run = runScript("ONLY", "score");

    assertThat(run.exit()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains("ONLY='score'", "scoring", "lhe")
        .doesNotContain("load before");
  }

  @Test
  void aModelThatIsNotAFileIsRefusedBeforeTheBuild() throws Exception {
    Run run = runScript("MODEL", "models/no-such-model.onnx");

    assertThat(run.exit()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains("MODEL='models/no-such-model.onnx' is not a file", "MODEL=random")
        .doesNotContain("load before");
  }

  private record Run(int exit, String output) {}

  /** Runs the script with one variable set; a build it should not reach fails fast. */
  private static Run runScript(String variable, String value) throws Exception {
    Path script = Path.of("run-benchmarks.sh").toAbsolutePath();
    assumeTrue(Files.isRegularFile(script), "not run from the perf module");
    assumeTrue(new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute());

    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    pb.environment().put(variable, value);
    // Were the check missing, the script would build: a bad Maven option makes that fail fast.
    pb.environment().put("MVN_OPTS", "--definitely-not-a-maven-option");
    Process p = pb.start();
    p.getOutputStream().close();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(done).as(output).isTrue();
    return new Run(p.exitValue(), output);
  }
}
