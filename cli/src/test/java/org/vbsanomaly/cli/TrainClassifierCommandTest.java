package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.trainer.ClassifierOptions;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class TrainClassifierCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void trainsOnAVaeFileExportsAScoreAndSummarises() throws Exception {
    Path sm = ssww("ssww_sm_500.lhe.gz");
    Path vae = dir.resolve("vae.onnx");
    assertThat(
            run(
                "train",
                "--sm",
                sm.toString(),
                "--out",
                vae.toString(),
                "--epochs",
                "2",
                "--no-plots"))
        .as(err.toString())
        .isZero();
    Path model = dir.resolve("vae-nn.onnx");

    int status =
        run(
            "train-classifier",
            "--vae",
            vae.toString(),
            "--sm",
            sm.toString(),
            "--operator",
            "cHW",
            "--eft-lin",
            ssww("ssww_cHW_lin.lhe.gz").toString(),
            "--eft-quad",
            ssww("ssww_cHW_quad.lhe.gz").toString(),
            "--out",
            model.toString(),
            "--epochs",
            "2",
            "--vae-start",
            "trained",
            "--no-plots");

    assertThat(status).as(err.toString()).isZero();
    assertThat(dir.resolve("vae-nn.md")).isNotEmptyFile();
    assertThat(dir.resolve("vae-nn-score.png")).doesNotExist();
    assertThat(out.toString())
        .contains("model: " + model, "epochs: 2 run", "AUC cHW_quad", "export check", "time:");
    assertThat(err.toString()).contains("VAE start: trained", "epoch 2/2", "(QUAD)");
    try (AnomalyModel m = AnomalyModel.open(model)) {
      assertThat(m.hasClassifier()).isTrue();
      assertThat(m.metadata().getOptionsMap()).containsEntry("vae-start", "trained");
    }
  }

  @Test
  void aFileNamedForAnotherOperatorOrRoleIsAUserError() {
    Path sm = ssww("ssww_sm_500.lhe.gz");
    Path quad = ssww("ssww_cHW_quad.lhe.gz");

    int status =
        run(
            "train-classifier",
            "--vae",
            dir.resolve("vae.onnx").toString(),
            "--sm",
            sm.toString(),
            "--eft-lin",
            quad.toString(),
            "--out",
            dir.resolve("m.onnx").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains(quad.toString(), "QUAD sample of cHW", "LIN sample of cW");
  }

  @Test
  void freezingAVaeStartedFromScratchIsAUserError() {
    int status =
        run(
            "train-classifier",
            "--vae",
            "vae.onnx",
            "--sm",
            "sm.lhe",
            "--eft-quad",
            "q.lhe",
            "--out",
            dir.resolve("m.onnx").toString(),
            "--freeze-vae",
            "--vae-start",
            "scratch");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--freeze-vae", "--vae-start trained");
  }

  @Test
  void aMissingVaeIsAUserErrorNamingTheFile() {
    Path missing = dir.resolve("absent.onnx");

    int status =
        run(
            "train-classifier",
            "--vae",
            missing.toString(),
            "--sm",
            "sm.lhe",
            "--eft-quad",
            "q.lhe",
            "--out",
            dir.resolve("m.onnx").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains(missing.toString());
  }

  @Test
  void commandLineDefaultsAreTheClassifierDefaults() {
    CommandLine cl = VbsAnomaly.commandLine();
    ParseResult parsed =
        cl.parseArgs("train-classifier", "--vae", "v.onnx", "--sm", "sm.lhe", "--out", "m.onnx");

    TrainClassifierCommand c =
        (TrainClassifierCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(c.options()).isEqualTo(ClassifierOptions.builder().build());
    assertThat(c.operator).isEqualTo("cW");
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
