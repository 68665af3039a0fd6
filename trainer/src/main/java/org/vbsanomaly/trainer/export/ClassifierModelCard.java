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
import org.vbsanomaly.trainer.ClassifiedSample;
import org.vbsanomaly.trainer.ClassifierEpochReport;
import org.vbsanomaly.trainer.ClassifierHistory;
import org.vbsanomaly.trainer.ClassifierOptions;
import org.vbsanomaly.trainer.ClassifierReport;
import org.vbsanomaly.trainer.LinWeighting;
import org.vbsanomaly.trainer.TrainingOptions;
import org.vbsanomaly.trainer.VaeStart;
import org.vbsanomaly.trainer.tf.Standardisation;

/**
 * The model card of a VAE+NN model ({@code NAME.md} next to {@code NAME.onnx}): what the model is,
 * what it was trained on and how, the choices behind the defaults (the start of the VAE, the
 * treatment of negative interference weights), and how it performs against the VAE it started from.
 */
public final class ClassifierModelCard {
  private ClassifierModelCard() {}

  /** Writes the card. */
  public static void write(
      Path card, ClassifierReport report, ClassifierOptions options, TrainingOptions vae)
      throws IOException {
    Files.writeString(card, render(report, options, vae), StandardCharsets.UTF_8);
  }

  static String render(ClassifierReport r, ClassifierOptions o, TrainingOptions vae) {
    StringBuilder b = new StringBuilder();
    ModelMetadata m = r.metadata();
    line(b, "# Model card: " + r.modelFile().getFileName());
    line(b, "");
    line(
        b,
        "VAE+NN model for same-sign WW scattering events (parton level, 13 TeV): the variational"
            + " autoencoder of `"
            + r.vaeFile().getFileName()
            + "` and a small classifier on each event's reconstruction error (mse) and KL"
            + " divergence (kld), trained together to separate Standard Model events from those"
            + " of the "
            + r.operator()
            + " operator. Anomaly score: `score` in [0, 1]; an event is anomalous when `score`"
            + " is above the chosen threshold. Unlike the plain VAE, this model has seen EFT"
            + " events: it is tuned to "
            + r.operator()
            + " and may be less sensitive to other operators.");
    line(b, "");
    summary(b, r, m, o);
    data(b, r, m);
    negativeWeights(b, o);
    CardSections.preprocessing(b, m);
    line(
        b,
        "These constants are the VAE's (`"
            + r.vaeFile().getFileName()
            + "`), kept unchanged: the EFT events never enter the scaling.");
    line(b, "");
    model(b, r, o, vae);
    training(b, r.history());
    evaluation(b, r);
    export(b, r);
    CardSections.timing(b, r.timings());
    CardSections.files(b, r.outputs());
    limitations(b, r);
    return b.toString();
  }

  private static void summary(
      StringBuilder b, ClassifierReport r, ModelMetadata m, ClassifierOptions o) {
    ClassifierReport.EventCounts c = r.counts();
    ClassifierEpochReport best = r.history().bestReport();
    CardSections.summaryStart(b, m);
    row(b, "built on", "`" + r.vaeFile() + "` (SHA-256 `" + r.vaeSha256() + "`)");
    row(b, "VAE", vaeTreatment(o));
    row(b, "EFT class", r.operator() + " at c = 1 (its LIN and QUAD samples)");
    row(b, "seed", Long.toString(m.getSeed()));
    row(b, "selection", m.getSelection());
    row(
        b,
        "SM events (fit / validation / test)",
        c.smFit() + " / " + c.smValidation() + " / " + c.smTest());
    row(
        b,
        "EFT events (fit / validation / test)",
        c.eftFit() + " / " + c.eftValidation() + " / " + c.eftTest());
    row(
        b,
        "epochs run / best epoch",
        m.getEpochsRun() + " / " + m.getBestEpoch() + " (" + r.history().stopReason() + ")");
    row(
        b,
        "best epoch: training / validation objective",
        fmt(best.trainLoss()) + " / " + fmt(best.validationLoss()));
    row(
        b,
        "best epoch: validation BCE / AUC",
        fmt(best.validationBce())
            + " / "
            + String.format(Locale.ROOT, "%.4f", best.validationAuc()));
    CardSections.summaryEnd(b, r.timings().total(), r.warnings());
  }

  private static String vaeTreatment(ClassifierOptions o) {
    if (o.freezeVae()) {
      return "frozen: the trained VAE's weights, unchanged; only the classifier trained";
    }
    return o.vaeStart() == VaeStart.SCRATCH
        ? "trained jointly with the classifier from fresh weights (the VAE's seed)"
        : "trained jointly with the classifier, starting from the trained VAE's weights";
  }

  private static void data(StringBuilder b, ClassifierReport r, ModelMetadata m) {
    line(b, "## Data");
    line(b, "");
    line(
        b,
        "Events are read with the project's LHE reader, the 14 observables computed from the"
            + " final-state partons and leptons, and the selection `"
            + m.getSelection()
            + "` applied. Weights are in pb. Several SM files are combined as one process (each"
            + " file's weights scaled by its share of the events read). The "
            + r.operator()
            + " LIN and QUAD files together are the EFT contribution at c = 1 (SM + LIN + QUAD"
            + " differs from SM by LIN + QUAD); each keeps its own normalisation.");
    line(b, "");
    CardSections.fileTable(b, r.smFiles(), r.eftFiles());
    line(
        b,
        "Split: SM and EFT files are split alike, by a hash of each event's 14 observables seeded"
            + " with the VAE's seed (test fraction "
            + m.getOptionsMap().get("test-fraction")
            + "), so the SM test events are the VAE's own; a second, independent hash holds out"
            + " the validation events ("
            + m.getOptionsMap().get("validation-fraction")
            + " of the rest). Only the fit parts train. Every file above is recorded among the"
            + " model's training files with its role and operator, so `vbs-anomaly sensitivity`"
            + " evaluates this model on their test split only.");
    line(b, "");
  }

  private static void negativeWeights(StringBuilder b, ClassifierOptions o) {
    line(b, "## Negative interference weights");
    line(b, "");
    line(
        b,
        "The interference (LIN) sample carries negative weights (about 43% of the cW LIN events);"
            + " a binary cross-entropy with negative per-event weights is not a proper loss. It is"
            + " not bounded below: an event of negative weight w contributes |w| log(score) to"
            + " the EFT term, which falls without limit as its score goes to 0, so a flexible"
            + " classifier gains by isolating individual negative-weight events rather than"
            + " learning where the EFT contribution lies.");
    line(b, "");
    line(
        b,
        "This model: `--lin-weights "
            + o.linWeighting().optionValue()
            + "`. "
            + linWeightingText(o.linWeighting()));
    line(b, "");
  }

  private static String linWeightingText(LinWeighting w) {
    switch (w) {
      case ABSOLUTE:
        return "LIN events train with the magnitude of their weights, QUAD events with theirs:"
            + " the EFT class is |LIN| + QUAD at c = 1, where the operator changes the SM"
            + " prediction in either direction, with a proper loss. Why not the signed sum: see"
            + " above. Why not QUAD alone: the interference has kinematics of its own, and at the"
            + " small c of a sensitivity limit its share of the EFT contribution grows (linear"
            + " against quadratic in c); keeping it lets the classifier see both. The sign is"
            + " not lost for the"
            + " physics: every evaluation (ROC curves here, yields in the sensitivity study)"
            + " weights LIN events with their signed weights.";
      case SIGNED:
        return "LIN events train with their signed weights: the EFT class is the physical LIN +"
            + " QUAD at c = 1, with the unbounded objective described above. A study setting.";
      default:
        return "LIN events are left out of the training: the EFT class is QUAD alone. A study"
            + " setting.";
    }
  }

  private static void model(
      StringBuilder b, ClassifierReport r, ClassifierOptions o, TrainingOptions vae) {
    Standardisation s = r.history().bestClassifier().standardisation();
    line(b, "## Model and objective");
    line(b, "");
    line(
        b,
        "VAE: encoder "
            + vae.hiddenSizes()
            + " with LeakyReLU (slope "
            + vae.leakyAlpha()
            + "), latent size "
            + vae.latentDim()
            + ", mirrored decoder with a "
            + vae.outputActivation().name().toLowerCase(Locale.ROOT)
            + " output; its per-event mse (decoder on z_mean, as exported) and kld feed the"
            + " classifier. Classifier: u = ((mse - "
            + fmt(s.mseMean())
            + ") / "
            + fmt(s.mseSd())
            + ", (kld - "
            + fmt(s.kldMean())
            + ") / "
            + fmt(s.kldSd())
            + "), then a dense layer of "
            + o.hiddenWidth()
            + " "
            + o.hiddenActivation().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + " units and one sigmoid unit. The standardisation constants are the weighted mean"
            + " and standard deviation of the trained VAE's mse and kld over the fit events, each"
            + " class weighing half, fixed before training and exported with the weights.");
    line(b, "");
    line(
        b,
        "Objective per mini-batch of "
            + o.batchSize()
            + " SM and "
            + o.batchSize()
            + " EFT events: mean over the SM events of (sampled mse + beta kld), beta = "
            + vae.beta()
            + " as for the VAE, plus "
            + o.bceWeight()
            + " x the binary cross-entropy of the score (label 0 SM, 1 EFT). Event weights are"
            + " normalised to mean 1 within each class and each class carries half of the"
            + " cross-entropy: balanced classes, so the score ranks events by how EFT-like their"
            + " (mse, kld) are, whatever the two cross sections. "
            + (o.freezeVae()
                ? "Only the classifier's weights are updated (frozen VAE)."
                : "The cross-entropy's gradients reach the VAE through mse and kld, and every"
                    + " weight is updated.")
            + " Adam (beta1 0.9, beta2 0.999, epsilon 1e-7); the weights of the epoch with the"
            + " lowest validation objective are exported.");
    line(b, "");
    line(
        b,
        "Route. The paper trains the VAE and the classifier as one network on the summed loss;"
            + " by default (`--vae-start scratch`) this training does the same: the VAE starts"
            + " from the fresh weights its own training started from (same seed), and only the"
            + " preprocessing constants and the classifier's input standardisation come from the"
            + " trained VAE. `--vae-start trained` starts from the trained VAE's weights, read"
            + " back from the ONNX file's initializers (a warm start); `--freeze-vae` keeps them"
            + " fixed and trains the classifier alone. This model: "
            + vaeTreatment(o)
            + ".");
    line(b, "");
    CardSections.optionTable(
        b, o.asMap(), ClassifierOptions.builder().build().asMap(), ClassifierModelCard::why);
    line(
        b,
        "From the VAE (recorded in the metadata as they are): seed "
            + vae.seed()
            + ", test fraction "
            + vae.testFraction()
            + ", validation fraction "
            + vae.validationFraction()
            + ", beta "
            + vae.beta()
            + ", architecture.");
    line(b, "");
  }

  private static String why(String option) {
    switch (option) {
      case "epochs":
        return "the VAE's limit; early stopping ends sooner";
      case "patience":
        return "the VAE's patience";
      case "batch-size":
        return "the VAE's mini-batch size, per class";
      case "learning-rate":
        return "the VAE's Adam step size";
      case "bce-weight":
        return "the plain sum of the two losses, as in the paper";
      case "classifier-hidden":
        return "ample for a 2-D input (201 weights)";
      case "classifier-activation":
        return "a standard hidden activation; the output is a sigmoid";
      case "vae-start":
        return "the paper's single joint training; on the full samples (seed 1) its cW limit was"
            + " -0.176/+0.172, against -0.183/+0.177 from the trained start";
      case "freeze-vae":
        return "the paper lets the gradients reach the VAE; frozen, the classifier only"
            + " reshapes the VAE's outputs (cW limit -0.215/+0.195, the VAE alone -0.220/+0.194)";
      case "lin-weights":
        return "a proper loss (see Negative interference weights); on the full samples abs and"
            + " none gave the same cW limit (about 0.175), signed a weaker one (-0.191/+0.182)"
            + " while its training objective fell to -285";
      case "min-selected":
        return "refuses files too small to train or evaluate on";
      case "allow-damaged":
        return "damaged input is refused unless asked for";
      default:
        return "";
    }
  }

  private static void training(StringBuilder b, ClassifierHistory h) {
    line(b, "## Training");
    line(b, "");
    line(
        b,
        "Validation objective: the VAE term on the SM validation events (one noise draw fixed for"
            + " the whole run) plus lambda x the class-balanced cross-entropy on the validation"
            + " events of both classes. Training stopped: "
            + h.stopReason()
            + ".");
    line(b, "");
    line(
        b,
        "| epoch | training objective | training BCE | validation objective | validation BCE |"
            + " validation AUC | s | events/s |");
    line(b, "|---|---|---|---|---|---|---|---|");
    int n = h.epochsRun();
    for (int i = 0; i < n; i++) {
      if (!CardSections.shownInEpochTable(i, n, h.bestEpoch())) {
        continue;
      }
      ClassifierEpochReport e = h.epochs().get(i);
      line(
          b,
          String.format(
              Locale.ROOT,
              "| %d%s | %.6g | %.6g | %.6g | %.6g | %.4f | %.2f | %.0f |",
              e.epoch(),
              e.epoch() == h.bestEpoch() ? " (best)" : "",
              e.trainLoss(),
              e.trainBce(),
              e.validationLoss(),
              e.validationBce(),
              e.validationAuc(),
              e.seconds(),
              e.eventsPerSecond()));
    }
    CardSections.epochFiles(b);
  }

  private static void evaluation(StringBuilder b, ClassifierReport r) {
    line(b, "## Evaluation on test events (never trained on)");
    line(b, "");
    line(
        b,
        "Thresholds on `score` keeping a fraction of the SM test events, counted in event"
            + " weights (stored in the model):");
    line(b, "");
    CardSections.thresholdTable(b, "score", r.thresholds());
    line(
        b,
        "With "
            + r.counts().smTest()
            + " SM test events, the 0.1% threshold rests on a handful of events: indicative only.");
    line(b, "");
    line(
        b,
        "ROC of the VAE+NN score, and of the starting VAE's mse on the same events, for the "
            + r.operator()
            + " test events against the SM test events; signed weights (a LIN sample's"
            + " efficiency is the fraction of its net interference yield above the cut).");
    line(b, "");
    CardSections.sampleTableHead(
        b, "| sample | test events | AUC score | AUC VAE mse", 4, r.thresholds());
    for (ClassifiedSample s : r.eftTest()) {
      StringBuilder row =
          new StringBuilder("| ").append(s.name()).append(" | ").append(s.size()).append(" | ");
      if (s.roc() == null) {
        row.append("n/a: ").append(s.note()).append(" | n/a");
      } else {
        row.append(String.format(Locale.ROOT, "%.4f | %.4f", s.auc(), s.vaeAuc()));
      }
      CardSections.efficiencyCells(row, r.thresholds(), s.roc() != null, s::efficiencyAbove);
      line(b, row + " |");
    }
    line(b, "");
    line(
        b,
        "The sensitivity to each operator (smallest |c| at 3 sigma) is measured by `vbs-anomaly"
            + " sensitivity`, which uses only the test split of this model's training files.");
    line(b, "");
  }

  private static void export(StringBuilder b, ClassifierReport r) {
    line(b, "## Export and reproducibility");
    line(b, "");
    line(
        b,
        String.format(
            Locale.ROOT,
            "ONNX (opset 13, input `features` float32 [N,14] raw, outputs `mse`, `kld`,"
                + " `latent_mean`, `reconstruction`, `score`), read back with ONNX Runtime and"
                + " scored on the %d SM and %d EFT test events: largest difference to the"
                + " TensorFlow forward pass %.3g (score), %.3g (mse), %.3g (kld, relative to"
                + " max(1, |kld|)).",
            r.counts().smTest(),
            r.counts().eftTest(),
            r.exportMaxAbsDiffScore(),
            r.exportMaxAbsDiffMse(),
            r.exportMaxRelDiffKld()));
    line(b, "");
    line(
        b,
        "The VAE's seed drives the split, the fresh VAE weights, the classifier's initial weights"
            + " (Glorot uniform), the order of each class, the reparameterisation noise and the"
            + " validation noise, all drawn in Java; TensorFlow runs single-threaded with ordered"
            + " Adam updates, so the same inputs and options give bit-identical weights on the"
            + " same machine.");
    line(b, "");
  }

  private static void limitations(StringBuilder b, ClassifierReport r) {
    line(b, "## Limitations");
    line(b, "");
    line(
        b,
        "- Parton-level events without detector simulation, W+W+ only, e and mu only (see the"
            + " samples' provenance).");
    line(
        b,
        "- Trained against "
            + r.operator()
            + " only: its score measures how "
            + r.operator()
            + "-like an event's (mse, kld) are; other operators are found only as far as they"
            + " share that signature.");
    line(
        b,
        "- "
            + r.counts().smTest()
            + " SM and "
            + r.counts().eftTest()
            + " EFT test events: AUCs, efficiencies and thresholds carry statistical"
            + " uncertainties of several per cent, more in the tails.");
  }
}
