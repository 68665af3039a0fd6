package org.vbsanomaly.trainer.export;

import static org.vbsanomaly.trainer.export.CardSections.fmt;
import static org.vbsanomaly.trainer.export.CardSections.line;
import static org.vbsanomaly.trainer.export.CardSections.row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.ScoredSample;
import org.vbsanomaly.trainer.TrainingHistory;
import org.vbsanomaly.trainer.TrainingOptions;
import org.vbsanomaly.trainer.TrainingReport;

/**
 * The model card: a Markdown file next to the model ({@code NAME.onnx} gets {@code NAME.md}) that
 * says for a human what the metadata says for a program, plus the evaluation, the timing and the
 * reasons behind the defaults.
 */
public final class ModelCard {
  private ModelCard() {}

  /** The card's path for a model file. */
  public static Path path(Path modelFile) {
    String n = modelFile.getFileName().toString();
    String base = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    return modelFile.resolveSibling(base + ".md");
  }

  /** Writes the card. */
  public static void write(Path card, TrainingReport report, TrainingOptions options)
      throws IOException {
    Files.writeString(card, render(report, options), StandardCharsets.UTF_8);
  }

  static String render(TrainingReport r, TrainingOptions o) {
    StringBuilder b = new StringBuilder();
    ModelMetadata m = r.metadata();
    line(b, "# Model card: " + r.modelFile().getFileName());
    line(b, "");
    line(
        b,
        "Variational autoencoder trained on Standard Model same-sign WW scattering events"
            + " (parton level, 13 TeV) to flag events it reconstructs badly, such as those of"
            + " dimension-6 EFT operators. Anomaly score: `mse`, the mean squared reconstruction"
            + " error over the 14 scaled observables; an event is anomalous when `mse` is above"
            + " the chosen threshold.");
    line(b, "");
    summary(b, r, m);
    data(b, r, m);
    CardSections.preprocessing(b, m);
    model(b, o);
    training(b, r, o);
    evaluation(b, r);
    exportAndReproducibility(b, r, m);
    CardSections.timing(b, r.timings());
    CardSections.files(b, r.outputs());
    limitations(b, r);
    return b.toString();
  }

  private static void summary(StringBuilder b, TrainingReport r, ModelMetadata m) {
    CardSections.summaryStart(b, m);
    row(b, "seed", Long.toString(m.getSeed()));
    row(b, "selection", m.getSelection());
    row(
        b,
        "SM events (fit / validation / test)",
        r.fitEvents() + " / " + r.validationEvents() + " / " + r.testEvents());
    row(
        b,
        "epochs run / best epoch",
        m.getEpochsRun() + " / " + m.getBestEpoch() + " (" + r.history().stopReason() + ")");
    row(
        b,
        "best epoch: training / validation loss",
        fmt(m.getFinalTrainLoss()) + " / " + fmt(m.getFinalValidationLoss()));
    CardSections.summaryEnd(b, r.timings().total(), r.warnings());
  }

  private static void data(StringBuilder b, TrainingReport r, ModelMetadata m) {
    line(b, "## Data");
    line(b, "");
    line(
        b,
        "Events are read with the project's LHE reader; the 14 observables are computed from the"
            + " final-state partons and leptons, and the selection `"
            + m.getSelection()
            + "` is applied. Weights are in pb: each file's event weights are normalised to its"
            + " cross section. Several SM files are independent generations of the same process, so"
            + " each file's weights are scaled by its share of the events read and the combined"
            + " sample describes the process once. SM files train the model (they alone are the"
            + " metadata's training files); LIN and QUAD files are used for evaluation only.");
    line(b, "");
    CardSections.fileTable(b, r.smFiles(), r.eftFiles());
    line(
        b,
        "Split: an event belongs to the test split when a hash of its 14 observables seeded with"
            + " the training seed falls in the test fraction ("
            + m.getOptionsMap().get("test-fraction")
            + "); the decision depends on the event alone, so any tool can find the test events"
            + " again from the seed. The validation events ("
            + m.getOptionsMap().get("validation-fraction")
            + " of the training split) come from a second, independent hash. Test events are"
            + " never trained on and never used for early stopping.");
    line(b, "");
  }

  private static void model(StringBuilder b, TrainingOptions o) {
    line(b, "## Model and options");
    line(b, "");
    line(
        b,
        "Encoder: dense "
            + o.hiddenSizes()
            + " with LeakyReLU (slope "
            + o.leakyAlpha()
            + "), then linear heads z_mean and z_log_var of size "
            + o.latentDim()
            + ". Training uses the reparameterisation z = z_mean + exp(z_log_var / 2) * eps"
            + " with eps drawn in Java from the seed. The decoder mirrors the encoder and ends in"
            + " a "
            + o.outputActivation().name().toLowerCase(Locale.ROOT)
            + " layer of 14. Scoring (the exported graph) decodes z_mean. Loss per mini-batch:"
            + " mean over events of (mse + beta * kld), mse averaged over the 14 features, kld"
            + " summed over latent dimensions. Adam (beta1 0.9, beta2 0.999, epsilon 1e-7).");
    line(b, "");
    CardSections.optionTable(
        b, o.asMap(), TrainingOptions.builder().build().asMap(), ModelCard::why);
  }

  private static String why(String option) {
    switch (option) {
      case "seed":
        return "any fixed value; recorded so the split and the training can be repeated";
      case "test-fraction":
        return "80/20 train/test split of the paper";
      case "validation-fraction":
        return "enough events for a stable validation loss, most left to fit";
      case "epochs":
        return "the authors' epoch count; early stopping ends sooner when the validation loss"
            + " stalls";
      case "patience":
        return "long enough to ride out the noise of the sampled loss";
      case "batch-size":
        return "the authors' mini-batch size";
      case "learning-rate":
        return "the authors' Adam step size";
      case "beta":
        return "best separation of the values tried on the full SM sample (cW QUAD AUC 0.89);"
            + " 1e-2 collapsed the latent space, 1e-4 and 2e-5 reconstructed better but"
            + " separated worse (AUC 0.73, 0.76)";
      case "hidden":
        return "the authors' encoder widths (decoder mirrored)";
      case "latent":
        return "the authors' latent size";
      case "leaky-alpha":
        return "Keras' LeakyReLU default, as used by the authors";
      case "output-activation":
        return "linear: the authors' output LeakyReLU is the identity on [0, 1] targets, and"
            + " linear does not saturate on anomalies outside that range";
      case "min-selected":
        return "refuses files too small to train or evaluate on";
      case "allow-damaged":
        return "damaged input is refused unless asked for";
      default:
        return "";
    }
  }

  private static void training(StringBuilder b, TrainingReport r, TrainingOptions o) {
    TrainingHistory h = r.history();
    line(b, "## Training");
    line(b, "");
    line(
        b,
        "Validation loss: the training objective on the validation events with one noise draw"
            + " fixed for the whole run, so epochs compare. The weights of the epoch with the"
            + " lowest validation loss are exported. Training stopped: "
            + h.stopReason()
            + ".");
    line(b, "");
    line(
        b, "| epoch | training loss | validation loss | validation mse (scoring) | s | events/s |");
    line(b, "|---|---|---|---|---|---|");
    int n = h.epochsRun();
    for (int i = 0; i < n; i++) {
      if (!CardSections.shownInEpochTable(i, n, h.bestEpoch())) {
        continue;
      }
      var e = h.epochs().get(i);
      line(
          b,
          String.format(
              Locale.ROOT,
              "| %d%s | %.6g | %.6g | %.6g | %.2f | %.0f |",
              e.epoch(),
              e.epoch() == h.bestEpoch() ? " (best)" : "",
              e.trainLoss(),
              e.validationLoss(),
              e.validationScoringMse(),
              e.seconds(),
              e.eventsPerSecond()));
    }
    CardSections.epochFiles(b);
  }

  private static void evaluation(StringBuilder b, TrainingReport r) {
    line(b, "## Evaluation on events never trained on");
    line(b, "");
    line(
        b,
        "Thresholds on `mse` keeping a fraction of the SM test events, counted in event weights"
            + " (stored in the model):");
    line(b, "");
    CardSections.thresholdTable(b, "mse", r.thresholds());
    line(
        b,
        "With "
            + r.testEvents()
            + " SM test events, the 0.1% threshold rests on a handful of events: treat it as"
            + " indicative.");
    line(b, "");
    line(
        b,
        "ROC curves and efficiencies: each EFT sample against the SM test events, events"
            + " weighted by their signed weights in pb. LIN (interference) samples keep their"
            + " negative weights in every sum, so their efficiency is the fraction of the net"
            + " interference yield above the cut and may leave [0, 1]; a LIN sample with a"
            + " net negative cross section has no defined efficiency and no ROC. Where both LIN"
            + " and QUAD of an operator are given, `lin+quad (c=1)` is their sum: the EFT"
            + " contribution at c = 1 (SM + LIN + QUAD minus SM), the physical signal.");
    line(b, "");
    CardSections.sampleTableHead(
        b, "| sample | events | sigma after selection (pb) | AUC", 4, r.thresholds());
    for (ScoredSample s : r.eftSamples()) {
      StringBuilder row =
          new StringBuilder("| ")
              .append(s.name())
              .append(" | ")
              .append(s.size())
              .append(" | ")
              .append(fmt(s.totalWeightPb()))
              .append(" | ")
              .append(
                  s.roc() == null
                      ? "n/a: " + s.note()
                      : String.format(Locale.ROOT, "%.4f", s.auc()));
      CardSections.efficiencyCells(row, r.thresholds(), s.roc() != null, s::efficiencyAbove);
      line(b, row + " |");
    }
    if (r.eftSamples().isEmpty()) {
      line(b, "| (no EFT sample given) | | | | | | |");
    }
    line(b, "");
  }

  private static void exportAndReproducibility(StringBuilder b, TrainingReport r, ModelMetadata m) {
    line(b, "## Export and reproducibility");
    line(b, "");
    line(
        b,
        String.format(
            Locale.ROOT,
            "ONNX (opset 13, input `features` float32 [N,14] raw, outputs `mse`, `kld`,"
                + " `latent_mean`, `reconstruction`), read back with ONNX Runtime and scored on"
                + " the %d SM test events: largest difference to the TensorFlow forward pass"
                + " %.3g (mse) and %.3g (kld), scaled space.",
            r.testEvents(),
            r.exportMaxAbsDiffMse(),
            r.exportMaxAbsDiffKld()));
    line(b, "");
    line(
        b,
        "The seed drives the split, the initial weights (Glorot uniform), the event order of each"
            + " epoch and the reparameterisation noise, all drawn in Java. TensorFlow runs in graph"
            + " mode with one intra-op and one inter-op thread, every gradient is computed before"
            + " any weight changes and Adam's step counter advances after all updates, so"
            + " the same seed, options and files give bit-identical weights on the same machine"
            + " (other CPUs or library versions may differ in the last bits).");
    line(b, "");
  }

  private static void limitations(StringBuilder b, TrainingReport r) {
    line(b, "## Limitations");
    line(b, "");
    line(
        b,
        "- Parton-level events without detector simulation, W+W+ charge state only, e and mu"
            + " only (see the samples' provenance).");
    line(
        b,
        "- "
            + (r.fitEvents() + r.validationEvents() + r.testEvents())
            + " selected SM events in all: thresholds, efficiencies and AUCs carry statistical"
            + " uncertainties of several per cent, more in the tails.");
    line(
        b,
        "- An event outside the range of the training data scales outside [0, 1]; its error is"
            + " large by design, which is what flags it.");
  }
}
