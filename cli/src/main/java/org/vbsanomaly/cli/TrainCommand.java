package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.trainer.EpochReport;
import org.vbsanomaly.trainer.ScoredSample;
import org.vbsanomaly.trainer.TrainingException;
import org.vbsanomaly.trainer.TrainingOptions;
import org.vbsanomaly.trainer.TrainingReport;
import org.vbsanomaly.trainer.VaeTrainingRun;
import org.vbsanomaly.trainer.data.EventSplit;
import org.vbsanomaly.trainer.data.SampleSpec;
import org.vbsanomaly.trainer.tf.OutputActivation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly train}: trains the VAE on SM LHE files with TensorFlow, exports it to ONNX
 * with its model card, and writes the evaluation plots and tables next to it. Progress goes to
 * stderr (a bar per epoch on a terminal, a line per epoch otherwise); the summary goes to stdout.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains the variational autoencoder on SM events and exports it as one ONNX model with"
          + " its metadata, plus NAME.md (model card), loss curves, reconstruction-error"
          + " distributions, input against reconstructed features, ROC curves (PNG) and per-event"
          + " mse/kld (CSV) next to it.",
      "EFT samples (--eft) are only evaluated, never trained on. A sample's role comes from a"
          + " _lin or _quad suffix of its name or file name; LIN samples keep their signed"
          + " weights; when an operator's LIN and QUAD are both given, their sum (the EFT part"
          + " at c = 1) is evaluated too."
    })
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--sm",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "SM LHE files (plain or .gz); several are combined as one process.")
  List<Path> smFiles;

  @Option(
      names = "--eft",
      paramLabel = "NAME=FILE",
      description = "An EFT sample to evaluate, e.g. cW_quad=ssww_cW_quad.lhe.gz; repeat.")
  Map<String, Path> eftFiles = new LinkedHashMap<>();

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "MODEL.onnx",
      description = "The model file to write; the other outputs go beside it.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainingOptions.DEFAULT_SEED,
      description =
          "Seed of the split, initial weights, shuffling and noise (default: ${DEFAULT-VALUE}).")
  long seed;

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
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "" + TrainingOptions.DEFAULT_LEARNING_RATE,
      paramLabel = "LR",
      description = "Adam step size (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(
      names = "--beta",
      defaultValue = "" + TrainingOptions.DEFAULT_BETA,
      description = "Weight of the KL divergence in the loss (default: ${DEFAULT-VALUE}).")
  float beta;

  @Option(
      names = "--hidden",
      split = ",",
      defaultValue = "20,10,10,10,7",
      paramLabel = "W",
      description = "Encoder hidden widths; the decoder mirrors them (default: ${DEFAULT-VALUE}).")
  List<Integer> hidden;

  @Option(
      names = "--latent",
      defaultValue = "" + TrainingOptions.DEFAULT_LATENT_DIM,
      paramLabel = "N",
      description = "Latent size (default: ${DEFAULT-VALUE}).")
  int latent;

  @Option(
      names = "--leaky-alpha",
      defaultValue = "" + TrainingOptions.DEFAULT_LEAKY_ALPHA,
      paramLabel = "A",
      description = "LeakyReLU slope (default: ${DEFAULT-VALUE}).")
  float leakyAlpha;

  @Option(
      names = "--output-activation",
      defaultValue = "linear",
      paramLabel = "linear|sigmoid",
      converter = OutputActivationConverter.class,
      description = "Decoder output activation (default: ${DEFAULT-VALUE}).")
  OutputActivation outputActivation;

  @Option(
      names = "--test-fraction",
      defaultValue = "" + EventSplit.DEFAULT_TEST_FRACTION,
      paramLabel = "F",
      description = "SM fraction held out for testing (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(
      names = "--validation-fraction",
      defaultValue = "" + TrainingOptions.DEFAULT_VALIDATION_FRACTION,
      paramLabel = "F",
      description = "Training-split fraction held out for validation (default: ${DEFAULT-VALUE}).")
  double validationFraction;

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
    TrainingOptions options = options();
    Selection selection = cuts.selection();
    List<SampleSpec> sm = smFiles.stream().map(SampleSpec::sm).toList();
    List<SampleSpec> eft = new ArrayList<>();
    eftFiles.forEach((name, file) -> eft.add(SampleSpec.eft(name, file)));
    VaeTrainingRun.Request request =
        new VaeTrainingRun.Request(sm, eft, out, selection, options, !noPlots);
    PrintWriter err = spec.commandLine().getErr();
    TrainingReport report;
    try (ConsoleProgress progress = new ConsoleProgress(err, System.console() != null)) {
      report = VaeTrainingRun.run(request, progress);
    } catch (TrainingException e) {
      err.println("error: training failed: " + e.getMessage());
      return 1;
    }
    printSummary(spec.commandLine().getOut(), report);
    return 0;
  }

  TrainingOptions options() {
    return TrainingOptions.builder()
        .seed(seed)
        .testFraction(testFraction)
        .validationFraction(validationFraction)
        .maxEpochs(epochs)
        .patience(patience)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .beta(beta)
        .hiddenSizes(hidden)
        .latentDim(latent)
        .leakyAlpha(leakyAlpha)
        .outputActivation(outputActivation)
        .minSelected(minSelected)
        .allowDamaged(allowDamaged)
        .build();
  }

  static void printSummary(PrintWriter out, TrainingReport r) {
    out.printf(Locale.ROOT, "model: %s%n", r.modelFile());
    out.printf(
        Locale.ROOT,
        "SM events: %d fit, %d validation, %d test%n",
        r.fitEvents(),
        r.validationEvents(),
        r.testEvents());
    TrainingConsole.printEpochs(
        out, r.history().epochsRun(), r.history().bestEpoch(), r.history().stopReason());
    EpochReport best = r.history().bestReport();
    out.printf(
        Locale.ROOT,
        "best epoch losses: training %.6g, validation %.6g, validation mse (scoring) %.6g%n",
        best.trainLoss(),
        best.validationLoss(),
        best.validationScoringMse());
    TrainingConsole.printThresholds(out, "mse", r.thresholds());
    for (ScoredSample s : r.eftSamples()) {
      if (s.roc() == null) {
        out.printf(Locale.ROOT, "AUC %-22s n/a (%s)%n", s.name(), s.note());
      } else {
        out.printf(Locale.ROOT, "AUC %-22s %.4f%n", s.name(), s.auc());
      }
    }
    out.printf(
        Locale.ROOT,
        "export check (ONNX Runtime vs TensorFlow, SM test): max |d mse| %.3g, max |d kld| %.3g%n",
        r.exportMaxAbsDiffMse(),
        r.exportMaxAbsDiffKld());
    TrainingConsole.printClosing(out, r.timings(), r.outputs(), r.warnings());
  }

  /** Progress on stderr: a bar per epoch on a terminal, one line per epoch otherwise. */
  static final class ConsoleProgress extends TrainingConsole.Progress {

    ConsoleProgress(PrintWriter err, boolean interactive) {
      super(err, interactive);
    }

    @Override
    String startLine(int maxEpochs, int batches, int fitEvents, int validationEvents) {
      return String.format(
          Locale.ROOT,
          "  %d events to fit in %d mini-batches per epoch, %d for validation, at most %d epochs%n",
          fitEvents,
          batches,
          validationEvents,
          maxEpochs);
    }

    @Override
    public void epochFinished(EpochReport r) {
      String best = r.improved() ? " *" : "";
      endEpoch(
          String.format(
              Locale.ROOT,
              "loss %.4g val %.4g %.0f ev/s%s",
              r.trainLoss(),
              r.validationLoss(),
              r.eventsPerSecond(),
              best),
          String.format(
              Locale.ROOT,
              "  epoch %d/%d  loss %.5g  val %.5g  val-mse %.5g  %.0f ev/s  %.2f s%s%n",
              r.epoch(),
              maxEpochs(),
              r.trainLoss(),
              r.validationLoss(),
              r.validationScoringMse(),
              r.eventsPerSecond(),
              r.seconds(),
              best));
    }
  }

  /** Parses linear or sigmoid, case-insensitively. */
  static final class OutputActivationConverter
      implements picocli.CommandLine.ITypeConverter<OutputActivation> {
    @Override
    public OutputActivation convert(String value) {
      return OutputActivation.parse(value);
    }
  }
}
