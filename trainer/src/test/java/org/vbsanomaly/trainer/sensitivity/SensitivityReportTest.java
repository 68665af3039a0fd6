package org.vbsanomaly.trainer.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensitivityReportTest {

  private static final SigmaCurve CURVE =
      new SigmaCurve(new double[] {-2, 0, 2}, new double[] {1.5, 0, 9}, new double[] {0, 0, 0});

  /** cW: limits on both sides; cHq1: none below zero within |c| <= 2. */
  private static List<ModelSensitivity> results() {
    RegionYields region = new RegionYields(0.0125, 42.5, 3.25, 12.0, 30.5, 212, 150, 480);
    OperatorSensitivity cw =
        new OperatorSensitivity(
            "cW",
            Optional.of(new Limit(-0.412, region)),
            Optional.of(new Limit(0.2875, region)),
            2,
            8.0,
            9.0,
            1234,
            CURVE);
    OperatorSensitivity chq1 =
        new OperatorSensitivity(
            "cHq1", Optional.empty(), Optional.of(new Limit(1.75, region)), 2, 1.5, 3.5, 99, CURVE);
    return List.of(new ModelSensitivity("vae.onnx", "vae", "mse", 350, 3, List.of(cw, chq1)));
  }

  @Test
  void textSummaryHasOneRowPerModelWithPaperValuesBeneath() {
    String text = SensitivityReport.text(results());

    assertThat(text).contains("L = 350 fb^-1");
    assertThat(text).containsPattern("vae.onnx \\(vae, mse\\) +-0.412 / \\+0.288 +none / \\+1.75");
    assertThat(text).containsPattern("paper, VAE +0.34 +none");
  }

  @Test
  void detailsPrintMonteCarloCountsOfTheChosenRegionAndTheBestSigmaWhereNone() {
    String text = SensitivityReport.text(results());

    assertThat(text).containsPattern("cW +c > 0 +\\+0.288 +0.012500 +42.50 \\+- 3.250 +212");
    assertThat(text).contains("none (1.50 sigma at c = -2)");
  }

  @Test
  void csvHasOneRowPerModelOperatorAndSideAtFullPrecision() {
    List<String> lines = SensitivityReport.csv(results()).lines().toList();

    assertThat(lines).hasSize(1 + 2 * 2);
    assertThat(lines.get(0)).startsWith("model,kind,score_variable,operator,side,c_limit,cut");
    assertThat(lines.get(2))
        .isEqualTo(
            "vae.onnx,vae,mse,cW,positive,0.2875,0.0125,42.5,3.25,212,12.0,150,30.5,480,9.0,2.0,"
                + "350.0,3.0,1234,0.34");
    assertThat(lines.get(3))
        .isEqualTo("vae.onnx,vae,mse,cHq1,negative,,,,,,,,,,1.5,2.0,350.0,3.0,99,none");
  }

  @Test
  void curvesCsvHasOneRowPerGridPoint() {
    List<String> lines = SensitivityReport.curvesCsv(results()).lines().toList();

    assertThat(lines).hasSize(1 + 2 * 3);
    assertThat(lines.get(0)).isEqualTo("model,operator,c,best_sigma,best_cut");
    assertThat(lines.get(3)).isEqualTo("vae.onnx,cW,2.0,9.0,0.0");
  }

  @Test
  void markdownTablesHaveHeaderSeparators() {
    String md = SensitivityReport.markdown(results());

    assertThat(md).contains("| model | cW | cHq1 |");
    assertThat(md).contains("| --- | --- | --- |");
    assertThat(md).contains("| paper, VAE | 0.34 | none |");
  }
}
