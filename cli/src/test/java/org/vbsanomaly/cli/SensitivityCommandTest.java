package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;
import org.vbsanomaly.trainer.sensitivity.EvaluationSplit;
import picocli.CommandLine;

class SensitivityCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesTableCsvMarkdownAndPlotsAndSplitsTheTrainingFile() throws Exception {
    Path sm = ssww("ssww_sm_500.lhe.gz");
    Path lin = ssww("ssww_cHW_lin.lhe.gz");
    Path quad = ssww("ssww_cHW_quad.lhe.gz");
    assumeTrue(sm != null && lin != null && quad != null, "shared SSWW data not found");
    Path model = randomModel(EvaluationSplit.sha256(sm));
    Path results = dir.resolve("results");

    int status =
        run(
            "sensitivity",
            "--model",
            model.toString(),
            "--sm",
            sm.toString(),
            "--operator",
            "cHW=" + lin + "," + quad,
            "--min-sm-mc",
            "5",
            "--out",
            results.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("model.onnx (vae, mse)", "paper, VAE", "0.41");
    assertThat(err.toString()).contains("ssww_sm_500.lhe.gz", "(test split)");
    assertThat(err.toString()).contains("ssww_cHW_lin.lhe.gz", "(all; not a training file)");
    List<String> csv = Files.readAllLines(results.resolve("sensitivity.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).startsWith("model.onnx,vae,mse,cHW,negative,");
    assertThat(results.resolve("sensitivity.md")).isNotEmptyFile();
    assertThat(results.resolve("sigma-cHW.png")).isNotEmptyFile();
  }

  @Test
  void malformedOperatorIsAUserErrorWithTheExpectedForm() {
    int status =
        run(
            "sensitivity",
            "--model",
            "m.onnx",
            "--sm",
            "sm.lhe",
            "--operator",
            "cW=only_one_file.lhe",
            "--out",
            dir.resolve("r").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("NAME=LIN_FILE,QUAD_FILE");
  }

  @Test
  void refusesALinQuadPairGivenInTheWrongOrder() throws Exception {
    Path sm = ssww("ssww_sm_500.lhe.gz");
    Path lin = ssww("ssww_cHW_lin.lhe.gz");
    Path quad = ssww("ssww_cHW_quad.lhe.gz");
    assumeTrue(sm != null && lin != null && quad != null, "shared SSWW data not found");
    Path model = randomModel(EvaluationSplit.sha256(sm));
    Path linCopy = Files.copy(lin, dir.resolve("first.lhe.gz"));
    Path quadCopy = Files.copy(quad, dir.resolve("second.lhe.gz"));

    int byName =
        run(
            "sensitivity",
            "--model",
            model.toString(),
            "--sm",
            sm.toString(),
            "--operator",
            "cHW=" + quad + "," + lin,
            "--out",
            dir.resolve("a").toString());
    int byWeights =
        run(
            "sensitivity",
            "--model",
            model.toString(),
            "--sm",
            sm.toString(),
            "--operator",
            "cHW=" + quadCopy + "," + linCopy,
            "--out",
            dir.resolve("b").toString());

    assertThat(byName).isEqualTo(2);
    assertThat(byWeights).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "the files look swapped (ssww_cHW_quad.lhe.gz as LIN, ssww_cHW_lin.lhe.gz as QUAD)")
        .contains("the QUAD file " + linCopy + " has negative event weights");
  }

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static Path ssww(String file) {
    Path p = Path.of(System.getProperty("vbs.shared.dir", "../../shared"), "data", "ssww", file);
    return Files.isRegularFile(p) ? p : null;
  }

  /** A VAE with seeded random weights that records {@code sha256} as its SM training file. */
  private Path randomModel(String sha256) throws Exception {
    ModelMetadata.Builder meta =
        ModelMetadata.newBuilder()
            .setFormatVersion(OnnxModelContract.FORMAT_VERSION)
            .setModelKind(OnnxModelContract.KIND_VAE)
            .setLatentDim(2)
            .setFlagVariable(OnnxModelContract.MSE)
            .addThresholds(Threshold.newBuilder().setSmEfficiency(0.01).setValue(0.05))
            .setSeed(7)
            .putOptions(EvaluationSplit.TEST_FRACTION_OPTION, "0.5")
            .setCodeVersion("test")
            .setCreated("2025-01-01T00:00:00Z");
    meta.addTrainingFilesBuilder().setPath("ssww_sm_500.lhe.gz").setSha256(sha256).setRole("SM");
    for (String name : OnnxModelContract.FEATURE_NAMES) {
      boolean log = OnnxModelContract.LOG10_FEATURES.contains(name);
      meta.addFeatures(
          FeatureSpec.newBuilder()
              .setName(name)
              .setUnit(log ? "GeV" : "")
              .setLog10(log)
              .setMin(log ? 1.0 : -5.0)
              .setMax(log ? 3.5 : 10.0));
    }
    Random random = new Random(3);
    VaeWeights vae =
        new VaeWeights(
            List.of(layer(random, 14, 8)),
            layer(random, 8, 2),
            layer(random, 8, 2),
            List.of(layer(random, 2, 8), layer(random, 8, 14)),
            meta.build());
    Path file = dir.resolve("model.onnx");
    OnnxModelWriter.write(vae, null, file);
    return file;
  }

  private static DenseLayer layer(Random random, int in, int out) {
    float[][] kernel = new float[in][out];
    for (float[] row : kernel) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) (random.nextGaussian() * 0.5);
      }
    }
    Activation activation = out == 14 ? Activation.SIGMOID : Activation.LINEAR;
    return new DenseLayer(kernel, new float[out], activation, 0f);
  }
}
