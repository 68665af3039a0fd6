package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.pipeline.EventPublisher;
import org.vbsanomaly.inference.pipeline.LatencyRecordingSink;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoredEvent;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly demo}: the main job on the shipped models and sample. Streams the held-out SM
 * and cW samples through the ring with each model, prints what each model flags at its 1% SM
 * threshold and the publish-to-result latency, then the sensitivity table for the sample.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The main job on the shipped models (models/vae.onnx, and models/vae-nn.onnx when present)"
          + " and the shipped held-out sample (data/sample/): every event goes through the"
          + " Disruptor ring into ONNX Runtime; the counts flagged at each model's 1%% SM"
          + " threshold, the latency percentiles and the sensitivity table are printed.",
      "The default models and sample are found in the installation (the folder holding"
          + " bin/vbs-anomaly); paths given as options are relative to the current folder."
    })
final class DemoCommand implements Callable<Integer> {
  private static final double SM_EFFICIENCY = 0.01;
  private static final int SAMPLE_SHIFT = 40;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "MODEL.onnx",
      description = "Models to run (default: the shipped VAE and VAE+NN).")
  List<Path> models;

  @Option(
      names = "--sample",
      paramLabel = "DIR",
      description =
          "Folder with ssww_sm_test.lhe.gz, ssww_cW_lin_test.lhe.gz, ssww_cW_quad_test.lhe.gz"
              + " (default: data/sample).")
  Path sampleDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "demo-results",
      description = "Folder for the sensitivity outputs (default: ${DEFAULT-VALUE}).")
  Path out;

  private PrintWriter stdout;

  @Override
  public Integer call() throws IOException, ModelException {
    stdout = spec.commandLine().getOut();
    Path home = Path.of(System.getProperty("vbs.home", "."));
    Path samples = sampleDir != null ? sampleDir : home.resolve("data/sample");
    List<Path> modelFiles = models != null ? models : shippedModels(home);
    List<DemoSample> demoSamples =
        List.of(
            new DemoSample("SM", samples.resolve("ssww_sm_test.lhe.gz")),
            new DemoSample("cW LIN (c=1)", samples.resolve("ssww_cW_lin_test.lhe.gz")),
            new DemoSample("cW QUAD (c=1)", samples.resolve("ssww_cW_quad_test.lhe.gz")));
    for (DemoSample s : demoSamples) {
      requireFile(s.file, "sample");
    }

    for (Path model : modelFiles) {
      streamThroughRing(model, demoSamples);
    }
    return sensitivity(modelFiles, demoSamples);
  }

  private static List<Path> shippedModels(Path home) {
    List<Path> found = new ArrayList<>();
    found.add(requireFile(home.resolve("models/vae.onnx"), "shipped model"));
    Path nn = home.resolve("models/vae-nn.onnx");
    if (Files.isRegularFile(nn)) {
      found.add(nn);
    }
    return found;
  }

  private static Path requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "the " + what + " " + file + " is missing; run from a full clone or give its path");
    }
    return file;
  }

  /** Publishes every event of every sample through one pipeline and prints the counts. */
  private void streamThroughRing(Path modelFile, List<DemoSample> samples)
      throws IOException, ModelException {
    LatencyRecordingSink latency = new LatencyRecordingSink();
    Tally tally = new Tally(samples.size());
    long start = System.nanoTime();
    try (AnomalyModel model = AnomalyModel.open(modelFile)) {
      ScoringPipeline pipeline =
          ScoringPipeline.builder(model)
              .selection(Selection.paper())
              .thresholdAtSmEfficiency(SM_EFFICIENCY)
              .sink(ScoreSink.tee(tally, latency))
              .build();
      try (pipeline) {
        EventPublisher publisher = pipeline.newPublisher();
        for (int i = 0; i < samples.size(); i++) {
          publishAll(publisher, i, samples.get(i), tally);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      printTally(model, pipeline.flag().threshold(), samples, tally, seconds);
    }
    printLatency(latency.cumulativeHistogram());
  }

  private static void publishAll(
      EventPublisher publisher, int sampleIndex, DemoSample sample, Tally tally)
      throws IOException {
    LheEvent event = new LheEvent();
    double[] obs = new double[Observable.COUNT];
    try (LheReader reader = LheReader.open(sample.file)) {
      while (reader.next(event)) {
        int mask = ObservableCalculator.compute(event, obs);
        long id = ((long) sampleIndex << SAMPLE_SHIFT) | event.ordinal();
        tally.weightIn(sampleIndex, event.ordinal(), event.weight());
        publisher.publishObservables(id, obs, mask);
      }
      tally.fileCrossSection[sampleIndex] = reader.init().crossSectionPb();
      tally.damaged[sampleIndex] = reader.stats().eventsDamaged();
    }
  }

  private void printTally(
      AnomalyModel model, double threshold, List<DemoSample> samples, Tally t, double seconds) {
    stdout.printf(
        Locale.ROOT,
        "%n%s (%s): flag when %s > %.5g (the model's %.0f%% SM threshold)%n",
        model.file().getFileName(),
        model.modelKind(),
        model.flagVariable().wireName(),
        threshold,
        SM_EFFICIENCY * 100);
    stdout.printf(
        Locale.ROOT,
        "  %-14s %7s %9s %7s %7s %8s %9s %14s%n",
        "sample",
        "events",
        "selected",
        "scored",
        "errors",
        "flagged",
        "fraction",
        "flagged xs (fb)");
    for (int i = 0; i < samples.size(); i++) {
      double toPb = t.fileCrossSection[i] / t.weightIn[i];
      stdout.printf(
          Locale.ROOT,
          "  %-14s %7d %9d %7d %7d %8d %8.2f%% %14.4f%n",
          samples.get(i).label,
          t.in[i],
          t.in[i] - t.rejected[i],
          t.scored[i],
          t.errors[i],
          t.flagged[i],
          100.0 * t.flagged[i] / Math.max(1, t.scored[i]),
          t.flaggedWeight[i] * toPb * 1000);
    }
    long total = 0;
    for (long n : t.in) {
      total += n;
    }
    stdout.printf(
        Locale.ROOT,
        "  %d events through the ring in %.2f s (reading LHE included)%n",
        total,
        seconds);
  }

  private void printLatency(Histogram h) {
    stdout.printf(
        Locale.ROOT,
        "  latency publish-to-result (us): p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n"
            + "    (events published as fast as the files are read, on a JVM just started, so the"
            + " queue sets%n     these; 'vbs-anomaly bench' measures latency at a fixed rate:"
            + " perf/README.md)%n",
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3);
  }

  private int sensitivity(List<Path> modelFiles, List<DemoSample> samples) {
    List<String> args = new ArrayList<>();
    for (Path m : modelFiles) {
      args.add("--model=" + m);
    }
    args.add("--sm=" + samples.get(0).file);
    args.add("--operator=cW=" + samples.get(1).file + "," + samples.get(2).file);
    args.add("--out=" + out);
    stdout.printf("%nSensitivity on the shipped sample (350 fb^-1; outputs in %s):%n", out);
    stdout.flush();
    CommandLine sensitivity = spec.parent().commandLine().getSubcommands().get("sensitivity");
    return sensitivity.execute(args.toArray(String[]::new));
  }

  private record DemoSample(String label, Path file) {}

  /** Per-sample counts, updated on the pipeline's result thread, read after close. */
  private static final class Tally implements ScoreSink {
    final long[] in;
    final long[] rejected;
    final long[] scored;
    final long[] errors;
    final long[] flagged;
    final double[] flaggedWeight;
    final double[] weightIn;
    final double[] fileCrossSection;
    final long[] damaged;
    private final List<double[]> xwgtup = new CopyOnWriteArrayList<>();

    Tally(int samples) {
      in = new long[samples];
      rejected = new long[samples];
      scored = new long[samples];
      errors = new long[samples];
      flagged = new long[samples];
      flaggedWeight = new double[samples];
      weightIn = new double[samples];
      fileCrossSection = new double[samples];
      damaged = new long[samples];
      for (int i = 0; i < samples; i++) {
        xwgtup.add(new double[1024]);
      }
    }

    /**
     * Producer side, before the event is published (the ring's publication makes the write visible
     * to the result thread): remembers the generator weight of event {@code ordinal}.
     */
    void weightIn(int sample, long ordinal, double weight) {
      int i = Math.toIntExact(ordinal);
      double[] w = xwgtup.get(sample);
      if (i >= w.length) {
        w = Arrays.copyOf(w, Math.max(i + 1, w.length * 2));
        xwgtup.set(sample, w);
      }
      w[i] = weight;
      in[sample]++;
      weightIn[sample] += weight;
    }

    @Override
    public void accept(ScoredEvent e) {
      int sample = (int) (e.id() >>> SAMPLE_SHIFT);
      switch (e.status()) {
        case SCORE_STATUS_OK -> {
          scored[sample]++;
          if (e.anomalous()) {
            flagged[sample]++;
            flaggedWeight[sample] += weightOf(sample, e.id());
          }
        }
        case SCORE_STATUS_REJECTED -> rejected[sample]++;
        default -> errors[sample]++;
      }
    }

    private double weightOf(int sample, long id) {
      return xwgtup.get(sample)[(int) (id & ((1L << SAMPLE_SHIFT) - 1))];
    }
  }
}
