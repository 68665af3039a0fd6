package org.vbsanomaly.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vbsanomaly.inference.AnomalyModel;

class ExportedWeightsTest {

  @TempDir Path dir;

  @Test
  void readsBackExactlyTheWeightsOfAPlainVae() throws Exception {
    VaeWeights written = RandomModels.vae(4, 3, false);
    Path file = dir.resolve("vae.onnx");
    OnnxModelWriter.write(written, null, file);

    ExportedWeights read = ExportedWeights.read(file);

    assertThat(read.classifier()).isNull();
    assertThat(read.vae().encoder()).isEqualTo(written.encoder());
    assertThat(read.vae().zMean()).isEqualTo(written.zMean());
    assertThat(read.vae().zLogVar()).isEqualTo(written.zLogVar());
    assertThat(read.vae().decoder()).isEqualTo(written.decoder());
    assertThat(read.vae().metadata()).isEqualTo(written.metadata());
  }

  @Test
  void readsBackAVaeWithClassifierAndScoresItBitForBit() throws Exception {
    VaeWeights vae = RandomModels.vae(6, 3, true);
    ClassifierWeights head = RandomModels.classifier(2);
    Path file = dir.resolve("vae-nn.onnx");
    OnnxModelWriter.write(vae, head, file);

    ExportedWeights read = ExportedWeights.read(file);

    assertThat(read.classifier().hidden()).isEqualTo(head.hidden());
    assertThat(read.classifier().output()).isEqualTo(head.output());
    assertThat(read.classifier().kldSd()).isEqualTo(head.kldSd());
    int n = 50;
    float[] rows = RandomModels.events(3, n);
    float[][] original = score(new JavaForwardPass(vae, head), rows, n);
    float[][] reread = score(new JavaForwardPass(read.vae(), read.classifier()), rows, n);
    assertThat(reread).isDeepEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vae.onnx", "vae-nn.onnx"})
  void shippedModelReadsBackAndScoresLikeOnnxRuntime(String name) throws Exception {
    Path file = Path.of("..", "models", name);
    assumeTrue(Files.isRegularFile(file), "shipped model " + file + " not present");
    int n = 400;
    float[] rows = RandomModels.events(8, n);

    ExportedWeights read = ExportedWeights.read(file);
    boolean classifier = read.classifier() != null;
    float[][] java = score(new JavaForwardPass(read.vae(), read.classifier()), rows, n);
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] score = new float[n];
    try (AnomalyModel model = AnomalyModel.open(file)) {
      model.newBatchScorer(256).score(rows, null, n, mse, kld, classifier ? score : null, null);
    }

    assertThat(classifier).isEqualTo(name.contains("-nn"));
    for (int e = 0; e < n; e++) {
      assertThat(java[0][e]).isCloseTo(mse[e], within(1e-5f * Math.max(1f, mse[e])));
      assertThat(java[1][e]).isCloseTo(kld[e], within(1e-5f * Math.max(1f, kld[e])));
      if (classifier) {
        assertThat(java[2][e]).isCloseTo(score[e], within(1e-5f));
      }
    }
  }

  @Test
  void refusesAFileThatIsNotOnnxNamingIt() throws Exception {
    Path file = dir.resolve("notes.onnx");
    Files.writeString(file, "these are not the weights you are looking for");

    assertThatThrownBy(() -> ExportedWeights.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(file.toString());
  }

  private static float[][] score(JavaForwardPass pass, float[] rows, int n) {
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] score = new float[n];
    pass.score(rows, n, mse, kld, pass.hasClassifier() ? score : null);
    return new float[][] {mse, kld, score};
  }
}
