package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.ClassifierWeights;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.JavaForwardPass;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.ModelMetadata;

class ExportedWeightsTest {

  @TempDir Path dir;

  @Test
  void readsBackExactlyTheWeightsOfAPlainVae() throws Exception {
    VaeWeights written = BenchmarkModel.defaultArchitecture(4);
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
    VaeWeights vae = vaeNn(BenchmarkModel.defaultArchitecture(6));
    Random random = new Random(2);
    ClassifierWeights head =
        new ClassifierWeights(
            0.03f,
            0.02f,
            1.5f,
            0.7f,
            new DenseLayer(gaussian(random, 2, 6), new float[6], Activation.RELU, 0f),
            new DenseLayer(gaussian(random, 6, 1), new float[] {0.1f}, Activation.SIGMOID, 0f));
    Path file = dir.resolve("vae-nn.onnx");
    OnnxModelWriter.write(vae, head, file);

    ExportedWeights read = ExportedWeights.read(file);

    assertThat(read.classifier().hidden()).isEqualTo(head.hidden());
    assertThat(read.classifier().output()).isEqualTo(head.output());
    assertThat(read.classifier().kldSd()).isEqualTo(0.7f);
    int n = 50;
    float[] rows = BenchmarkEvents.synthetic(3, n).rows();
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
    float[] rows = BenchmarkEvents.synthetic(8, n).rows();

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

  private static VaeWeights vaeNn(VaeWeights vae) {
    ModelMetadata meta =
        vae.metadata().toBuilder()
            .setModelKind(OnnxModelContract.KIND_VAE_NN)
            .setFlagVariable(OnnxModelContract.SCORE)
            .build();
    return new VaeWeights(vae.encoder(), vae.zMean(), vae.zLogVar(), vae.decoder(), meta);
  }

  private static float[][] gaussian(Random random, int in, int out) {
    float[][] w = new float[in][out];
    for (float[] row : w) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return w;
  }
}
