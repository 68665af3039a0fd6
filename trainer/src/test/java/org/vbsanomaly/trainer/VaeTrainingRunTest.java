package org.vbsanomaly.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.TrainingFile;
import org.vbsanomaly.trainer.data.Partition;
import org.vbsanomaly.trainer.data.SampleLoader;
import org.vbsanomaly.trainer.data.SampleSpec;
import org.vbsanomaly.trainer.data.SmEvents;
import org.vbsanomaly.trainer.tf.ForwardPass;

/**
 * One short training on the real SM sample (about 7,300 selected events, 4 epochs), checked from
 * the outside: the losses, the exported model in ONNX Runtime against the TensorFlow forward pass,
 * the metadata, and the files written beside the model.
 */
class VaeTrainingRunTest {
  private static final int EPOCHS = 4;

  @TempDir static Path dir;

  private static TrainingOptions options;
  private static TrainingReport report;
  private static List<String> stages;

  @BeforeAll
  static void train() throws Exception {
    Path sm = SharedSamples.ssww("ssww_sm.lhe.gz");
    Path quad = SharedSamples.ssww("ssww_cW_quad.lhe.gz");
    Path lin = SharedSamples.ssww("ssww_cW_lin.lhe.gz");
    options = TrainingOptions.builder().maxEpochs(EPOCHS).seed(7).build();
    stages = new ArrayList<>();
    VaeTrainingRun.Request request =
        new VaeTrainingRun.Request(
            List.of(SampleSpec.sm(sm)),
            List.of(SampleSpec.eft("cW_quad", quad), SampleSpec.eft("cW_lin", lin)),
            dir.resolve("vae.onnx"),
            Selection.paper(),
            options,
            true);
    report =
        VaeTrainingRun.run(
            request,
            new TrainingListener() {
              @Override
              public void stage(String description) {
                stages.add(description);
              }
            });
  }

  @Test
  void validationLossFallsDuringTraining() {
    List<EpochReport> epochs = report.history().epochs();

    assertThat(epochs).hasSize(EPOCHS);
    assertThat(epochs.get(EPOCHS - 1).validationLoss()).isLessThan(epochs.get(0).validationLoss());
    assertThat(report.history().bestReport().validationLoss())
        .isLessThan(epochs.get(0).validationLoss());
    assertThat(epochs).allSatisfy(e -> assertThat(e.eventsPerSecond()).isPositive());
  }

  @Test
  void onnxRuntimeMatchesTensorFlowOnTheTestEventsAtBatch4096AndBatch1() throws Exception {
    float[] raw = rawTestEvents();
    ForwardPass tf = report.smTest().output();
    int n = tf.rows();

    for (int batch : new int[] {4096, 1}) {
      float[] mse = new float[n];
      float[] kld = new float[n];
      try (AnomalyModel model = AnomalyModel.open(report.modelFile())) {
        BatchScorer scorer = model.newBatchScorer(batch);
        assertThat(scorer.score(raw, null, n, mse, kld, null, null)).isEqualTo(n);
      }
      for (int i = 0; i < n; i++) {
        assertThat((double) mse[i])
            .as("mse of test event %d, batch %d", i, batch)
            .isCloseTo(tf.mse()[i], within(1e-5));
        assertThat((double) kld[i])
            .as("kld of test event %d, batch %d", i, batch)
            .isCloseTo(tf.kld()[i], within(1e-5));
      }
    }
    assertThat(report.exportMaxAbsDiffMse()).isLessThan(1e-5);
    assertThat(report.exportMaxAbsDiffKld()).isLessThan(1e-5);
  }

  @Test
  void metadataReadsBackFromTheModelAsWritten() throws Exception {
    ModelMetadata read;
    try (AnomalyModel model = AnomalyModel.open(report.modelFile())) {
      read = model.metadata();
      assertThat(model.featureNames()).isEqualTo(Observable.names());
      assertThat(model.hasClassifier()).isFalse();
    }

    assertThat(read).isEqualTo(report.metadata());
    assertThat(read.getFormatVersion()).isEqualTo(1);
    assertThat(read.getModelKind()).isEqualTo("vae");
    assertThat(read.getFlagVariable()).isEqualTo("mse");
    assertThat(read.getLatentDim()).isEqualTo(3);
    assertThat(read.getSeed()).isEqualTo(7);
    assertThat(read.getEpochsRun()).isEqualTo(EPOCHS);
    assertThat(read.getOptionsMap()).containsEntry("epochs", "4").containsEntry("beta", "5.0E-4");
    assertThat(read.getSelection()).isEqualTo(Selection.paper().describe());
    assertThat(read.getThresholdsList())
        .extracting(t -> t.getSmEfficiency())
        .containsExactly(0.1, 0.01, 0.001);
    assertThat(read.getMetricsMap()).containsKeys("auc.cW_quad", "auc.cW_lin");
  }

  @Test
  void metadataNamesOnlyTheSmFilesAsTrainingFilesWithTheirHashes() throws Exception {
    List<TrainingFile> files = report.metadata().getTrainingFilesList();

    assertThat(files).hasSize(1);
    TrainingFile sm = files.get(0);
    assertThat(sm.getRole()).isEqualTo("SM");
    assertThat(sm.getSha256()).isEqualTo(SampleLoader.sha256(Path.of(sm.getPath())));
    assertThat(sm.getEventsRead()).isEqualTo(8740);
    assertThat(sm.getEventsSelected())
        .isEqualTo(report.fitEvents() + report.validationEvents() + report.testEvents());
    assertThat(sm.getCrossSectionPb()).isCloseTo(5.931e-3, within(1e-6));
  }

  @Test
  void thresholdsKeepTheirFractionOfTheSmTestWeight() {
    double total = report.smTest().totalWeightPb();

    for (var cut : report.thresholds()) {
      double kept = report.smTest().mseScores().weightAbove(cut.cut()) / total;
      assertThat(kept).isGreaterThanOrEqualTo(cut.targetFraction() - 1e-12);
      // Equal-weight events: at most one event more than the fraction asks for.
      assertThat(kept).isLessThan(cut.targetFraction() + 1.0 / report.testEvents() + 1e-12);
    }
  }

  @Test
  void eftSamplesGetRocCurvesAndLinPlusQuadIsTheirSum() {
    ScoredSample quad = sample("cW_quad");
    ScoredSample combined = sample("cW lin+quad (c=1)");

    assertThat(quad.auc()).isGreaterThan(0.6);
    assertThat(combined.combination()).isTrue();
    assertThat(combined.size()).isEqualTo(quad.size() + sample("cW_lin").size());
    assertThat(combined.totalWeightPb())
        .isCloseTo(quad.totalWeightPb() + sample("cW_lin").totalWeightPb(), within(1e-15));
  }

  @Test
  void writesCardPlotsAndTablesBesideTheModel() throws Exception {
    for (String name :
        List.of("vae.md", "vae-loss.png", "vae-mse.png", "vae-features.png", "vae-roc.png")) {
      assertThat(dir.resolve(name)).isNotEmptyFile();
    }
    byte[] png = Files.readAllBytes(dir.resolve("vae-roc.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    List<String> history = Files.readAllLines(dir.resolve("vae-history.csv"));
    assertThat(history).hasSize(EPOCHS + 1);
    List<String> scores = Files.readAllLines(dir.resolve("vae-scores.csv"));
    int eftEvents = sample("cW_quad").size() + sample("cW_lin").size();
    assertThat(scores).hasSize(1 + report.testEvents() + eftEvents);
    assertThat(scores.get(0)).isEqualTo("sample,role,operator,file,event_id,weight_pb,mse,kld");
    String card = Files.readString(dir.resolve("vae.md"));
    assertThat(card)
        .contains("# Model card: vae.onnx", "## Evaluation", "cW_quad", "## Timing", "--beta");
    assertThat(report.outputs()).contains(report.modelFile(), dir.resolve("vae.md"));
    assertThat(stages).contains("training");
  }

  private static ScoredSample sample(String name) {
    return report.eftSamples().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The test events rebuilt independently from the files, as raw float features. */
  private static float[] rawTestEvents() {
    SmEvents events =
        new SmEvents(report.smFiles(), options.testSplit(), options.validationFraction());
    int[] rows = events.rows(Partition.TEST);
    for (int i = 0; i < rows.length; i++) {
      assertThat(events.id(rows[i])).isEqualTo(report.smTest().ids()[i]);
    }
    double[] obs = events.observables(rows);
    float[] raw = new float[obs.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) obs[i];
    }
    return raw;
  }
}
