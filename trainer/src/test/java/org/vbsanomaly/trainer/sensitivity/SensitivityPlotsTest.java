package org.vbsanomaly.trainer.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.trainer.eval.PlotLayout;

class SensitivityPlotsTest {

  @TempDir Path dir;

  @Test
  void writesOnePngPerOperatorWithEveryModelOnIt() throws IOException {
    SigmaCurve curve =
        new SigmaCurve(
            new double[] {-1, -0.5, 0, 0.5, 1},
            new double[] {4, 1.2, 0, 1.5, 5},
            new double[] {0, 0, 0, 0, 0});
    OperatorSensitivity cw =
        new OperatorSensitivity("cW", Optional.empty(), Optional.empty(), 1, 4, 5, 10, curve);
    OperatorSensitivity chw =
        new OperatorSensitivity("cHW", Optional.empty(), Optional.empty(), 1, 4, 5, 10, curve);
    List<ModelSensitivity> results =
        List.of(
            new ModelSensitivity("vae.onnx", "vae", "mse", 350, 3, List.of(cw, chw)),
            new ModelSensitivity("vae-nn.onnx", "vae+nn", "score", 350, 3, List.of(cw)));

    List<Path> written = SensitivityPlots.write(dir, results);

    assertThat(written).containsExactly(dir.resolve("sigma-cW.png"), dir.resolve("sigma-cHW.png"));
    for (Path png : written) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).isEqualTo(PlotLayout.DEFAULT_WIDTH);
      assertThat(image.getHeight()).isEqualTo(PlotLayout.DEFAULT_HEIGHT);
    }
  }
}
