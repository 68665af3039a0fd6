package org.vbsanomaly.trainer;

import static org.vbsanomaly.trainer.RunSteps.collectingWarnings;
import static org.vbsanomaly.trainer.RunSteps.seconds;
import static org.vbsanomaly.trainer.RunSteps.trainingFile;
import static org.vbsanomaly.trainer.RunSteps.warnAboutDamage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;
import org.vbsanomaly.trainer.data.FeatureScaling;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.data.Partition;
import org.vbsanomaly.trainer.data.SampleLoader;
import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.data.SampleSpec;
import org.vbsanomaly.trainer.data.SmEvents;
import org.vbsanomaly.trainer.eval.RocCurve;
import org.vbsanomaly.trainer.eval.ScoreCut;
import org.vbsanomaly.trainer.eval.ScoreThresholds;
import org.vbsanomaly.trainer.eval.WeightedScores;
import org.vbsanomaly.trainer.eval.Weighting;
import org.vbsanomaly.trainer.export.CodeVersion;
import org.vbsanomaly.trainer.export.ModelCard;
import org.vbsanomaly.trainer.export.WeightsConversion;
import org.vbsanomaly.trainer.tf.ForwardPass;
import org.vbsanomaly.trainer.tf.VaeSession;

/**
 * A whole VAE training, from LHE files to an exported model with its card, plots and tables: read
 * and select, split, scale, train, evaluate, export, check the export, write the outputs.
 *
 * <p>All input problems (a missing file, a damaged or truncated file, too few selected events, a
 * duplicated sample name, an output path that is not {@code .onnx}) are found before training
 * starts and reported with the file they concern.
 *
 * <p>Evaluation. Thresholds are cuts on the per-event mse that keep 10%, 1% and 0.1% of the SM test
 * events, counted in event weights ({@link Weighting#EVENT_WEIGHTS}). ROC curves compare each EFT
 * sample with the SM test events, events weighted by their signed weights in pb. Negative weights
 * of LIN (interference) samples enter every sum with their sign, so a LIN sample's efficiency is
 * the fraction of its net interference yield above the cut; a LIN sample whose net weight is not
 * positive has no efficiency and gets no ROC curve (its row says so). When both the LIN and the
 * QUAD sample of an operator are given, the run also evaluates their sum, the EFT contribution at c
 * = 1 (SM + LIN + QUAD differs from SM by exactly LIN + QUAD), which is the physically meaningful
 * signal and has a positive total.
 *
 * <p>Output files next to the model {@code NAME.onnx}: {@code NAME.md} (model card), {@code
 * NAME-loss.png}, {@code NAME-mse.png}, {@code NAME-features.png}, {@code NAME-roc.png}, {@code
 * NAME-history.csv} (per-epoch losses) and {@code NAME-scores.csv} (per-event mse and kld of the SM
 * test events and of every EFT event).
 */
public final class VaeTrainingRun {
  /** Largest export disagreement (ONNX Runtime against TensorFlow, scaled space) not warned of. */
  public static final double EXPORT_TOLERANCE = 1e-5;

  private VaeTrainingRun() {}

  /**
   * What to train.
   *
   * @param sm SM files; at least one
   * @param eft EFT samples to evaluate against; may be empty
   * @param modelFile where the model goes, ending in {@code .onnx}
   * @param selection analysis selection applied to every file
   * @param options training options
   * @param writeOutputs write the plots and CSV files (the model and its card are always written)
   */
  public record Request(
      List<SampleSpec> sm,
      List<SampleSpec> eft,
      Path modelFile,
      Selection selection,
      TrainingOptions options,
      boolean writeOutputs) {
    public Request {
      sm = List.copyOf(sm);
      eft = List.copyOf(eft);
    }
  }

  /**
   * Runs the training.
   *
   * @throws IOException when a file cannot be read or written (a missing input as {@link
   *     java.nio.file.NoSuchFileException})
   * @throws IllegalArgumentException when an input or option is unusable, before training starts
   * @throws TrainingException when training diverges
   * @throws ModelException when the exported model cannot be read back by ONNX Runtime
   */
  public static TrainingReport run(Request request, TrainingListener listener)
      throws IOException, TrainingException, ModelException {
    long start = System.nanoTime();
    List<String> warnings = new ArrayList<>();
    TrainingListener withWarnings = collectingWarnings(listener, warnings);
    TrainingOptions options = request.options();
    checkRequest(request);

    listener.stage("reading and selecting events");
    long t = System.nanoTime();
    SampleLoader loader =
        new SampleLoader(request.selection(), options.minSelected(), options.allowDamaged());
    List<LoadedSample> sm = loader.loadSm(request.sm());
    sm.forEach(listener::sampleLoaded);
    List<LoadedSample> eft = new ArrayList<>();
    for (SampleSpec spec : request.eft()) {
      LoadedSample s = loader.load(spec);
      eft.add(s);
      listener.sampleLoaded(s);
    }
    warnAboutDamage(sm, eft, withWarnings);
    double reading = seconds(t);

    listener.stage("splitting and scaling");
    t = System.nanoTime();
    SmEvents events = new SmEvents(sm, options.testSplit(), options.validationFraction());
    requirePartitions(events, options);
    FeatureScaling scaling = FeatureScaling.fit(observables(events), events.trainingSplitMask());
    int[] fitRows = events.rows(Partition.FIT);
    int[] validationRows = events.rows(Partition.VALIDATION);
    int[] testRows = events.rows(Partition.TEST);
    float[] fitX = events.scaled(scaling, fitRows);
    float[] validationX = events.scaled(scaling, validationRows);
    float[] testX = events.scaled(scaling, testRows);
    double preprocessing = seconds(t);

    listener.stage("training");
    TrainingHistory history = VaeTrainer.train(fitX, validationX, options, listener);

    listener.stage("evaluating");
    t = System.nanoTime();
    ScoredSample smTest;
    List<ScoredSample> eftScored = new ArrayList<>();
    try (VaeSession session =
        new VaeSession(
            options.architecture(), history.best(), options.beta(), options.learningRate())) {
      smTest = smTestSample(events, testRows, testX, session);
      for (LoadedSample s : eft) {
        eftScored.add(eftSample(s, scaling, session));
      }
    }
    WeightedScores smScores = smTest.mseScores();
    List<ScoreCut> thresholds = ScoreThresholds.standardCuts(smScores, Weighting.EVENT_WEIGHTS);
    List<ScoredSample> withRocs = new ArrayList<>();
    for (ScoredSample s : eftScored) {
      withRocs.add(attachRoc(s, smScores));
    }
    for (ScoredSample combined : linPlusQuad(eftScored)) {
      withRocs.add(attachRoc(combined, smScores));
    }
    double evaluation = seconds(t);

    listener.stage("exporting " + request.modelFile());
    t = System.nanoTime();
    Path modelFile = request.modelFile();
    int testCount = testRows.length;
    ModelMetadata metadata =
        metadata(request, scaling, sm, history, thresholds, withRocs, events, testCount);
    VaeWeights weights =
        WeightsConversion.toVaeWeights(options.architecture(), history.best(), metadata);
    OnnxModelWriter.write(weights, null, modelFile);
    double[] diffs = crossCheck(modelFile, events.observables(testRows), smTest.output());
    if (!(diffs[0] <= EXPORT_TOLERANCE && diffs[2] <= EXPORT_TOLERANCE)) {
      withWarnings.warning(
          "the exported model disagrees with TensorFlow by up to "
              + diffs[0]
              + " (mse) and "
              + diffs[1]
              + " (kld) on the SM test events; tolerance "
              + EXPORT_TOLERANCE
              + " (relative to kld where kld > 1)");
    }
    double export = seconds(t);

    listener.stage("writing plots, tables and the model card");
    t = System.nanoTime();
    List<Path> outputs = new ArrayList<>();
    outputs.add(modelFile);
    Path card = ModelCard.path(modelFile);
    if (request.writeOutputs()) {
      outputs.addAll(
          EvaluationOutputs.write(modelFile, history, scaling, smTest, withRocs, thresholds));
    }
    outputs.add(card);
    double outputTime = seconds(t);
    Timings timings =
        new Timings(
            reading,
            preprocessing,
            history.trainingSeconds(),
            evaluation,
            export,
            outputTime,
            seconds(start));
    TrainingReport report =
        new TrainingReport(
            modelFile,
            outputs,
            metadata,
            sm,
            eft,
            fitRows.length,
            validationRows.length,
            testCount,
            history,
            thresholds,
            smTest,
            withRocs,
            diffs[0],
            diffs[1],
            timings,
            warnings);
    ModelCard.write(card, report, options);
    return report;
  }

  private static void checkRequest(Request request) throws IOException {
    if (request.sm().isEmpty()) {
      throw new IllegalArgumentException("no SM file given: training needs at least one (--sm)");
    }
    String name = request.modelFile().getFileName().toString();
    if (!name.endsWith(".onnx") || name.length() == ".onnx".length()) {
      throw new IllegalArgumentException(
          "model file " + request.modelFile() + " must be named NAME.onnx");
    }
    Set<String> names = new HashSet<>();
    for (SampleSpec s : request.eft()) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException(
            "EFT sample name '" + s.name() + "' is given twice; names label plots and metrics");
      }
    }
    List<SampleSpec> all = new ArrayList<>(request.sm());
    all.addAll(request.eft());
    SampleLoader.requireReadable(all);
    Path dir = request.modelFile().toAbsolutePath().getParent();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory: cannot write the model there");
    }
  }

  private static void requirePartitions(SmEvents events, TrainingOptions options) {
    for (Partition p : Partition.values()) {
      if (events.count(p) == 0) {
        throw new IllegalArgumentException(
            "the split of "
                + events.size()
                + " selected SM events leaves no "
                + p.name().toLowerCase(java.util.Locale.ROOT)
                + " events (test fraction "
                + options.testFraction()
                + ", validation fraction "
                + options.validationFraction()
                + "); give more SM events");
      }
    }
  }

  private static double[] observables(SmEvents events) {
    int[] all = new int[events.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return events.observables(all);
  }

  private static ScoredSample smTestSample(
      SmEvents events, int[] rows, float[] x, VaeSession session) {
    long[] ids = new long[rows.length];
    String[] files = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      ids[i] = events.id(rows[i]);
      files[i] = events.file(rows[i]).spec().file().getFileName().toString();
    }
    ForwardPass out = session.forward(x, rows.length);
    return new ScoredSample(
        "SM test", SampleRole.SM, "", ids, files, events.weightsPb(rows), x, out, null, "", false);
  }

  private static ScoredSample eftSample(
      LoadedSample s, FeatureScaling scaling, VaeSession session) {
    int n = s.size();
    int[] rows = new int[n];
    String[] files = new String[n];
    String file = s.spec().file().getFileName().toString();
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      files[i] = file;
    }
    float[] x = scaling.scale(s.observables(), rows);
    return new ScoredSample(
        s.spec().name(),
        s.spec().role(),
        s.spec().operator(),
        s.sample().ids(),
        files,
        s.weightsPb(),
        x,
        session.forward(x, n),
        null,
        "",
        false);
  }

  /** For each operator with both a LIN and a QUAD sample, their union (the EFT part at c = 1). */
  static List<ScoredSample> linPlusQuad(List<ScoredSample> samples) {
    Map<String, ScoredSample> lin = new LinkedHashMap<>();
    Map<String, ScoredSample> quad = new LinkedHashMap<>();
    for (ScoredSample s : samples) {
      (s.role() == SampleRole.LIN ? lin : quad).putIfAbsent(s.operator(), s);
    }
    List<ScoredSample> out = new ArrayList<>();
    for (Map.Entry<String, ScoredSample> e : lin.entrySet()) {
      ScoredSample q = quad.get(e.getKey());
      if (q != null) {
        out.add(concat(e.getKey() + " lin+quad (c=1)", e.getValue(), q));
      }
    }
    return out;
  }

  private static ScoredSample concat(String name, ScoredSample a, ScoredSample b) {
    int na = a.size();
    int nb = b.size();
    ForwardPass out =
        new ForwardPass(
            RunSteps.concat(a.output().mse(), b.output().mse()),
            RunSteps.concat(a.output().kld(), b.output().kld()),
            RunSteps.concat(a.output().latentMean(), b.output().latentMean()),
            RunSteps.concat(a.output().reconstruction(), b.output().reconstruction()));
    long[] ids = new long[na + nb];
    System.arraycopy(a.ids(), 0, ids, 0, na);
    System.arraycopy(b.ids(), 0, ids, na, nb);
    String[] files = new String[na + nb];
    System.arraycopy(a.files(), 0, files, 0, na);
    System.arraycopy(b.files(), 0, files, na, nb);
    double[] w = new double[na + nb];
    System.arraycopy(a.weightsPb(), 0, w, 0, na);
    System.arraycopy(b.weightsPb(), 0, w, na, nb);
    return new ScoredSample(
        name,
        SampleRole.LIN,
        a.operator(),
        ids,
        files,
        w,
        RunSteps.concat(a.scaledInput(), b.scaledInput()),
        out,
        null,
        "",
        true);
  }

  private static ScoredSample attachRoc(ScoredSample s, WeightedScores sm) {
    double total = s.totalWeightPb();
    if (!(total > 0)) {
      return s.withRoc(
          null,
          String.format(
              java.util.Locale.ROOT,
              "net weight %.4g pb is not positive: signed efficiencies are undefined",
              total));
    }
    return s.withRoc(RocCurve.of(sm, s.mseScores()), "");
  }

  private static ModelMetadata metadata(
      Request request,
      FeatureScaling scaling,
      List<LoadedSample> sm,
      TrainingHistory history,
      List<ScoreCut> thresholds,
      List<ScoredSample> scored,
      SmEvents events,
      int testCount) {
    TrainingOptions options = request.options();
    ModelMetadata.Builder m =
        ModelMetadata.newBuilder()
            .setFormatVersion(OnnxModelContract.FORMAT_VERSION)
            .setModelKind(OnnxModelContract.KIND_VAE)
            .addAllFeatures(scaling.featureSpecs())
            .setLatentDim(options.latentDim())
            .setFlagVariable("mse")
            .setSeed(options.seed())
            .putAllOptions(options.asMap())
            .setEpochsRun(history.epochsRun())
            .setBestEpoch(history.bestEpoch())
            .setFinalTrainLoss(history.bestReport().trainLoss())
            .setFinalValidationLoss(history.bestReport().validationLoss())
            .setCodeVersion(CodeVersion.describe())
            .setCreated(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
            .setSelection(request.selection().describe());
    for (ScoreCut c : thresholds) {
      m.addThresholds(
          Threshold.newBuilder().setSmEfficiency(c.targetFraction()).setValue(c.cut()).build());
    }
    // Only files whose events trained the model: tools keep those files' training split out of
    // any evaluation. The EFT files evaluated here are named in the model card instead.
    for (LoadedSample s : sm) {
      m.addTrainingFiles(trainingFile(s));
    }
    m.putMetrics("events.fit", events.count(Partition.FIT));
    m.putMetrics("events.validation", events.count(Partition.VALIDATION));
    m.putMetrics("events.test", testCount);
    for (ScoredSample s : scored) {
      if (s.roc() != null) {
        m.putMetrics("auc." + s.name().replace(' ', '_'), s.auc());
      }
    }
    return m.build();
  }

  /**
   * Scores the SM test events with ONNX Runtime; returns the largest |diff| of mse, of kld, and of
   * kld relative to max(1, |kld|) (float32 carries about 7 digits, so a large kld agrees to fewer
   * absolute digits).
   */
  private static double[] crossCheck(Path modelFile, double[] observables, ForwardPass tf)
      throws IOException, ModelException {
    int n = tf.rows();
    float[] raw = RunSteps.toFloat(observables);
    float[] mse = new float[n];
    float[] kld = new float[n];
    try (AnomalyModel model = AnomalyModel.open(modelFile)) {
      BatchScorer scorer = model.newBatchScorer(4096);
      scorer.score(raw, null, n, mse, kld, null, null);
    }
    double dm = 0;
    double dk = 0;
    double dkRelative = 0;
    for (int i = 0; i < n; i++) {
      double d = Math.abs(kld[i] - tf.kld()[i]);
      dm = Math.max(dm, Math.abs(mse[i] - tf.mse()[i]));
      dk = Math.max(dk, d);
      dkRelative = Math.max(dkRelative, d / Math.max(1, Math.abs(tf.kld()[i])));
    }
    return new double[] {dm, dk, dkRelative};
  }
}
