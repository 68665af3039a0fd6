package org.vbsanomaly.trainer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.eval.Binning;
import org.vbsanomaly.trainer.eval.LabelledHistogram;
import org.vbsanomaly.trainer.eval.LabelledRoc;
import org.vbsanomaly.trainer.eval.PlotLayout;
import org.vbsanomaly.trainer.eval.Plots;
import org.vbsanomaly.trainer.eval.ReferenceLine;
import org.vbsanomaly.trainer.eval.ScoreCut;
import org.vbsanomaly.trainer.eval.Series;
import org.vbsanomaly.trainer.eval.WeightedHistogram;

/**
 * The plots and tables written next to a VAE+NN model (see {@link ClassifierTrainingRun} for the
 * file names). Histograms are weighted by the events' weights in pb and normalised to unit area; a
 * sample whose net weight is not positive is left out of them, as for the VAE.
 */
final class ClassifierOutputs {
  private static final int SCORE_BINS = 50;

  private ClassifierOutputs() {}

  static List<Path> write(
      Path modelFile,
      ClassifierHistory history,
      ClassifiedSample smTest,
      List<ClassifiedSample> eftTest,
      List<ScoreCut> cuts)
      throws IOException {
    String base = EvaluationOutputs.baseName(modelFile);
    List<Path> written = new ArrayList<>();
    written.add(lossCurves(modelFile.resolveSibling(base + "-loss.png"), history));
    written.add(scoreDistributions(modelFile.resolveSibling(base + "-score.png"), smTest, eftTest));
    Path roc = modelFile.resolveSibling(base + "-roc.png");
    if (rocCurves(roc, eftTest)) {
      written.add(roc);
    }
    written.add(historyCsv(modelFile.resolveSibling(base + "-history.csv"), history));
    written.add(scoresCsv(modelFile.resolveSibling(base + "-scores.csv"), smTest, eftTest));
    return written;
  }

  private static Path lossCurves(Path png, ClassifierHistory history) throws IOException {
    int n = history.epochsRun();
    double[] epoch = new double[n];
    double[] train = new double[n];
    double[] validation = new double[n];
    double[] trainBce = new double[n];
    double[] validationBce = new double[n];
    double[] validationVae = new double[n];
    for (int i = 0; i < n; i++) {
      ClassifierEpochReport r = history.epochs().get(i);
      epoch[i] = r.epoch();
      train[i] = r.trainLoss();
      validation[i] = r.validationLoss();
      trainBce[i] = r.trainBce();
      validationBce[i] = r.validationBce();
      validationVae[i] = r.validationVaeTerm();
    }
    List<Series> series =
        List.of(
            new Series("training objective (VAE term + lambda BCE)", epoch, train),
            new Series("validation objective", epoch, validation),
            new Series("training BCE", epoch, trainBce),
            new Series("validation BCE", epoch, validationBce),
            new Series("validation VAE term (mse + beta kld, SM)", epoch, validationVae));
    PlotLayout layout =
        PlotLayout.of(
                "VAE+NN loss per epoch (best epoch " + history.bestEpoch() + ")", "epoch", "loss")
            .withLogY();
    Plots.writeLines(png, layout, series, List.<ReferenceLine>of());
    return png;
  }

  private static Path scoreDistributions(Path png, ClassifiedSample sm, List<ClassifiedSample> eft)
      throws IOException {
    Binning binning = Binning.uniform(SCORE_BINS, 0, 1);
    List<LabelledHistogram> h = new ArrayList<>();
    addShape(h, sm.name(), binning, sm.score(), sm.weightsPb());
    boolean hasQuad = eft.stream().anyMatch(s -> s.role() == SampleRole.QUAD);
    for (ClassifiedSample s : eft) {
      boolean plainLin = s.role() == SampleRole.LIN && !s.combination();
      if (s.totalWeightPb() > 0 && !(plainLin && hasQuad)) {
        addShape(h, s.name() + " (test)", binning, s.score(), s.weightsPb());
      }
    }
    PlotLayout layout =
        PlotLayout.of("Classifier score of the VAE+NN model on test events", "score", "normalised")
            .withLogY();
    Plots.writeHistograms(png, layout, h);
    return png;
  }

  private static void addShape(
      List<LabelledHistogram> into, String label, Binning b, float[] values, double[] weights) {
    WeightedHistogram h = WeightedHistogram.of(b, values, weights);
    if (h.inRangeSum() > 0) {
      into.add(new LabelledHistogram(label, h.normalisedToUnitArea()));
    }
  }

  private static boolean rocCurves(Path png, List<ClassifiedSample> eft) throws IOException {
    List<LabelledRoc> curves = new ArrayList<>();
    boolean hasQuad = eft.stream().anyMatch(s -> s.role() == SampleRole.QUAD);
    for (ClassifiedSample s : eft) {
      boolean plainLin = s.role() == SampleRole.LIN && !s.combination();
      // A plain LIN curve (signed efficiencies) is hard to read; its table row stays in the card.
      if (s.roc() != null && !(plainLin && hasQuad)) {
        curves.add(new LabelledRoc(s.name() + ": VAE+NN score", s.roc()));
        curves.add(new LabelledRoc(s.name() + ": VAE mse", s.vaeRoc()));
      }
    }
    if (curves.isEmpty()) {
      return false;
    }
    PlotLayout layout =
        PlotLayout.of(
            "ROC on test events: VAE+NN score against the starting VAE's mse",
            "SM efficiency (weighted)",
            "EFT efficiency (signed weights)");
    Plots.writeRocCurves(png, layout, curves);
    return true;
  }

  private static Path historyCsv(Path csv, ClassifierHistory history) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write(
          "epoch,train_loss,train_vae_term,train_bce,validation_loss,validation_vae_term,"
              + "validation_bce,validation_auc,seconds,events_per_second,best_so_far\n");
      for (ClassifierEpochReport r : history.epochs()) {
        w.write(
            String.format(
                Locale.ROOT,
                "%d,%.8g,%.8g,%.8g,%.8g,%.8g,%.8g,%.6f,%.4f,%.1f,%b%n",
                r.epoch(),
                r.trainLoss(),
                r.trainVaeTerm(),
                r.trainBce(),
                r.validationLoss(),
                r.validationVaeTerm(),
                r.validationBce(),
                r.validationAuc(),
                r.seconds(),
                r.eventsPerSecond(),
                r.improved()));
      }
    }
    return csv;
  }

  /** Per-event outputs of the SM and EFT test events (not the combination). */
  private static Path scoresCsv(Path csv, ClassifiedSample sm, List<ClassifiedSample> eft)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("sample,role,operator,file,event_id,weight_pb,score,mse,kld,vae_mse\n");
      writeRows(w, sm);
      for (ClassifiedSample s : eft) {
        if (!s.combination()) {
          writeRows(w, s);
        }
      }
    }
    return csv;
  }

  private static void writeRows(BufferedWriter w, ClassifiedSample s) throws IOException {
    String prefix = EvaluationOutputs.samplePrefix(s.name(), s.role(), s.operator());
    for (int i = 0; i < s.size(); i++) {
      EvaluationOutputs.writeEventStart(w, prefix, s.files()[i], s.ids()[i], s.weightsPb()[i]);
      w.write(Float.toString(s.score()[i]));
      w.write(',');
      w.write(Float.toString(s.mse()[i]));
      w.write(',');
      w.write(Float.toString(s.kld()[i]));
      w.write(',');
      w.write(Float.toString(s.vaeMse()[i]));
      w.write('\n');
    }
  }
}
