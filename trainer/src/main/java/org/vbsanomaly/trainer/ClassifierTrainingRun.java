package org.vbsanomaly.trainer;

import static org.vbsanomaly.trainer.RunSteps.collectingWarnings;
import static org.vbsanomaly.trainer.RunSteps.concat;
import static org.vbsanomaly.trainer.RunSteps.seconds;
import static org.vbsanomaly.trainer.RunSteps.toFloat;
import static org.vbsanomaly.trainer.RunSteps.trainingFile;
import static org.vbsanomaly.trainer.RunSteps.warnAboutDamage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.inference.model.ClassifierWeights;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.FeatureSpec;
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
import org.vbsanomaly.trainer.export.ClassifierModelCard;
import org.vbsanomaly.trainer.export.CodeVersion;
import org.vbsanomaly.trainer.export.ModelCard;
import org.vbsanomaly.trainer.export.WeightsConversion;
import org.vbsanomaly.trainer.tf.ClassifierArchitecture;
import org.vbsanomaly.trainer.tf.ClassifierPass;
import org.vbsanomaly.trainer.tf.JointSession;
import org.vbsanomaly.trainer.tf.VaeArchitecture;
import org.vbsanomaly.trainer.tf.VaeParameters;
import org.vbsanomaly.trainer.tf.VaeSession;

/**
 * A whole VAE+NN training, from a trained VAE and LHE files to an exported model with its card,
 * plots and tables: read and select, split, scale with the VAE's constants, train the VAE and the
 * classifier, evaluate on the test split, export, check the export, write the outputs.
 *
 * <p>Split. SM and EFT files are split alike: the test part by {@link
 * org.vbsanomaly.trainer.data.EventSplit} with the VAE's seed and test fraction (so the SM test
 * events are the VAE's own test events), the validation part by the second, independent hash of
 * {@link SmEvents}; only the fit parts train. Every SM and EFT file is recorded among the model's
 * training files, with its role and operator, so that the sensitivity study keeps their training
 * events out.
 *
 * <p>Evaluation. Thresholds are cuts on the score keeping 10%, 1% and 0.1% of the SM test weight.
 * Each EFT file's test events, and the LIN + QUAD combination (the EFT contribution at c = 1), get
 * the ROC curve of the score and, on the same events, that of the starting VAE's mse; signed
 * weights throughout, as in {@link VaeTrainingRun}.
 *
 * <p>Output files next to the model {@code NAME.onnx}: {@code NAME.md} (model card), {@code
 * NAME-loss.png}, {@code NAME-score.png}, {@code NAME-roc.png}, {@code NAME-history.csv} and {@code
 * NAME-scores.csv}.
 */
public final class ClassifierTrainingRun {
  /** Largest export disagreement (ONNX Runtime against TensorFlow) not warned of. */
  public static final double EXPORT_TOLERANCE = 1e-5;

  private ClassifierTrainingRun() {}

  /**
   * What to train.
   *
   * @param vaeFile the trained VAE's model file (for the record)
   * @param vae the trained VAE's weights and metadata, read from {@code vaeFile}
   * @param operator the operator of the EFT class, e.g. {@code cW}
   * @param sm SM files; at least one
   * @param eft the operator's LIN and QUAD files; at least one QUAD or LIN file
   * @param modelFile where the model goes, ending in {@code .onnx}
   * @param selection analysis selection applied to every file
   * @param options training options
   * @param writeOutputs write the plots and CSV files (the model and its card are always written)
   */
  public record Request(
      Path vaeFile,
      VaeWeights vae,
      String operator,
      List<SampleSpec> sm,
      List<SampleSpec> eft,
      Path modelFile,
      Selection selection,
      ClassifierOptions options,
      boolean writeOutputs) {
    public Request {
      sm = List.copyOf(sm);
      eft = List.copyOf(eft);
    }
  }

  /**
   * Runs the training.
   *
   * @throws IOException when a file cannot be read or written
   * @throws IllegalArgumentException when an input or option is unusable, before training starts
   * @throws TrainingException when training diverges
   * @throws ModelException when the exported model cannot be read back by ONNX Runtime
   */
  public static ClassifierReport run(Request request, TrainingListener listener)
      throws IOException, TrainingException, ModelException {
    long start = System.nanoTime();
    List<String> warnings = new ArrayList<>();
    TrainingListener withWarnings = collectingWarnings(listener, warnings);
    ClassifierOptions options = request.options();
    checkRequest(request);
    VaeArchitecture arch = WeightsConversion.architectureOf(request.vae());
    TrainingOptions vaeOptions = vaeOptions(request.vae().metadata(), arch);
    VaeParameters trainedVae = WeightsConversion.toVaeParameters(request.vae());
    warnOnSelection(request, withWarnings);

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
    String vaeSha = SampleLoader.sha256(request.vaeFile());
    warnAboutDamage(sm, eft, withWarnings);
    double reading = seconds(t);

    listener.stage("splitting and scaling with the VAE's constants");
    t = System.nanoTime();
    FeatureScaling scaling = scalingOf(request.vae().metadata());
    SmEvents smEvents = new SmEvents(sm, vaeOptions.testSplit(), vaeOptions.validationFraction());
    SmEvents eftEvents = new SmEvents(eft, vaeOptions.testSplit(), vaeOptions.validationFraction());
    TrainingData data = TrainingData.of(smEvents, eftEvents, scaling, options.linWeighting());
    double preprocessing = seconds(t);

    listener.stage(
        "training "
            + (options.freezeVae() ? "the classifier on the frozen VAE" : "VAE and classifier")
            + " (VAE start: "
            + options.vaeStart().optionValue()
            + ")");
    ClassifierHistory history =
        ClassifierTrainer.train(data.inputs(), trainedVae, vaeOptions, options, listener);

    listener.stage("evaluating on the test split");
    t = System.nanoTime();
    ClassifierArchitecture head = options.architecture(arch.leakyAlpha());
    Evaluation evaluation =
        evaluate(data, smEvents, eftEvents, history, trainedVae, vaeOptions, options, head);
    double evaluationSeconds = seconds(t);

    listener.stage("exporting " + request.modelFile());
    t = System.nanoTime();
    ModelMetadata metadata =
        metadata(request, vaeOptions, vaeSha, sm, eft, history, evaluation, data.counts());
    VaeWeights vaeWeights = WeightsConversion.toVaeWeights(arch, history.bestVae(), metadata);
    ClassifierWeights classifierWeights =
        WeightsConversion.toClassifierWeights(head, history.bestClassifier());
    OnnxModelWriter.write(vaeWeights, classifierWeights, request.modelFile());
    double[] diffs = crossCheck(request.modelFile(), evaluation);
    if (!(diffs[0] <= EXPORT_TOLERANCE
        && diffs[1] <= EXPORT_TOLERANCE
        && diffs[2] <= EXPORT_TOLERANCE)) {
      withWarnings.warning(
          String.format(
              Locale.ROOT,
              "the exported model disagrees with TensorFlow by up to %.3g (score), %.3g (mse) and"
                  + " %.3g (kld, relative) on the test events; tolerance %s",
              diffs[0],
              diffs[1],
              diffs[2],
              EXPORT_TOLERANCE));
    }
    double export = seconds(t);

    listener.stage("writing plots, tables and the model card");
    t = System.nanoTime();
    Path modelFile = request.modelFile();
    List<Path> outputs = new ArrayList<>();
    outputs.add(modelFile);
    if (request.writeOutputs()) {
      outputs.addAll(
          ClassifierOutputs.write(
              modelFile, history, evaluation.smTest(), evaluation.eftTest(), evaluation.cuts()));
    }
    Path card = ModelCard.path(modelFile);
    outputs.add(card);
    Timings timings =
        new Timings(
            reading,
            preprocessing,
            history.trainingSeconds(),
            evaluationSeconds,
            export,
            seconds(t),
            seconds(start));
    ClassifierReport report =
        new ClassifierReport(
            modelFile,
            outputs,
            metadata,
            request.vaeFile(),
            vaeSha,
            request.operator(),
            sm,
            eft,
            data.counts(),
            history,
            evaluation.cuts(),
            evaluation.smTest(),
            evaluation.eftTest(),
            diffs[0],
            diffs[1],
            diffs[2],
            timings,
            warnings);
    ClassifierModelCard.write(card, report, options, vaeOptions);
    return report;
  }

  // --- checks ----------------------------------------------------------------------------

  private static void checkRequest(Request request) throws IOException {
    if (request.sm().isEmpty()) {
      throw new IllegalArgumentException("no SM file given: training needs at least one (--sm)");
    }
    if (request.eft().isEmpty()) {
      throw new IllegalArgumentException(
          "no EFT file given: the classifier needs the operator's LIN and/or QUAD events"
              + " (--eft-lin, --eft-quad)");
    }
    for (SampleSpec s : request.eft()) {
      if (s.role() == SampleRole.SM || !s.operator().equals(request.operator())) {
        throw new IllegalArgumentException(
            "EFT sample "
                + s
                + " is not a LIN or QUAD sample of "
                + request.operator()
                + "; the EFT class is one operator");
      }
    }
    boolean quad = request.eft().stream().anyMatch(s -> s.role() == SampleRole.QUAD);
    if (!quad && request.options().linWeighting() == LinWeighting.NONE) {
      throw new IllegalArgumentException(
          "--lin-weights none leaves no EFT training event without a QUAD file (--eft-quad)");
    }
    String kind = request.vae().metadata().getModelKind();
    if (!kind.equals(OnnxModelContract.KIND_VAE)) {
      throw new IllegalArgumentException(
          request.vaeFile()
              + " is a '"
              + kind
              + "' model; the classifier builds on a plain VAE ('vae'), as trained by 'train'");
    }
    String name = request.modelFile().getFileName().toString();
    if (!name.endsWith(".onnx") || name.length() == ".onnx".length()) {
      throw new IllegalArgumentException(
          "model file " + request.modelFile() + " must be named NAME.onnx");
    }
    if (request
        .modelFile()
        .toAbsolutePath()
        .normalize()
        .equals(request.vaeFile().toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          "the output " + request.modelFile() + " would overwrite the VAE it starts from");
    }
    List<SampleSpec> all = new ArrayList<>(request.sm());
    all.addAll(request.eft());
    SampleLoader.requireReadable(all);
    Path dir = request.modelFile().toAbsolutePath().getParent();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory: cannot write the model there");
    }
  }

  /** The VAE's recorded options, with the architecture its weights actually have. */
  static TrainingOptions vaeOptions(ModelMetadata metadata, VaeArchitecture arch) {
    return TrainingOptions.fromMap(metadata.getOptionsMap()).toBuilder()
        .seed(metadata.getSeed())
        .hiddenSizes(arch.hiddenSizes())
        .latentDim(arch.latentDim())
        .leakyAlpha(arch.leakyAlpha())
        .outputActivation(arch.outputActivation())
        .build();
  }

  private static FeatureScaling scalingOf(ModelMetadata metadata) {
    double[] min = new double[metadata.getFeaturesCount()];
    double[] max = new double[min.length];
    for (int i = 0; i < min.length; i++) {
      FeatureSpec f = metadata.getFeatures(i);
      min[i] = f.getMin();
      max[i] = f.getMax();
    }
    return FeatureScaling.of(min, max);
  }

  private static void warnOnSelection(Request request, TrainingListener listener) {
    String trained = request.vae().metadata().getSelection();
    String applied = request.selection().describe();
    if (!trained.isEmpty() && !trained.equals(applied)) {
      listener.warning(
          "the VAE was trained with the selection '"
              + trained
              + "'; this training applies '"
              + applied
              + "' with the VAE's scaling constants");
    }
  }

  // --- data --------------------------------------------------------------------------------

  /** The rows of each class and part, and the samples the trainer takes. */
  private record TrainingData(
      FeatureScaling scaling,
      int[] smFit,
      int[] smValidation,
      int[] smTest,
      int[] eftFit,
      int[] eftValidation,
      int[] eftTest,
      ClassifierTrainer.Inputs inputs,
      ClassifierReport.EventCounts counts) {

    static TrainingData of(
        SmEvents sm, SmEvents eft, FeatureScaling scaling, LinWeighting linWeighting) {
      int[] smFit = sm.rows(Partition.FIT);
      int[] smVal = sm.rows(Partition.VALIDATION);
      int[] eftFit = trainable(eft, eft.rows(Partition.FIT), linWeighting);
      int[] eftVal = trainable(eft, eft.rows(Partition.VALIDATION), linWeighting);
      requireEvents("SM fit", smFit);
      requireEvents("SM validation", smVal);
      requireEvents("EFT fit", eftFit);
      requireEvents("EFT validation", eftVal);
      int[] smTest = sm.rows(Partition.TEST);
      int[] eftTest = eft.rows(Partition.TEST);
      ClassifierTrainer.Inputs inputs =
          new ClassifierTrainer.Inputs(
              new ClassifierTrainer.Sample(sm.scaled(scaling, smFit), sm.weightsPb(smFit)),
              new ClassifierTrainer.Sample(sm.scaled(scaling, smVal), sm.weightsPb(smVal)),
              new ClassifierTrainer.Sample(
                  eft.scaled(scaling, eftFit), trainingWeights(eft, eftFit, linWeighting)),
              new ClassifierTrainer.Sample(
                  eft.scaled(scaling, eftVal), trainingWeights(eft, eftVal, linWeighting)));
      return new TrainingData(
          scaling,
          smFit,
          smVal,
          smTest,
          eftFit,
          eftVal,
          eftTest,
          inputs,
          new ClassifierReport.EventCounts(
              smFit.length,
              smVal.length,
              smTest.length,
              eftFit.length,
              eftVal.length,
              eftTest.length));
    }

    /** The rows that train: all, less the LIN events when they are left out. */
    private static int[] trainable(SmEvents eft, int[] rows, LinWeighting linWeighting) {
      if (linWeighting != LinWeighting.NONE) {
        return rows;
      }
      return Arrays.stream(rows).filter(r -> eft.file(r).spec().role() != SampleRole.LIN).toArray();
    }

    private static double[] trainingWeights(SmEvents eft, int[] rows, LinWeighting linWeighting) {
      double[] w = eft.weightsPb(rows);
      for (int i = 0; i < rows.length; i++) {
        if (eft.file(rows[i]).spec().role() == SampleRole.LIN) {
          w[i] = linWeighting.trainingWeight(w[i]);
        }
      }
      return w;
    }

    private static void requireEvents(String what, int[] rows) {
      if (rows.length == 0) {
        throw new IllegalArgumentException(
            "the split leaves no " + what + " events; give more events");
      }
    }
  }

  // --- evaluation --------------------------------------------------------------------------

  /** The test events scored, the cuts on the score, and the raw inputs for the export check. */
  private record Evaluation(
      ClassifiedSample smTest,
      List<ClassifiedSample> eftTest,
      List<ScoreCut> cuts,
      float[] rawTest,
      ClassifierPass tfTest) {}

  private static Evaluation evaluate(
      TrainingData data,
      SmEvents sm,
      SmEvents eft,
      ClassifierHistory history,
      VaeParameters trainedVae,
      TrainingOptions vae,
      ClassifierOptions options,
      ClassifierArchitecture head) {
    int[] smRows = data.smTest();
    int[] eftRows = data.eftTest();
    float[] x = concat(sm.scaled(data.scaling(), smRows), eft.scaled(data.scaling(), eftRows));
    int n = smRows.length + eftRows.length;
    ClassifierPass pass;
    try (JointSession session =
        new JointSession(
            vae.architecture(),
            history.bestVae(),
            head,
            history.bestClassifier(),
            vae.beta(),
            options.bceWeight(),
            options.learningRate(),
            false)) {
      pass = session.forward(x, n);
    }
    float[] vaeMse;
    try (VaeSession session =
        new VaeSession(vae.architecture(), trainedVae, vae.beta(), vae.learningRate())) {
      vaeMse = session.forward(x, n).mse();
    }
    ClassifiedSample smTest =
        sample("SM test", SampleRole.SM, "", sm, smRows, 0, pass, vaeMse, false);
    List<ClassifiedSample> eftTest = new ArrayList<>();
    List<Integer> linAndQuad = new ArrayList<>();
    for (LoadedSample file : eft.files()) {
      List<Integer> mine = new ArrayList<>();
      for (int i = 0; i < eftRows.length; i++) {
        if (eft.file(eftRows[i]) == file) {
          mine.add(i);
        }
      }
      linAndQuad.addAll(mine);
      eftTest.add(eftSample(file.spec(), eft, eftRows, mine, smRows.length, pass, vaeMse, false));
    }
    boolean both =
        eft.files().stream().anyMatch(f -> f.spec().role() == SampleRole.LIN)
            && eft.files().stream().anyMatch(f -> f.spec().role() == SampleRole.QUAD);
    if (both) {
      SampleSpec any = eft.files().get(0).spec();
      SampleSpec combined =
          new SampleSpec(
              any.operator() + " lin+quad (c=1)", any.file(), SampleRole.LIN, any.operator());
      eftTest.add(eftSample(combined, eft, eftRows, linAndQuad, smRows.length, pass, vaeMse, true));
    }
    WeightedScores smScores = smTest.scores();
    WeightedScores smMse = smTest.vaeMseScores();
    List<ClassifiedSample> withRocs = new ArrayList<>();
    for (ClassifiedSample s : eftTest) {
      withRocs.add(attachRocs(s, smScores, smMse));
    }
    List<ScoreCut> cuts = ScoreThresholds.standardCuts(smScores, Weighting.EVENT_WEIGHTS);
    float[] raw = toFloat(concat(sm.observables(smRows), eft.observables(eftRows)));
    return new Evaluation(smTest, withRocs, cuts, raw, pass);
  }

  private static ClassifiedSample eftSample(
      SampleSpec spec,
      SmEvents eft,
      int[] eftRows,
      List<Integer> picked,
      int offset,
      ClassifierPass pass,
      float[] vaeMse,
      boolean combination) {
    int[] rows = new int[picked.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = eftRows[picked.get(i)];
    }
    int[] at = new int[picked.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = offset + picked.get(i);
    }
    return sample(
        spec.name(), spec.role(), spec.operator(), eft, rows, at, pass, vaeMse, combination);
  }

  private static ClassifiedSample sample(
      String name,
      SampleRole role,
      String operator,
      SmEvents events,
      int[] rows,
      int offset,
      ClassifierPass pass,
      float[] vaeMse,
      boolean combination) {
    int[] at = new int[rows.length];
    for (int i = 0; i < at.length; i++) {
      at[i] = offset + i;
    }
    return sample(name, role, operator, events, rows, at, pass, vaeMse, combination);
  }

  /** A sample of the rows {@code rows} of {@code events}, scored at {@code at} of the pass. */
  private static ClassifiedSample sample(
      String name,
      SampleRole role,
      String operator,
      SmEvents events,
      int[] rows,
      int[] at,
      ClassifierPass pass,
      float[] vaeMse,
      boolean combination) {
    int n = rows.length;
    long[] ids = new long[n];
    String[] files = new String[n];
    float[] score = new float[n];
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] reference = new float[n];
    for (int i = 0; i < n; i++) {
      ids[i] = events.id(rows[i]);
      files[i] = events.file(rows[i]).spec().file().getFileName().toString();
      score[i] = pass.score()[at[i]];
      mse[i] = pass.vae().mse()[at[i]];
      kld[i] = pass.vae().kld()[at[i]];
      reference[i] = vaeMse[at[i]];
    }
    return new ClassifiedSample(
        name,
        role,
        operator,
        ids,
        files,
        events.weightsPb(rows),
        score,
        mse,
        kld,
        reference,
        null,
        null,
        "",
        combination);
  }

  private static ClassifiedSample attachRocs(
      ClassifiedSample s, WeightedScores smScores, WeightedScores smMse) {
    double total = s.totalWeightPb();
    if (!(total > 0) || s.size() == 0) {
      return s.withRocs(
          null,
          null,
          String.format(
              Locale.ROOT,
              "net weight %.4g pb is not positive: signed efficiencies are undefined",
              total));
    }
    return s.withRocs(RocCurve.of(smScores, s.scores()), RocCurve.of(smMse, s.vaeMseScores()), "");
  }

  // --- metadata and export check -----------------------------------------------------------

  private static ModelMetadata metadata(
      Request request,
      TrainingOptions vae,
      String vaeSha,
      List<LoadedSample> sm,
      List<LoadedSample> eft,
      ClassifierHistory history,
      Evaluation evaluation,
      ClassifierReport.EventCounts counts) {
    ModelMetadata v = request.vae().metadata();
    ModelMetadata.Builder m =
        ModelMetadata.newBuilder()
            .setFormatVersion(OnnxModelContract.FORMAT_VERSION)
            .setModelKind(OnnxModelContract.KIND_VAE_NN)
            .addAllFeatures(v.getFeaturesList())
            .setLatentDim(vae.latentDim())
            .setFlagVariable(OnnxModelContract.SCORE)
            .setSeed(vae.seed())
            .putAllOptions(options(request, vae, vaeSha))
            .setEpochsRun(history.epochsRun())
            .setBestEpoch(history.bestEpoch())
            .setFinalTrainLoss(history.bestReport().trainLoss())
            .setFinalValidationLoss(history.bestReport().validationLoss())
            .setCodeVersion(CodeVersion.describe())
            .setCreated(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
            .setClassifierOperator(request.operator())
            .setSelection(request.selection().describe());
    for (ScoreCut c : evaluation.cuts()) {
      m.addThresholds(
          Threshold.newBuilder().setSmEfficiency(c.targetFraction()).setValue(c.cut()).build());
    }
    // Every file whose events trained the model, EFT included: tools keep their training split
    // out of any evaluation.
    for (LoadedSample s : sm) {
      m.addTrainingFiles(trainingFile(s));
    }
    for (LoadedSample s : eft) {
      m.addTrainingFiles(trainingFile(s));
    }
    m.putMetrics("events.sm.fit", counts.smFit());
    m.putMetrics("events.sm.validation", counts.smValidation());
    m.putMetrics("events.sm.test", counts.smTest());
    m.putMetrics("events.eft.fit", counts.eftFit());
    m.putMetrics("events.eft.validation", counts.eftValidation());
    m.putMetrics("events.eft.test", counts.eftTest());
    m.putMetrics("validation.auc", history.bestReport().validationAuc());
    for (ClassifiedSample s : evaluation.eftTest()) {
      if (s.roc() != null) {
        String key = s.name().replace(' ', '_');
        m.putMetrics("auc." + key, s.auc());
        m.putMetrics("auc.vae_mse." + key, s.vaeAuc());
      }
    }
    return m.build();
  }

  /**
   * The options of this model by command-line name: the classifier training's, then the VAE's
   * architecture, seed, split and beta (still true of this model), then the VAE's own training
   * options prefixed {@code vae.}, and the VAE file with its hash.
   */
  private static Map<String, String> options(Request request, TrainingOptions vae, String vaeSha) {
    Map<String, String> m = new LinkedHashMap<>(request.options().asMap());
    m.put("operator", request.operator());
    Map<String, String> v = vae.asMap();
    for (String key :
        List.of(
            "seed",
            "test-fraction",
            "validation-fraction",
            "beta",
            "hidden",
            "latent",
            "leaky-alpha",
            "output-activation")) {
      m.put(key, v.get(key));
    }
    for (String key : List.of("epochs", "patience", "batch-size", "learning-rate")) {
      m.put("vae." + key, v.get(key));
    }
    m.put("vae", request.vaeFile().toString());
    m.put("vae-sha256", vaeSha);
    return m;
  }

  /**
   * Scores the test events of both classes with ONNX Runtime; returns the largest |diff| of the
   * score, of mse, and of kld relative to max(1, |kld|).
   */
  private static double[] crossCheck(Path modelFile, Evaluation e)
      throws IOException, ModelException {
    ClassifierPass tf = e.tfTest();
    int n = tf.rows();
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] score = new float[n];
    try (AnomalyModel model = AnomalyModel.open(modelFile)) {
      BatchScorer scorer = model.newBatchScorer(4096);
      scorer.score(e.rawTest(), null, n, mse, kld, score, null);
    }
    double ds = 0;
    double dm = 0;
    double dk = 0;
    for (int i = 0; i < n; i++) {
      ds = Math.max(ds, Math.abs(score[i] - tf.score()[i]));
      dm = Math.max(dm, Math.abs(mse[i] - tf.vae().mse()[i]));
      double k = tf.vae().kld()[i];
      dk = Math.max(dk, Math.abs(kld[i] - k) / Math.max(1, Math.abs(k)));
    }
    return new double[] {ds, dm, dk};
  }
}
