package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.trainer.TrainingOptions;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class TrainCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void trainsExportsAndSummarises() {
    Path sm = ssww("ssww_sm_500.lhe.gz");
    Path quad = ssww("ssww_cHW_quad.lhe.gz");
    Path model = dir.resolve("small.onnx");

    int status =
        run(
            "train",
            "--sm",
            sm.toString(),
            "--eft",
            "cHW_quad=" + quad,
            "--out",
            model.toString(),
            "--epochs",
            "2",
            "--no-plots");

    assertThat(status).as(err.toString()).isZero();
    assertThat(model).isNotEmptyFile();
    assertThat(dir.resolve("small.md")).isNotEmptyFile();
    assertThat(dir.resolve("small-roc.png")).doesNotExist();
    assertThat(out.toString())
        .contains("model: " + model, "epochs: 2 run", "AUC cHW_quad", "export check", "time:");
    assertThat(err.toString())
        .contains("[training]", "epoch 2/2", "ssww_sm_500.lhe.gz: 500 events read");
  }

  @Test
  void optionOutOfRangeIsAUserErrorAndWritesNothing() {
    Path sm = ssww("ssww_sm_500.lhe.gz");
    Path model = dir.resolve("m.onnx");

    int status =
        run("train", "--sm", sm.toString(), "--out", model.toString(), "--learning-rate", "2");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("error: learning rate (--learning-rate) must be in (0, 1), got 2.0")
        .doesNotContain("[training]");
    assertThat(model).doesNotExist();
  }

  @Test
  void missingInputIsAUserErrorNamingTheFile() {
    Path missing = dir.resolve("absent_sm.lhe.gz");

    int status =
        run("train", "--sm", missing.toString(), "--out", dir.resolve("m.onnx").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("no such file", missing.toString());
  }

  @Test
  void commandLineDefaultsAreTheTrainingDefaults() {
    CommandLine cl = VbsAnomaly.commandLine();
    ParseResult parsed = cl.parseArgs("train", "--sm", "sm.lhe", "--out", "m.onnx");

    TrainCommand train = (TrainCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(train.options()).isEqualTo(TrainingOptions.builder().build());
  }

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static Path ssww(String file) {
    Path p = Path.of(System.getProperty("vbs.shared.dir", "../../shared"), "data", "ssww", file);
    assumeTrue(Files.isRegularFile(p), "shared SSWW data not found: " + p);
    return p;
  }
}
