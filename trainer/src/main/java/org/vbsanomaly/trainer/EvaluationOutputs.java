package org.vbsanomaly.trainer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.trainer.data.FeatureScaling;
import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.eval.Binning;
import org.vbsanomaly.trainer.eval.HistogramPanel;
import org.vbsanomaly.trainer.eval.LabelledHistogram;
import org.vbsanomaly.trainer.eval.LabelledRoc;
import org.vbsanomaly.trainer.eval.PlotLayout;
import org.vbsanomaly.trainer.eval.Plots;
import org.vbsanomaly.trainer.eval.ReferenceLine;
import org.vbsanomaly.trainer.eval.ScoreCut;
import org.vbsanomaly.trainer.eval.Series;
import org.vbsanomaly.trainer.eval.WeightedHistogram;

/**
 * The plots and tables written next to a trained model (see {@link VaeTrainingRun} for the file
 * names). Histograms are weighted by the events' weights in pb and normalised to unit area, so
 * shapes compare; a sample whose net weight is not positive (a LIN sample with net negative
 * interference) has no shape and is left out of the histograms.
 */
final class EvaluationOutputs {
  private static final int MSE_BINS = 40;
  private static final int FEATURE_BINS = 40;

  private EvaluationOutputs() {}

  static List<Path> write(
      Path modelFile,
      TrainingHistory history,
      FeatureScaling scaling,
      ScoredSample smTest,
      List<ScoredSample> eft,
      List<ScoreCut> thresholds)
      throws IOException {
    String base = baseName(modelFile);
    List<Path> written = new ArrayList<>();
    written.add(lossCurves(modelFile.resolveSibling(base + "-loss.png"), history));
    written.add(mseDistributions(modelFile.resolveSibling(base + "-mse.png"), smTest, eft));
    written.add(featurePlots(modelFile.resolveSibling(base + "-features.png"), smTest, eft));
    Path roc = modelFile.resolveSibling(base + "-roc.png");
    if (rocCurves(roc, eft)) {
      written.add(roc);
    }
    written.add(historyCsv(modelFile.resolveSibling(base + "-history.csv"), history));
    written.add(scoresCsv(modelFile.resolveSibling(base + "-scores.csv"), smTest, eft));
    return written;
  }

  /** The model file's name without {@code .onnx}. */
  static String baseName(Path modelFile) {
    String n = modelFile.getFileName().toString();
    return n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
  }

  private static Path lossCurves(Path png, TrainingHistory history) throws IOException {
    int n = history.epochsRun();
    double[] epoch = new double[n];
    double[] train = new double[n];
    double[] validation = new double[n];
    double[] scoring = new double[n];
    for (int i = 0; i < n; i++) {
      EpochReport r = history.epochs().get(i);
      epoch[i] = r.epoch();
      train[i] = r.trainLoss();
      validation[i] = r.validationLoss();
      scoring[i] = r.validationScoringMse();
    }
    List<Series> series =
        List.of(
            new Series("training loss (mse + beta kld, sampled z)", epoch, train),
            new Series("validation loss", epoch, validation),
            new Series("validation mse of the scoring path (z = z_mean)", epoch, scoring));
    PlotLayout layout =
        PlotLayout.of("Loss per epoch (best epoch " + history.bestEpoch() + ")", "epoch", "loss")
            .withLogY();
    Plots.writeLines(png, layout, series, List.<ReferenceLine>of());
    return png;
  }

  /**
   * One panel per operator (the paper's figure 4): SM test events against the operator's QUAD
   * sample and its LIN + QUAD sum at c = 1; a LIN sample is drawn alone only when its operator has
   * no QUAD sample (its signed shape is hard to read beside the others) and its net weight is
   * positive. Bins are shared by all panels.
   */
  private static Path mseDistributions(Path png, ScoredSample sm, List<ScoredSample> eft)
      throws IOException {
    Map<String, List<ScoredSample>> byOperator = new LinkedHashMap<>();
    for (ScoredSample s : eft) {
      byOperator.computeIfAbsent(s.operator(), k -> new ArrayList<>()).add(s);
    }
    List<float[]> all = new ArrayList<>();
    all.add(sm.output().mse());
    eft.forEach(s -> all.add(s.output().mse()));
    Binning binning = Binning.logUniformCovering(MSE_BINS, all.toArray(new float[0][]));
    List<HistogramPanel> panels = new ArrayList<>();
    for (Map.Entry<String, List<ScoredSample>> e : byOperator.entrySet()) {
      panels.add(msePanel(e.getKey(), binning, sm, shownForOperator(e.getValue())));
    }
    if (panels.isEmpty()) {
      panels.add(msePanel("SM", binning, sm, List.of()));
    }
    int columns = Math.min(2, panels.size());
    Plots.writeHistogramGrid(
        png,
        "Reconstruction error (mse over the 14 scaled features): SM test events and EFT samples",
        panels,
        columns,
        620,
        440);
    return png;
  }

  private static List<ScoredSample> shownForOperator(List<ScoredSample> samples) {
    boolean hasQuad = samples.stream().anyMatch(s -> s.role() == SampleRole.QUAD);
    List<ScoredSample> shown = new ArrayList<>();
    for (ScoredSample s : samples) {
      boolean plainLin = s.role() == SampleRole.LIN && !s.combination();
      if (s.totalWeightPb() > 0 && !(plainLin && hasQuad)) {
        shown.add(s);
      }
    }
    return shown;
  }

  private static HistogramPanel msePanel(
      String title, Binning binning, ScoredSample sm, List<ScoredSample> samples) {
    List<LabelledHistogram> histograms = new ArrayList<>();
    addShape(histograms, sm.name(), binning, sm.output().mse(), sm.weightsPb());
    for (ScoredSample s : samples) {
      addShape(histograms, s.name(), binning, s.output().mse(), s.weightsPb());
    }
    PlotLayout layout =
        PlotLayout.of(title, "mse", "normalised to unit area").withLogX().withLogY();
    return new HistogramPanel(layout, histograms);
  }

  private static Path featurePlots(Path png, ScoredSample sm, List<ScoredSample> eft)
      throws IOException {
    ScoredSample other = featureComparisonSample(eft);
    List<HistogramPanel> panels = new ArrayList<>();
    for (Observable o : Observable.values()) {
      panels.add(featurePanel(o, sm, other));
    }
    String title =
        "Input against reconstruction (scaled features): SM test"
            + (other == null ? "" : " and " + other.name());
    Plots.writeHistogramGrid(png, title, panels, 4, 420, 300);
    return png;
  }

  /** The EFT sample shown beside SM in the feature plots: the first QUAD, else any positive one. */
  static ScoredSample featureComparisonSample(List<ScoredSample> eft) {
    for (ScoredSample s : eft) {
      if (s.role() == SampleRole.QUAD && s.totalWeightPb() > 0) {
        return s;
      }
    }
    for (ScoredSample s : eft) {
      if (s.totalWeightPb() > 0) {
        return s;
      }
    }
    return null;
  }

  private static HistogramPanel featurePanel(Observable o, ScoredSample sm, ScoredSample other) {
    List<float[]> inputs = new ArrayList<>();
    inputs.add(column(sm.scaledInput(), o));
    if (other != null) {
      inputs.add(column(other.scaledInput(), o));
    }
    Binning binning = Binning.uniformCovering(FEATURE_BINS, inputs.toArray(new float[0][]));
    List<LabelledHistogram> h = new ArrayList<>();
    addShape(h, "SM input", binning, column(sm.scaledInput(), o), sm.weightsPb());
    addShape(h, "SM reco", binning, column(sm.output().reconstruction(), o), sm.weightsPb());
    if (other != null) {
      addShape(
          h, other.name() + " input", binning, column(other.scaledInput(), o), other.weightsPb());
      addShape(
          h,
          other.name() + " reco",
          binning,
          column(other.output().reconstruction(), o),
          other.weightsPb());
    }
    String unit = o.logScaled() ? "log10(" + o.featureName() + "/GeV)" : o.featureName();
    return new HistogramPanel(PlotLayout.of(o.featureName(), unit + ", min-max scaled", "a.u."), h);
  }

  private static void addShape(
      List<LabelledHistogram> into, String label, Binning b, float[] values, double[] weights) {
    WeightedHistogram h = WeightedHistogram.of(b, values, weights);
    if (h.inRangeSum() > 0) {
      into.add(new LabelledHistogram(label, h.normalisedToUnitArea()));
    }
  }

  private static float[] column(float[] rowMajor, Observable o) {
    int n = rowMajor.length / Observable.COUNT;
    float[] c = new float[n];
    for (int i = 0; i < n; i++) {
      c[i] = rowMajor[i * Observable.COUNT + o.ordinal()];
    }
    return c;
  }

  private static boolean rocCurves(Path png, List<ScoredSample> eft) throws IOException {
    List<LabelledRoc> curves = new ArrayList<>();
    for (ScoredSample s : eft) {
      if (s.roc() != null) {
        curves.add(new LabelledRoc(s.name(), s.roc()));
      }
    }
    if (curves.isEmpty()) {
      return false;
    }
    PlotLayout layout =
        PlotLayout.of(
            "ROC of the reconstruction error: EFT samples against SM test events",
            "SM efficiency (weighted)",
            "EFT efficiency (signed weights)");
    Plots.writeRocCurves(png, layout, curves);
    return true;
  }

  private static Path historyCsv(Path csv, TrainingHistory history) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write(
          "epoch,train_loss,train_mse,train_kld,validation_loss,validation_mse,validation_kld,"
              + "validation_scoring_mse,seconds,events_per_second,best_so_far\n");
      for (EpochReport r : history.epochs()) {
        w.write(
            String.format(
                Locale.ROOT,
                "%d,%.8g,%.8g,%.8g,%.8g,%.8g,%.8g,%.8g,%.4f,%.1f,%b%n",
                r.epoch(),
                r.trainLoss(),
                r.trainMse(),
                r.trainKld(),
                r.validationLoss(),
                r.validationMse(),
                r.validationKld(),
                r.validationScoringMse(),
                r.seconds(),
                r.eventsPerSecond(),
                r.improved()));
      }
    }
    return csv;
  }

  /** Per-event mse and kld of the SM test events and every EFT sample (not the combinations). */
  private static Path scoresCsv(Path csv, ScoredSample sm, List<ScoredSample> eft)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("sample,role,operator,file,event_id,weight_pb,mse,kld\n");
      writeRows(w, sm);
      for (ScoredSample s : eft) {
        if (!s.combination()) {
          writeRows(w, s);
        }
      }
    }
    return csv;
  }

  private static void writeRows(BufferedWriter w, ScoredSample s) throws IOException {
    String prefix = samplePrefix(s.name(), s.role(), s.operator());
    for (int i = 0; i < s.size(); i++) {
      writeEventStart(w, prefix, s.files()[i], s.ids()[i], s.weightsPb()[i]);
      w.write(Float.toString(s.output().mse()[i]));
      w.write(',');
      w.write(Float.toString(s.output().kld()[i]));
      w.write('\n');
    }
  }

  /** The sample, role and operator columns of a per-event row, each followed by a comma. */
  static String samplePrefix(String sample, SampleRole role, String operator) {
    return csvField(sample) + "," + role + "," + operator + ",";
  }

  /**
   * Writes the first columns of a per-event row: {@code prefix} (from {@link #samplePrefix}), the
   * event's file, id and weight in pb, each followed by a comma.
   */
  static void writeEventStart(
      BufferedWriter w, String prefix, String file, long id, double weightPb) throws IOException {
    w.write(prefix);
    w.write(csvField(file));
    w.write(',');
    w.write(Long.toString(id));
    w.write(',');
    w.write(Double.toString(weightPb));
    w.write(',');
  }

  static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
