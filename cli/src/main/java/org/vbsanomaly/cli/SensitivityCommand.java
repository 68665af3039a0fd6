package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.events.SampleReader;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.trainer.eval.WeightedScores;
import org.vbsanomaly.trainer.sensitivity.EftSamples;
import org.vbsanomaly.trainer.sensitivity.EvaluationSplit;
import org.vbsanomaly.trainer.sensitivity.HeldOutEvents;
import org.vbsanomaly.trainer.sensitivity.HeldOutScoring;
import org.vbsanomaly.trainer.sensitivity.ModelScores;
import org.vbsanomaly.trainer.sensitivity.ModelSensitivity;
import org.vbsanomaly.trainer.sensitivity.SensitivityOptions;
import org.vbsanomaly.trainer.sensitivity.SensitivityPlots;
import org.vbsanomaly.trainer.sensitivity.SensitivityReport;
import org.vbsanomaly.trainer.sensitivity.SensitivityScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly sensitivity}: the smallest Wilson coefficient each model sees at 3 sigma, per
 * operator, with the paper's values beside ours; a table on stdout, and the table, CSV, Markdown
 * and one plot per operator in the output folder. Progress and the event accounting go to stderr.
 */
@Command(
    name = "sensitivity",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sensitivity of trained models to EFT operators: for each operator, the smallest |c| at"
          + " which sigma = |c LIN + c^2 QUAD| / sqrt(SM) reaches the target in the region"
          + " 'selection + score > cut', the cut optimised per c.",
      "Events that trained a model never evaluate it: of each file listed among the model's"
          + " training files only the test split is used, each weight scaled by the ratio of"
          + " absolute weights (the event-count ratio for unweighted files), an unbiased estimate"
          + " of the full file's yields; for an interference (LIN) sample, whose signed sum"
          + " fluctuates, it can differ from the full file's selected cross section by its"
          + " statistical error. Several --sm files are combined as one process.",
      "A QUAD sample must have no negative weights, and file names that say _lin or _quad must"
          + " sit in their slot: a swapped LIN,QUAD pair is refused."
    })
final class SensitivityCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL.onnx",
      description = "Exported model; repeat for several.")
  List<Path> models;

  @Option(
      names = "--sm",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "SM LHE files (plain or .gz).")
  List<Path> smFiles;

  @Option(
      names = "--operator",
      required = true,
      paramLabel = "NAME=LIN_FILE,QUAD_FILE",
      description = "An operator's interference and quadratic samples at c = 1; repeat.")
  List<String> operators;

  @Option(
      names = "--lumi",
      defaultValue = "350",
      paramLabel = "FB^-1",
      description = "Integrated luminosity in fb^-1 (default: ${DEFAULT-VALUE}).")
  double luminosityInvFb;

  @Option(
      names = "--sigma",
      defaultValue = "3",
      description = "Target significance (default: ${DEFAULT-VALUE}).")
  double targetSigma;

  @Option(
      names = "--min-sm-mc",
      defaultValue = "20",
      paramLabel = "N",
      description = "Fewest SM Monte Carlo events a region may keep (default: ${DEFAULT-VALUE}).")
  int minSmMcEvents;

  @Option(
      names = "--c-max",
      defaultValue = "2",
      paramLabel = "C",
      description = "Scan c in [-C, C], TeV^-2 (default: ${DEFAULT-VALUE}).")
  double cMax;

  @Option(
      names = "--at-sm-efficiency",
      paramLabel = "F",
      description =
          "Evaluate at the model's stored cut keeping this SM fraction (e.g. 0.01) instead of"
              + " optimising the cut.")
  Double atSmEfficiency;

  @Option(
      names = "--always-split",
      description =
          "Use only the test split of every file, not just of the model's training files (for"
              + " copies of training files with other bytes).")
  boolean alwaysSplit;

  @Option(
      names = "--out",
      defaultValue = "sensitivity",
      paramLabel = "DIR",
      description = "Folder for the table, CSV, Markdown and plots (default: ${DEFAULT-VALUE}).")
  Path out;

  private PrintWriter log;

  @Override
  public Integer call() throws IOException, ModelException {
    log = spec.commandLine().getErr();
    List<OperatorFiles> operatorFiles = parseOperators();
    SensitivityOptions.Builder options = options();
    Files.createDirectories(out);

    Map<Path, Sample> samples = readSamples(operatorFiles);
    Map<Path, String> hashes = new LinkedHashMap<>();
    for (Path file : samples.keySet()) {
      hashes.put(file, EvaluationSplit.sha256(file));
    }

    List<ModelSensitivity> results = new ArrayList<>();
    for (Path modelFile : models) {
      results.add(evaluate(modelFile, operatorFiles, samples, hashes, options));
    }
    write(results);
    return 0;
  }

  private ModelSensitivity evaluate(
      Path modelFile,
      List<OperatorFiles> operatorFiles,
      Map<Path, Sample> samples,
      Map<Path, String> hashes,
      SensitivityOptions.Builder options)
      throws IOException, ModelException {
    try (AnomalyModel model = open(modelFile)) {
      EvaluationSplit split = EvaluationSplit.of(model.metadata(), alwaysSplit);
      log.printf(
          "%s (%s, cut on %s): %s%n",
          name(modelFile), model.modelKind(), model.flagVariable().wireName(), split.describe());
      warnOnSelectionMismatch(model);

      List<HeldOutEvents> smParts = new ArrayList<>();
      for (Path f : smFiles) {
        smParts.add(split.heldOut(samples.get(f), hashes.get(f)));
      }
      smParts = HeldOutEvents.combinedAsOneProcess(smParts);
      smParts.forEach(this::logHeldOut);
      WeightedScores sm = HeldOutScoring.score(model, smParts);

      List<EftSamples> eft = new ArrayList<>();
      for (OperatorFiles op : operatorFiles) {
        eft.add(
            new EftSamples(
                op.name(),
                scoreOne(model, split, samples.get(op.lin()), hashes.get(op.lin())),
                scoreOne(model, split, samples.get(op.quad()), hashes.get(op.quad()))));
      }
      if (atSmEfficiency != null) {
        options.fixedCut(model.threshold(atSmEfficiency));
      }
      ModelScores scores =
          new ModelScores(
              name(modelFile), model.modelKind(), model.flagVariable().wireName(), sm, eft);
      return SensitivityScan.run(scores, options.build());
    }
  }

  private WeightedScores scoreOne(
      AnomalyModel model, EvaluationSplit split, Sample sample, String hash) throws ModelException {
    HeldOutEvents held = split.heldOut(sample, hash);
    logHeldOut(held);
    return HeldOutScoring.score(model, List.of(held));
  }

  private void write(List<ModelSensitivity> results) throws IOException {
    String text = SensitivityReport.text(results);
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    Files.writeString(out.resolve("sensitivity.txt"), text);
    Files.writeString(out.resolve("sensitivity.csv"), SensitivityReport.csv(results));
    Files.writeString(out.resolve("sensitivity.md"), SensitivityReport.markdown(results));
    Files.writeString(out.resolve("sigma-curves.csv"), SensitivityReport.curvesCsv(results));
    List<Path> plots = SensitivityPlots.write(out, results);
    log.printf(
        "wrote %s, sensitivity.csv, sensitivity.md, sigma-curves.csv and %d plots in %s%n",
        "sensitivity.txt", plots.size(), out);
  }

  // --- input ------------------------------------------------------------------------------

  private record OperatorFiles(String name, Path lin, Path quad) {}

  private List<OperatorFiles> parseOperators() {
    List<OperatorFiles> parsed = new ArrayList<>();
    for (String spec : operators) {
      int eq = spec.indexOf('=');
      String[] files = eq < 0 ? new String[0] : spec.substring(eq + 1).split(",", -1);
      if (eq <= 0 || files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
        throw new IllegalArgumentException(
            "--operator '"
                + spec
                + "' is not NAME=LIN_FILE,QUAD_FILE, e.g."
                + " cW=ssww_cW_lin.lhe.gz,ssww_cW_quad.lhe.gz");
      }
      String name = spec.substring(0, eq).strip();
      if (parsed.stream().anyMatch(o -> o.name().equals(name))) {
        throw new IllegalArgumentException("--operator " + name + " is given twice");
      }
      Path lin = Path.of(files[0].strip());
      Path quad = Path.of(files[1].strip());
      requireRolesMatchNames(name, lin, quad);
      parsed.add(new OperatorFiles(name, lin, quad));
    }
    return parsed;
  }

  private SensitivityOptions.Builder options() {
    return SensitivityOptions.builder()
        .luminosityInvFb(luminosityInvFb)
        .targetSigma(targetSigma)
        .minSmMcEvents(minSmMcEvents)
        .cMax(cMax);
  }

  private Map<Path, Sample> readSamples(List<OperatorFiles> operatorFiles) throws IOException {
    List<Path> files = new ArrayList<>(smFiles);
    for (OperatorFiles op : operatorFiles) {
      files.add(op.lin());
      files.add(op.quad());
    }
    SampleReader reader = new SampleReader(Selection.paper());
    Map<Path, Sample> samples = new LinkedHashMap<>();
    for (Path f : files) {
      if (!samples.containsKey(f)) {
        Sample s = reader.read(f);
        samples.put(f, s);
        logSample(s);
      }
    }
    for (OperatorFiles op : operatorFiles) {
      requireNoNegativeWeights(op, samples.get(op.quad()));
    }
    return samples;
  }

  /** A quadratic (|EFT|^2) sample cannot carry negative weights: the pair is likely swapped. */
  private static void requireNoNegativeWeights(OperatorFiles op, Sample quad) {
    for (int i = 0; i < quad.size(); i++) {
      if (quad.generatorWeight(i) < 0) {
        throw new IllegalArgumentException(
            "--operator "
                + op.name()
                + ": the QUAD file "
                + op.quad()
                + " has negative event weights, which only an interference (LIN) sample has;"
                + " give NAME=LIN_FILE,QUAD_FILE in that order");
      }
    }
  }

  /** Refuses a LIN slot holding a file named _quad, or a QUAD slot holding one named _lin. */
  private static void requireRolesMatchNames(String name, Path lin, Path quad) {
    if (nameSays(lin, "quad") || nameSays(quad, "lin")) {
      throw new IllegalArgumentException(
          "--operator "
              + name
              + ": the files look swapped ("
              + lin.getFileName()
              + " as LIN, "
              + quad.getFileName()
              + " as QUAD); give NAME=LIN_FILE,QUAD_FILE in that order");
    }
  }

  private static boolean nameSays(Path file, String role) {
    String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.contains("_" + role + ".") || n.contains("_" + role + "_");
  }

  /** Opens a model; a file that is not a valid model is a user error, not a bug. */
  private static AnomalyModel open(Path file) throws IOException, ModelException {
    try {
      return AnomalyModel.open(file);
    } catch (ModelFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  // --- log ----------------------------------------------------------------------------------

  private void logSample(Sample s) {
    log.printf(
        Locale.ROOT,
        "read %s: %d events, %d damaged, %d selected (%s); sigma %.4g pb, selected %.4g pb%n",
        name(s.file()),
        s.eventsRead(),
        s.eventsDamaged(),
        s.size(),
        s.selection().describe(),
        s.crossSectionPb(),
        s.selectedCrossSectionPb());
    for (String message : s.damageMessages()) {
      log.println("  damaged: " + message);
    }
  }

  private void logHeldOut(HeldOutEvents h) {
    log.printf(
        Locale.ROOT,
        "  %s: %d of %d selected events (%s), weights x %.4g, %.4g pb%n",
        name(h.sample().file()),
        h.size(),
        h.sample().size(),
        h.testSplitOnly() ? "test split" : "all; not a training file",
        h.scale(),
        h.crossSectionPb());
  }

  private void warnOnSelectionMismatch(AnomalyModel model) {
    String trained = model.metadata().getSelection();
    String applied = Selection.paper().describe();
    if (!trained.isEmpty() && !trained.equals(applied)) {
      log.printf(
          "  warning: the model was trained with the selection '%s'; this study applies '%s'%n",
          trained, applied);
    }
  }

  private static String name(Path file) {
    Path n = file.getFileName();
    return n == null ? file.toString() : n.toString();
  }
}
