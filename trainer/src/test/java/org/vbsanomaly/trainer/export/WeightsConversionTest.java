package org.vbsanomaly.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.JavaForwardPass;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.tf.ClassifierArchitecture;
import org.vbsanomaly.trainer.tf.ClassifierParameters;
import org.vbsanomaly.trainer.tf.ClassifierPass;
import org.vbsanomaly.trainer.tf.ForwardPass;
import org.vbsanomaly.trainer.tf.JointSession;
import org.vbsanomaly.trainer.tf.OutputActivation;
import org.vbsanomaly.trainer.tf.Standardisation;
import org.vbsanomaly.trainer.tf.VaeArchitecture;
import org.vbsanomaly.trainer.tf.VaeParameters;
import org.vbsanomaly.trainer.tf.VaeSession;

class WeightsConversionTest {
  private static final int N = Observable.COUNT;

  @Test
  void hiddenLayersGetLeakyReluWithTheSlopeHeadsStayLinearOutputAsTrained() {
    VaeArchitecture arch = new VaeArchitecture(N, List.of(8, 5), 3, 0.2f, OutputActivation.SIGMOID);

    VaeWeights w =
        WeightsConversion.toVaeWeights(arch, VaeParameters.initial(arch, 1), metadata(3));

    assertThat(w.encoder())
        .allSatisfy(l -> assertThat(l.activation()).isEqualTo(Activation.LEAKY_RELU));
    assertThat(w.encoder()).allSatisfy(l -> assertThat(l.alpha()).isEqualTo(0.2f));
    assertThat(w.zMean().activation()).isEqualTo(Activation.LINEAR);
    assertThat(w.zLogVar().activation()).isEqualTo(Activation.LINEAR);
    assertThat(w.decoder()).hasSize(3);
    assertThat(w.decoder().get(0).activation()).isEqualTo(Activation.LEAKY_RELU);
    assertThat(w.decoder().get(2).activation()).isEqualTo(Activation.SIGMOID);
  }

  /**
   * The converted weights in the inference module's plain-Java forward pass give TensorFlow's
   * outputs. Scaling constants min 0, max 1 make the scaled value of a log-scaled feature its
   * log10, so raw inputs are 10^s for those and s for the others.
   */
  @Test
  void convertedWeightsReproduceTheTensorFlowForwardPass() {
    VaeArchitecture arch = new VaeArchitecture(N, List.of(12, 6), 3, 0.3f, OutputActivation.LINEAR);
    VaeParameters p = VaeParameters.initial(arch, 17);
    int rows = 300;
    float[] scaled = new float[rows * N];
    float[] raw = new float[rows * N];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < scaled.length; i++) {
      float s = (float) random.nextDouble(0.05, 1);
      boolean log = Observable.at(i % N).logScaled();
      raw[i] = log ? (float) Math.pow(10, s) : s;
      // What the exported graph sees: log10 evaluated in float, as the reference does.
      scaled[i] = log ? (float) Math.log10(raw[i]) : s;
    }

    ForwardPass tf;
    try (VaeSession session = new VaeSession(arch, p, 1e-3f, 1e-3f)) {
      tf = session.forward(scaled, rows);
    }
    JavaForwardPass java =
        new JavaForwardPass(WeightsConversion.toVaeWeights(arch, p, metadata(3)), null);
    float[] mse = new float[rows];
    float[] kld = new float[rows];
    java.score(raw, rows, mse, kld, null);

    for (int i = 0; i < rows; i++) {
      assertThat((double) mse[i]).isCloseTo(tf.mse()[i], within(1e-5));
      assertThat((double) kld[i]).isCloseTo(tf.kld()[i], within(1e-5));
    }
  }

  @Test
  void anExportedVaeReadsBackToItsArraysAndArchitecture() {
    VaeArchitecture arch = new VaeArchitecture(N, List.of(9, 4), 3, 0.25f, OutputActivation.LINEAR);
    VaeParameters p = VaeParameters.initial(arch, 21);

    VaeWeights exported = WeightsConversion.toVaeWeights(arch, p, metadata(3));

    assertThat(WeightsConversion.architectureOf(exported)).isEqualTo(arch);
    assertThat(WeightsConversion.toVaeParameters(exported)).isEqualTo(p);
  }

  /**
   * The classifier head converted for export, in the plain-Java forward pass, gives the score of
   * the TensorFlow joint graph (inputs as in the test above).
   */
  @Test
  void convertedClassifierReproducesTheTensorFlowScore() {
    VaeArchitecture arch = new VaeArchitecture(N, List.of(12, 6), 3, 0.3f, OutputActivation.LINEAR);
    ClassifierArchitecture head = new ClassifierArchitecture(7, Activation.LEAKY_RELU, 0.3f);
    VaeParameters p = VaeParameters.initial(arch, 17);
    ClassifierParameters c =
        ClassifierParameters.initial(
            head, new Standardisation(0.2f, 0.1f, 1.5f, 0.7f), new SplittableRandom(8));
    int rows = 300;
    float[] scaled = new float[rows * N];
    float[] raw = new float[rows * N];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < scaled.length; i++) {
      float s = (float) random.nextDouble(0.05, 1);
      boolean log = Observable.at(i % N).logScaled();
      raw[i] = log ? (float) Math.pow(10, s) : s;
      scaled[i] = log ? (float) Math.log10(raw[i]) : s;
    }

    ClassifierPass tf;
    try (JointSession session = new JointSession(arch, p, head, c, 1e-3f, 1f, 1e-3f, true)) {
      tf = session.forward(scaled, rows);
    }
    JavaForwardPass java =
        new JavaForwardPass(
            WeightsConversion.toVaeWeights(arch, p, metadata(3)),
            WeightsConversion.toClassifierWeights(head, c));
    float[] score = new float[rows];
    java.score(raw, rows, new float[rows], new float[rows], score);

    for (int i = 0; i < rows; i++) {
      assertThat((double) score[i]).as("score %d", i).isCloseTo(tf.score()[i], within(1e-5));
    }
  }

  private static ModelMetadata metadata(int latent) {
    ModelMetadata.Builder m =
        ModelMetadata.newBuilder()
            .setFormatVersion(1)
            .setModelKind("vae")
            .setFlagVariable("mse")
            .setLatentDim(latent);
    for (Observable o : Observable.values()) {
      m.addFeatures(
          FeatureSpec.newBuilder()
              .setName(o.featureName())
              .setUnit(o.unit())
              .setLog10(o.logScaled())
              .setMin(0)
              .setMax(1));
    }
    return m.build();
  }
}
