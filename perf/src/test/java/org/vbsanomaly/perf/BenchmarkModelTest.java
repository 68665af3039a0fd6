package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.JavaForwardPass;
import org.vbsanomaly.inference.model.VaeWeights;

class BenchmarkModelTest {

  @Test
  void standInHasTheDefaultTrainingArchitecture() {
    VaeWeights vae = BenchmarkModel.defaultArchitecture(3);

    assertThat(vae.encoder().stream().map(DenseLayer::outputs).toList())
        .containsExactly(20, 10, 10, 10, 7);
    assertThat(vae.latentDim()).isEqualTo(3);
    assertThat(vae.decoder().stream().map(DenseLayer::outputs).toList())
        .containsExactly(7, 10, 10, 10, 20, 14);
    assertThat(vae.encoder().get(0).activation()).isEqualTo(Activation.LEAKY_RELU);
    assertThat(vae.encoder().get(0).alpha()).isEqualTo(0.3f);
    assertThat(vae.decoder().get(5).activation()).isEqualTo(Activation.LINEAR);
  }

  @Test
  void sameSeedGivesTheSameWeights() {
    List<DenseLayer> a = BenchmarkModel.defaultArchitecture(5).encoder();
    List<DenseLayer> b = BenchmarkModel.defaultArchitecture(5).encoder();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void onnxRuntimeAndTheJavaForwardPassScoreTheStandInAlike() throws Exception {
    BenchmarkModel model = BenchmarkModel.randomStandIn(BenchmarkModel.DEFAULT_SEED);
    int n = 300;
    float[] rows = BenchmarkEvents.synthetic(1, n).rows();
    float[] ortMse = new float[n];
    float[] ortKld = new float[n];
    float[] javaMse = new float[n];
    float[] javaKld = new float[n];

    try (AnomalyModel ort = AnomalyModel.open(model.onnx())) {
      ort.newBatchScorer(128).score(rows, null, n, ortMse, ortKld, null, null);
    }
    new JavaForwardPass(model.vae(), null).score(rows, n, javaMse, javaKld, null);

    for (int e = 0; e < n; e++) {
      assertThat(javaMse[e]).isCloseTo(ortMse[e], within(1e-5f * Math.max(1f, ortMse[e])));
      assertThat(javaKld[e]).isCloseTo(ortKld[e], within(1e-5f * Math.max(1f, ortKld[e])));
    }
    assertThat(ortMse[0]).isPositive();
    assertThat(Observable.COUNT).isEqualTo(14);
  }
}
