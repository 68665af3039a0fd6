package org.vbsanomaly.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

  @TempDir Path dir;

  @Test
  void lossCurvesOnLogScaleRenderAsPngOfTheRequestedSize() throws IOException {
    double[] train = {1.0, 0.5, 0.2, 0.1, 0.05};
    double[] validation = {1.1, 0.6, 0.3, 0.0, 0.08}; // the 0 cannot show on a log axis
    Path png = dir.resolve("loss.png");

    Plots.writeLines(
        png,
        PlotLayout.of("Loss", "epoch", "loss (MSE + beta KLD)").withLogY().withSize(640, 480),
        List.of(Series.overIndex("training", train), Series.overIndex("validation", validation)),
        List.of());

    assertValidPng(png, 640, 480);
  }

  @Test
  void significanceAgainstWilsonCoefficientWithThreeSigmaLineRenders() throws IOException {
    double[] c = new double[41];
    double[] sigma = new double[41];
    for (int i = 0; i < c.length; i++) {
      c[i] = -1 + i * 0.05;
      sigma[i] = Math.abs(2 * c[i] + 9 * c[i] * c[i]);
    }
    Path png = dir.resolve("sigma.png");

    Plots.writeLines(
        png,
        PlotLayout.of("cW", "cW [TeV^-2]", "significance [sigma]"),
        List.of(new Series("VAE", c, sigma)),
        List.of(new ReferenceLine(3, "3 sigma")));

    assertValidPng(png, PlotLayout.DEFAULT_WIDTH, PlotLayout.DEFAULT_HEIGHT);
  }

  @Test
  void mseDistributionsOnLogLogAxesRender() throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    float[] sm = logNormal(random, 2000, -6);
    float[] eft = logNormal(random, 500, -4);
    Binning bins = Binning.logUniformCovering(40, sm, eft);
    Path png = dir.resolve("mse.png");

    Plots.writeHistograms(
        png,
        PlotLayout.of("Reconstruction error", "MSE (scaled features)", "1/N dN/dMSE")
            .withLogX()
            .withLogY()
            .withSize(800, 600),
        List.of(
            new LabelledHistogram("SM", WeightedHistogram.of(bins, sm).normalisedToUnitArea()),
            new LabelledHistogram(
                "EFT cW", WeightedHistogram.of(bins, eft).normalisedToUnitArea())));

    assertValidPng(png, 800, 600);
  }

  @Test
  void inputAgainstReconstructionGridHoldsAllPanelsInOneImage() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    List<HistogramPanel> panels = new ArrayList<>();
    for (String feature : List.of("m_jj [GeV]", "p_T,l1 [GeV]", "delta-eta_jj")) {
      float[] input = logNormal(random, 500, 5);
      float[] output = logNormal(random, 500, 5);
      Binning bins = Binning.uniformCovering(30, input, output);
      panels.add(
          new HistogramPanel(
              PlotLayout.of(feature, feature, "events"),
              List.of(
                  new LabelledHistogram("input", WeightedHistogram.of(bins, input)),
                  new LabelledHistogram("reconstructed", WeightedHistogram.of(bins, output)))));
    }
    Path png = dir.resolve("features.png");

    Plots.writeHistogramGrid(png, "Input and reconstructed features", panels, 2, 300, 220);

    assertValidPng(png, 600, 2 * 220 + 40);
  }

  @Test
  void rocCurvesWithLogBackgroundEfficiencyRender() throws IOException {
    SplittableRandom random = new SplittableRandom(9);
    WeightedScores sm = WeightedScores.unweighted(logNormal(random, 3000, 0));
    WeightedScores eft = WeightedScores.unweighted(logNormal(random, 1000, 1));
    Path png = dir.resolve("roc.png");

    Plots.writeRocCurves(
        png,
        PlotLayout.of("ROC", "SM efficiency", "EFT efficiency").withLogX(),
        List.of(new LabelledRoc("VAE, cW", RocCurve.of(sm, eft))));

    assertValidPng(png, PlotLayout.DEFAULT_WIDTH, PlotLayout.DEFAULT_HEIGHT);
  }

  private static void assertValidPng(Path png, int width, int height) throws IOException {
    try (InputStream in = Files.newInputStream(png)) {
      assertThat(in.readNBytes(8)).containsExactly(PNG_SIGNATURE);
    }
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
  }

  private static float[] logNormal(SplittableRandom random, int n, double mu) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double u = 1 - random.nextDouble();
      double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
      v[i] = (float) Math.exp(mu + g);
    }
    return v;
  }
}
