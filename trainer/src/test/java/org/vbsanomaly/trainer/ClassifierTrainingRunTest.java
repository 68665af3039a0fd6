package org.vbsanomaly.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.TrainingFile;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.data.Partition;
import org.vbsanomaly.trainer.data.SampleLoader;
import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.data.SampleSpec;
import org.vbsanomaly.trainer.data.SmEvents;
import org.vbsanomaly.trainer.export.WeightsConversion;
import org.vbsanomaly.trainer.sensitivity.EvaluationSplit;

/**
 * A short VAE+NN training on small real samples (the 500-event SM file, cHW LIN and QUAD) on top of
 * a VAE trained for two epochs, checked from the outside: the exported score in ONNX Runtime
 * against the TensorFlow forward pass, the metadata the sensitivity study relies on, the outputs.
 */
class ClassifierTrainingRunTest {
  private static final int EPOCHS = 3;

  @TempDir static Path dir;

  private static TrainingOptions vaeOptions;
  private static TrainingReport vae;
  private static VaeWeights vaeWeights;
  private static Path lin;
  private static Path quad;
  private static ClassifierReport report;

  @BeforeAll
  static void train() throws Exception {
    Path sm = SharedSamples.ssww("ssww_sm_500.lhe.gz");
    lin = SharedSamples.ssww("ssww_cHW_lin.lhe.gz");
    quad = SharedSamples.ssww("ssww_cHW_quad.lhe.gz");
    vaeOptions = TrainingOptions.builder().maxEpochs(2).seed(5).build();
    vae =
        VaeTrainingRun.run(
            new VaeTrainingRun.Request(
                List.of(SampleSpec.sm(sm)),
                List.of(),
                dir.resolve("vae.onnx"),
                Selection.paper(),
                vaeOptions,
                false),
            TrainingListener.NONE);
    vaeWeights =
        WeightsConversion.toVaeWeights(
            vaeOptions.architecture(), vae.history().best(), vae.metadata());
    report = ClassifierTrainingRun.run(request(dir.resolve("vae-nn.onnx")), TrainingListener.NONE);
  }

  private static ClassifierTrainingRun.Request request(Path out) {
    return new ClassifierTrainingRun.Request(
        dir.resolve("vae.onnx"),
        vaeWeights,
        "cHW",
        List.of(SampleSpec.sm(SharedSamples.ssww("ssww_sm_500.lhe.gz"))),
        List.of(
            new SampleSpec("cHW_lin", lin, SampleRole.LIN, "cHW"),
            new SampleSpec("cHW_quad", quad, SampleRole.QUAD, "cHW")),
        out,
        Selection.paper(),
        ClassifierOptions.builder().maxEpochs(EPOCHS).build(),
        true);
  }

  @Test
  void onnxRuntimeScoreMatchesTensorFlowWithin1e5AtBatch4096AndBatch1() throws Exception {
    check(report.smTest(), testEvents(report.smFiles(), null, report.smTest()));
    ClassifiedSample quadTest = eft("cHW_quad");
    check(quadTest, testEvents(report.eftFiles(), quad, quadTest));
    assertThat(report.exportMaxAbsDiffScore()).isLessThan(1e-5);
  }

  private static void check(ClassifiedSample tf, float[] raw) throws Exception {
    int n = tf.size();
    for (int batch : new int[] {4096, 1}) {
      float[] mse = new float[n];
      float[] kld = new float[n];
      float[] score = new float[n];
      try (AnomalyModel model = AnomalyModel.open(report.modelFile())) {
        BatchScorer scorer = model.newBatchScorer(batch);
        assertThat(scorer.score(raw, null, n, mse, kld, score, null)).isEqualTo(n);
      }
      for (int i = 0; i < n; i++) {
        assertThat((double) score[i])
            .as("%s score of event %d, batch %d", tf.name(), i, batch)
            .isCloseTo(tf.score()[i], within(1e-5));
        assertThat((double) mse[i]).isCloseTo(tf.mse()[i], within(1e-5));
      }
    }
  }

  @Test
  void metadataDescribesAVaeNnModelTrainedOnSmAndTheOperatorsFiles() throws Exception {
    ModelMetadata m;
    try (AnomalyModel model = AnomalyModel.open(report.modelFile())) {
      m = model.metadata();
      assertThat(model.hasClassifier()).isTrue();
    }

    assertThat(m).isEqualTo(report.metadata());
    assertThat(m.getModelKind()).isEqualTo("vae+nn");
    assertThat(m.getFlagVariable()).isEqualTo("score");
    assertThat(m.getClassifierOperator()).isEqualTo("cHW");
    assertThat(m.getSeed()).isEqualTo(5);
    assertThat(m.getFeaturesList()).isEqualTo(vae.metadata().getFeaturesList());
    assertThat(m.getOptionsMap())
        .containsEntry("test-fraction", vaeOptions.asMap().get("test-fraction"))
        .containsEntry("vae-start", "scratch")
        .containsEntry("lin-weights", "abs")
        .containsEntry("epochs", "3")
        .containsEntry("vae.epochs", "2");
    assertThat(m.getThresholdsList())
        .extracting(t -> t.getSmEfficiency())
        .containsExactly(0.1, 0.01, 0.001);
    List<TrainingFile> files = m.getTrainingFilesList();
    assertThat(files).extracting(TrainingFile::getRole).containsExactly("SM", "LIN", "QUAD");
    assertThat(files).extracting(TrainingFile::getOperator).containsExactly("", "cHW", "cHW");
    assertThat(files.get(2).getSha256()).isEqualTo(SampleLoader.sha256(quad));
  }

  @Test
  void sensitivityStudyFindsTheSameEftTestEventsFromTheMetadata() throws Exception {
    EvaluationSplit split = EvaluationSplit.of(report.metadata(), false);
    LoadedSample quadFile = report.eftFiles().get(1);

    var held = split.heldOut(quadFile.sample(), SampleLoader.sha256(quad));

    assertThat(split.trainedOn(quad, SampleLoader.sha256(quad))).isTrue();
    assertThat(held.testSplitOnly()).isTrue();
    assertThat(held.size()).isEqualTo(eft("cHW_quad").size());
  }

  @Test
  void lowerThresholdsKeepMoreSmTestWeight() {
    double total = report.smTest().totalWeightPb();
    for (var cut : report.thresholds()) {
      double kept = report.smTest().scores().weightAbove(cut.cut()) / total;
      assertThat(kept).isGreaterThanOrEqualTo(cut.targetFraction() - 1e-12);
    }
    assertThat(report.thresholds().get(0).cut())
        .isLessThanOrEqualTo(report.thresholds().get(2).cut());
  }

  @Test
  void linPlusQuadCombinationIsTheSumOfTheTwoTestSamples() {
    ClassifiedSample combined = eft("cHW lin+quad (c=1)");

    assertThat(combined.combination()).isTrue();
    assertThat(combined.size()).isEqualTo(eft("cHW_lin").size() + eft("cHW_quad").size());
    assertThat(combined.totalWeightPb())
        .isCloseTo(eft("cHW_lin").totalWeightPb() + eft("cHW_quad").totalWeightPb(), within(1e-15));
  }

  @Test
  void writesCardPlotsAndTablesBesideTheModelReadableLikeAnyFile() throws Exception {
    for (String name :
        List.of("vae-nn.md", "vae-nn-loss.png", "vae-nn-score.png", "vae-nn-roc.png")) {
      assertThat(dir.resolve(name)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(dir.resolve("vae-nn-history.csv"))).hasSize(EPOCHS + 1);
    List<String> scores = Files.readAllLines(dir.resolve("vae-nn-scores.csv"));
    assertThat(scores.get(0))
        .isEqualTo("sample,role,operator,file,event_id,weight_pb,score,mse,kld,vae_mse");
    assertThat(scores).hasSize(1 + report.counts().smTest() + report.counts().eftTest());
    assertThat(Files.readString(dir.resolve("vae-nn.md")))
        .contains(
            "# Model card: vae-nn.onnx",
            "## Negative interference weights",
            "`--lin-weights abs`",
            "AUC VAE mse",
            "## Timing");
    Path reference = Files.createFile(dir.resolve("reference.txt"));
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(report.modelFile()))
          .isEqualTo(Files.getPosixFilePermissions(reference));
    }
  }

  @Test
  void refusesToBuildOnAModelThatIsNotAPlainVae() {
    VaeWeights nnAsVae =
        WeightsConversion.toVaeWeights(
            vaeOptions.architecture(), report.history().bestVae(), report.metadata());
    ClassifierTrainingRun.Request r = request(dir.resolve("other.onnx"));
    ClassifierTrainingRun.Request bad =
        new ClassifierTrainingRun.Request(
            r.vaeFile(),
            nnAsVae,
            r.operator(),
            r.sm(),
            r.eft(),
            r.modelFile(),
            r.selection(),
            r.options(),
            false);

    assertThatThrownBy(() -> ClassifierTrainingRun.run(bad, TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'vae+nn'")
        .hasMessageContaining("plain VAE");
  }

  @Test
  void refusesToOverwriteTheVaeItStartsFrom() {
    assertThatThrownBy(
            () ->
                ClassifierTrainingRun.run(request(dir.resolve("vae.onnx")), TrainingListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would overwrite the VAE");
  }

  private static ClassifiedSample eft(String name) {
    return report.eftTest().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The test events of {@code files} (only those of {@code file} when not null), rebuilt
   * independently from the files and the VAE's seed, as raw float features; their ids must be those
   * of {@code sample}, in order.
   */
  private static float[] testEvents(List<LoadedSample> files, Path file, ClassifiedSample sample) {
    SmEvents events = new SmEvents(files, vaeOptions.testSplit(), vaeOptions.validationFraction());
    int[] rows =
        java.util.Arrays.stream(events.rows(Partition.TEST))
            .filter(r -> file == null || events.file(r).spec().file().equals(file))
            .toArray();
    assertThat(rows).hasSize(sample.size());
    for (int i = 0; i < rows.length; i++) {
      assertThat(events.id(rows[i])).isEqualTo(sample.ids()[i]);
    }
    double[] obs = events.observables(rows);
    float[] raw = new float[obs.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) obs[i];
    }
    return raw;
  }
}
