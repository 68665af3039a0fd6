package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.ExportedWeights;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.trainer.ClassifiedSample;
import org.vbsanomaly.trainer.ClassifierEpochReport;
import org.vbsanomaly.trainer.ClassifierOptions;
import org.vbsanomaly.trainer.ClassifierReport;
import org.vbsanomaly.trainer.ClassifierTrainingRun;
import org.vbsanomaly.trainer.LinWeighting;
import org.vbsanomaly.trainer.TrainingException;
import org.vbsanomaly.trainer.TrainingOptions;
import org.vbsanomaly.trainer.VaeStart;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.data.SampleRole;
import org.vbsanomaly.trainer.data.SampleSpec;
import org.vbsanomaly.trainer.tf.ClassifierArchitecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly train-classifier}: trains the VAE+NN model on a trained VAE, SM files and one
 * operator's LIN and QUAD files, exports it to ONNX with its model card, and writes the plots and
 * tables next to it. Progress goes to stderr (a bar per epoch on a terminal, a line per epoch
 * otherwise); the summary goes to stdout.
 */
@Command(
    name = "train-classifier",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains the VAE+NN model: the VAE of --vae and a classifier on each event's (mse, kld),"
          + " with the VAE term on SM events and the binary cross-entropy of SM (label 0) against"
          + " the operator's LIN + QUAD events at c = 1 (label 1). Exports one ONNX model with the"
          + " extra output 'score', plus NAME.md (model card), loss curves, score distributions,"
          + " ROC curves (PNG) and per-event outputs (CSV) next to it.",
      "The VAE's preprocessing constants, seed, split and architecture are kept. SM and EFT files"
          + " are split alike (content hash); only their training part trains, and all are"
          + " recorded as training files so that 'sensitivity' uses their test split only."
    })
final class TrainClassifierCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--vae",
      required = true,
      paramLabel = "VAE.onnx",
      description = "The trained VAE (from 'train').")
  Path vaeFile;

  @Option(
      names = "--sm",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "SM LHE files (plain or .gz); several are combined as one process.")
  List<Path> smFiles;

  @Option(
      names = "--eft-lin",
      arity = "1..*",
      paramLabel = "FILE",
      description = "The operator's interference (LIN) sample at c = 1.")
  List<Path> linFiles = new ArrayList<>();

  @Option(
      names = "--eft-quad",
      arity = "1..*",
      paramLabel = "FILE",
      description = "The operator's quadratic (QUAD) sample at c = 1.")
  List<Path> quadFiles = new ArrayList<>();

  @Option(
      names = "--operator",
      defaultValue = "cW",
      paramLabel = "NAME",
      description = "The operator of the EFT files (default: ${DEFAULT-VALUE}).")
  String operator;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "MODEL.onnx",
      description = "The model file to write; the other outputs go beside it.")
  Path out;

  @Option(
      names = "--vae-start",
      paramLabel = "scratch|trained",
      converter = VaeStartConverter.class,
      description =
          "Train the VAE part jointly from fresh weights drawn from the VAE's seed (scratch, the"
              + " paper's single joint training; the default) or from the trained VAE's weights"
              + " (trained; the default with --freeze-vae).")
  VaeStart vaeStart;

  @Option(
      names = "--freeze-vae",
      description = "Keep the trained VAE's weights fixed and train the classifier alone.")
  boolean freezeVae;

  @Option(
      names = "--lin-weights",
      defaultValue = "abs",
      paramLabel = "abs|signed|none",
      converter = LinWeightingConverter.class,
      description =
          "How LIN events enter the EFT class: |weight| (abs), signed weights (signed), or not at"
              + " all (none) (default: ${DEFAULT-VALUE}).")
  LinWeighting linWeighting;

  @Option(
      names = "--epochs",
      defaultValue = "" + TrainingOptions.DEFAULT_MAX_EPOCHS,
      paramLabel = "N",
      description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--patience",
      defaultValue = "" + TrainingOptions.DEFAULT_PATIENCE,
      paramLabel = "N",
      description =
          "Stop after N epochs without a better validation loss (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--batch-size",
      defaultValue = "" + TrainingOptions.DEFAULT_BATCH_SIZE,
      paramLabel = "N",
      description = "SM and EFT events each per mini-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "" + TrainingOptions.DEFAULT_LEARNING_RATE,
      paramLabel = "LR",
      description = "Adam step size (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(
      names = "--bce-weight",
      defaultValue = "" + ClassifierOptions.DEFAULT_BCE_WEIGHT,
      paramLabel = "W",
      description = "Weight of the cross-entropy against the VAE term (default: ${DEFAULT-VALUE}).")
  float bceWeight;

  @Option(
      names = "--classifier-hidden",
      defaultValue = "" + ClassifierOptions.DEFAULT_HIDDEN_WIDTH,
      paramLabel = "N",
      description = "Units of the classifier's hidden layer (default: ${DEFAULT-VALUE}).")
  int classifierHidden;

  @Option(
      names = "--classifier-activation",
      defaultValue = "relu",
      paramLabel = "relu|leaky-relu",
      converter = ActivationConverter.class,
      description = "Hidden activation of the classifier (default: ${DEFAULT-VALUE}).")
  Activation classifierActivation;

  @Option(
      names = "--min-selected",
      defaultValue = "" + TrainingOptions.DEFAULT_MIN_SELECTED,
      paramLabel = "N",
      description = "Refuse a file with fewer selected events (default: ${DEFAULT-VALUE}).")
  int minSelected;

  @Option(
      names = "--allow-damaged",
      description = "Skip damaged events instead of refusing their file.")
  boolean allowDamaged;

  @Mixin CutOptions cuts;

  @Option(names = "--no-plots", description = "Write only the model and its card.")
  boolean noPlots;

  @Override
  public Integer call() throws IOException, ModelException {
    ClassifierOptions options = options();
    List<SampleSpec> eft = eftSpecs();
    ExportedWeights vae = readVae();
    Selection selection = cuts.selection();
    List<SampleSpec> sm = smFiles.stream().map(SampleSpec::sm).toList();
    ClassifierTrainingRun.Request request =
        new ClassifierTrainingRun.Request(
            vaeFile, vae.vae(), operator, sm, eft, out, selection, options, !noPlots);
    PrintWriter err = spec.commandLine().getErr();
    ClassifierReport report;
    try (Progress progress = new Progress(err, System.console() != null)) {
      report = ClassifierTrainingRun.run(request, progress);
    } catch (TrainingException e) {
      err.println("error: training failed: " + e.getMessage());
      return 1;
    }
    printSummary(spec.commandLine().getOut(), report);
    return 0;
  }

  ClassifierOptions options() {
    return ClassifierOptions.builder()
        .maxEpochs(epochs)
        .patience(patience)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .bceWeight(bceWeight)
        .hiddenWidth(classifierHidden)
        .hiddenActivation(classifierActivation)
        .vaeStart(vaeStart)
        .freezeVae(freezeVae)
        .linWeighting(linWeighting)
        .minSelected(minSelected)
        .allowDamaged(allowDamaged)
        .build();
  }

  /** The LIN and QUAD specs; a file whose name names another operator or role is refused. */
  List<SampleSpec> eftSpecs() {
    if (operator.isBlank()) {
      throw new IllegalArgumentException("--operator is empty; give the operator, e.g. cW");
    }
    if (linFiles.isEmpty() && quadFiles.isEmpty()) {
      throw new IllegalArgumentException(
          "no EFT file: give the operator's samples with --eft-lin and/or --eft-quad");
    }
    List<SampleSpec> specs = new ArrayList<>();
    addSpecs(specs, linFiles, SampleRole.LIN);
    addSpecs(specs, quadFiles, SampleRole.QUAD);
    return specs;
  }

  private void addSpecs(List<SampleSpec> into, List<Path> files, SampleRole role) {
    String suffix = role.name().toLowerCase(Locale.ROOT);
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      checkFileName(f, role);
      String name = operator + "_" + suffix + (i == 0 ? "" : "_" + (i + 1));
      into.add(new SampleSpec(name, f, role, operator));
    }
  }

  /** Refuses e.g. {@code --eft-lin ssww_cHW_quad.lhe.gz} with {@code --operator cW}. */
  private void checkFileName(Path file, SampleRole role) {
    SampleSpec fromName;
    try {
      fromName = SampleSpec.eft("x", file);
    } catch (IllegalArgumentException e) {
      return; // the file name says nothing; trust the option
    }
    if (fromName.role() != role || !fromName.operator().equals(operator)) {
      throw new IllegalArgumentException(
          file
              + " is named as a "
              + fromName.role()
              + " sample of "
              + fromName.operator()
              + ", but was given as the "
              + role
              + " sample of "
              + operator
              + " (--operator "
              + operator
              + ")");
    }
  }

  private ExportedWeights readVae() throws IOException {
    try {
      return ExportedWeights.read(vaeFile);
    } catch (ModelFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static void printSummary(PrintWriter out, ClassifierReport r) {
    ClassifierReport.EventCounts c = r.counts();
    out.printf(Locale.ROOT, "model: %s (built on %s)%n", r.modelFile(), r.vaeFile());
    out.printf(
        Locale.ROOT,
        "SM events: %d fit, %d validation, %d test; %s events: %d fit, %d validation, %d test%n",
        c.smFit(),
        c.smValidation(),
        c.smTest(),
        r.operator(),
        c.eftFit(),
        c.eftValidation(),
        c.eftTest());
    TrainingConsole.printEpochs(
        out, r.history().epochsRun(), r.history().bestEpoch(), r.history().stopReason());
    ClassifierEpochReport best = r.history().bestReport();
    out.printf(
        Locale.ROOT,
        "best epoch: training %.6g, validation %.6g (BCE %.6g, AUC %.4f)%n",
        best.trainLoss(),
        best.validationLoss(),
        best.validationBce(),
        best.validationAuc());
    TrainingConsole.printThresholds(out, "score", r.thresholds());
    for (ClassifiedSample s : r.eftTest()) {
      if (s.roc() == null) {
        out.printf(Locale.ROOT, "AUC %-22s n/a (%s)%n", s.name(), s.note());
      } else {
        out.printf(
            Locale.ROOT, "AUC %-22s score %.4f, VAE mse %.4f%n", s.name(), s.auc(), s.vaeAuc());
      }
    }
    out.printf(
        Locale.ROOT,
        "export check (ONNX Runtime vs TensorFlow, test events): max |d score| %.3g,"
            + " max |d mse| %.3g, max rel. |d kld| %.3g%n",
        r.exportMaxAbsDiffScore(),
        r.exportMaxAbsDiffMse(),
        r.exportMaxRelDiffKld());
    TrainingConsole.printClosing(out, r.timings(), r.outputs(), r.warnings());
  }

  /** Progress on stderr: a bar per epoch on a terminal, one line per epoch otherwise. */
  static final class Progress extends TrainingConsole.Progress {

    Progress(PrintWriter err, boolean interactive) {
      super(err, interactive);
    }

    @Override
    String sampleLabel(LoadedSample s) {
      return s.spec().file() + " (" + s.spec().role() + ")";
    }

    @Override
    String startLine(int maxEpochs, int steps, int fitEvents, int validationEvents) {
      return String.format(
          Locale.ROOT,
          "  %d SM + EFT events to fit, %d steps per epoch, %d for validation, at most %d"
              + " epochs%n",
          fitEvents,
          steps,
          validationEvents,
          maxEpochs);
    }

    @Override
    public void classifierEpochFinished(ClassifierEpochReport r) {
      String best = r.improved() ? " *" : "";
      endEpoch(
          String.format(
              Locale.ROOT,
              "loss %.4g val %.4g auc %.3f%s",
              r.trainLoss(),
              r.validationLoss(),
              r.validationAuc(),
              best),
          String.format(
              Locale.ROOT,
              "  epoch %d/%d  loss %.5g  val %.5g  val-bce %.5g  val-auc %.4f  %.0f ev/s  %.2f"
                  + " s%s%n",
              r.epoch(),
              maxEpochs(),
              r.trainLoss(),
              r.validationLoss(),
              r.validationBce(),
              r.validationAuc(),
              r.eventsPerSecond(),
              r.seconds(),
              best));
    }
  }

  /** Parses scratch or trained. */
  static final class VaeStartConverter implements picocli.CommandLine.ITypeConverter<VaeStart> {
    @Override
    public VaeStart convert(String value) {
      return VaeStart.parse(value);
    }
  }

  /** Parses abs, signed or none. */
  static final class LinWeightingConverter
      implements picocli.CommandLine.ITypeConverter<LinWeighting> {
    @Override
    public LinWeighting convert(String value) {
      return LinWeighting.parse(value);
    }
  }

  /** Parses relu or leaky-relu. */
  static final class ActivationConverter implements picocli.CommandLine.ITypeConverter<Activation> {
    @Override
    public Activation convert(String value) {
      return ClassifierArchitecture.parseActivation(value);
    }
  }
}
