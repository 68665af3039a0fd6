package org.vbsanomaly.inference;

import java.io.IOException;
import java.nio.file.Path;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.RandomModels;

/** Writes small random models to files for tests. */
final class TestModelFiles {

  private TestModelFiles() {}

  /** A plain VAE (latent 3, seed 7). */
  static Path vae(Path dir) throws IOException {
    Path file = dir.resolve("vae.onnx");
    OnnxModelWriter.write(RandomModels.vae(7, 3, false), null, file);
    return file;
  }

  /** A VAE+NN (latent 4, seeds 8 and 9). */
  static Path vaeWithClassifier(Path dir) throws IOException {
    Path file = dir.resolve("vae-nn.onnx");
    OnnxModelWriter.write(RandomModels.vae(8, 4, true), RandomModels.classifier(9), file);
    return file;
  }
}
