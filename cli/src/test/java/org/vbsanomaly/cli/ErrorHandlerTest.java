package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.inference.model.ModelException;
import picocli.CommandLine;

/** Every command reports the errors a user can cause in one line on stderr, with exit 2. */
class ErrorHandlerTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aModelExceptionIsAUserErrorOnOneLine() throws Exception {
    CommandLine cl = commandLine();

    int status =
        new ErrorHandler()
            .handleExecutionException(
                new ModelException("m.onnx: ONNX Runtime failed:\n  bad graph"), cl, null);

    assertThat(status).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).isEqualTo("error: m.onnx: ONNX Runtime failed: bad graph\n");
  }

  @Test
  void anotherCommandOpeningAFileThatIsNotAModelExitsWithTheMessageNotAStackTrace()
      throws Exception {
    byte[] noise = new byte[2048];
    new Random(3).nextBytes(noise);
    Path notAModel = Files.write(dir.resolve("noise.onnx"), noise);

    int status =
        run(
            "split",
            "--model",
            notAModel.toString(),
            dir.resolve("in.lhe").toString(),
            "-o",
            dir.resolve("out.lhe").toString());

    assertThat(status).as(err.toString()).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString())
        .startsWith("error: " + notAModel + ": not an ONNX model")
        .doesNotContain("\tat ");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void everyCommandsParseErrorIsOneLineWithWhereTheHelpIs() {
    int score = run("score", "--model", "m.onnx", "--max-messages", "lots", "in.lhe");
    String scoreErr = err.toString();
    err.getBuffer().setLength(0);
    int features = run("features", "--no-such-option", "in.lhe");

    assertThat(score).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(scoreErr)
        .startsWith("error: Invalid value for option '--max-messages'")
        .contains("'lots'", "see 'vbs-anomaly score --help'")
        .doesNotContain("Usage:");
    assertThat(scoreErr.strip().lines()).hasSize(1);
    assertThat(features).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString())
        .contains("'--no-such-option'", "see 'vbs-anomaly features --help'")
        .doesNotContain("Usage:");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void noCommandAtAllStillPrintsTheCommandList() {
    int status = run();

    assertThat(status).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("Missing required subcommand", "Usage:", "bench");
  }

  private CommandLine commandLine() {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  private int run(String... args) {
    return commandLine().execute(args);
  }
}
