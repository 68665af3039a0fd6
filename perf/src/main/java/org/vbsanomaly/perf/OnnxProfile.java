package org.vbsanomaly.perf;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.ModelOptions;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.OnnxModelContract;

/**
 * Where ONNX Runtime spends a scoring call: runs the model at one batch size with ONNX Runtime's
 * profiler on and sums the kernel times by operator type.
 *
 * <p>Usage: {@code OnnxProfile [MODEL.onnx|random] [BATCH] [RUNS]} (defaults: random stand-in,
 * 4096, 200). After {@value #WARMUP_RUNS} warm-up runs, prints for the {@code RUNS} measured runs
 * alone, per operator type, the node count, microseconds per run, nanoseconds per event and share
 * of the kernel time, then the wall time per run and the part of it outside the kernels (session
 * overhead, tensor creation, the Java binding). The profiler adds its own cost, so wall times here
 * are a little above the benchmarks'.
 */
public final class OnnxProfile {

  private static final int F = Observable.COUNT;

  /** Runs before the measured ones, left out of the kernel and the wall times. */
  public static final int WARMUP_RUNS = 50;

  /** Kernel time of one operator type, summed over its nodes and the profiled runs. */
  record OpTime(String opType, int nodes, double totalMicros) {}

  /** Kernel times of the measured runs of a profile, and how many runs those are. */
  record Profile(List<OpTime> ops, int runs) {}

  private OnnxProfile() {}

  /** Profiles as the class comment says and prints the machine and the table. */
  public static void main(String[] args) throws IOException, ModelException, OrtException {
    String model = args.length > 0 ? args[0] : BenchmarkModel.RANDOM;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.out.println(Machine.describe());
    System.out.print(profile(BenchmarkModel.resolve(model), batch, runs));
  }

  /**
   * Runs the model {@value #WARMUP_RUNS} times to warm up, then {@code runs} times measured, with
   * the profiler on throughout; returns the table of the measured runs alone.
   */
  static String profile(BenchmarkModel m, int batch, int runs) throws IOException, OrtException {
    float[] rows = BenchmarkEvents.synthetic(11, batch).rows();
    Path profileDir = Files.createTempDirectory("ort-profile");
    Path trace;
    double wallMicros;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(ModelOptions.DEFAULT_INTRA_OP_THREADS);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.enableProfiling(profileDir.resolve("run").toString());
      try (OrtSession session = env.createSession(m.onnx().toString(), options)) {
        FloatBuffer input =
            ByteBuffer.allocateDirect(batch * F * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        input.put(rows, 0, batch * F).flip();
        for (int i = 0; i < WARMUP_RUNS; i++) {
          run(env, session, input, batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          run(env, session, input, batch);
        }
        wallMicros = (System.nanoTime() - start) / 1e3 / runs;
        trace = Path.of(session.endProfiling());
      }
    }
    Profile measured;
    try {
      measured = kernelTimes(trace, WARMUP_RUNS);
    } finally {
      Files.deleteIfExists(trace);
      Files.deleteIfExists(profileDir);
    }
    if (measured.runs() != runs) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "the profile holds %d runs after the %d warm-up runs, expected %d: ONNX Runtime"
                  + " dropped events or changed its trace format",
              measured.runs(),
              WARMUP_RUNS,
              runs));
    }
    return table(m.description(), batch, runs, WARMUP_RUNS, wallMicros, measured.ops());
  }

  private static void run(OrtEnvironment env, OrtSession session, FloatBuffer input, int n)
      throws OrtException {
    input.clear().limit(n * F);
    try (OnnxTensor x = OnnxTensor.createTensor(env, input, new long[] {n, F});
        OrtSession.Result r =
            session.run(
                Map.of(OnnxModelContract.INPUT, x),
                Set.of(OnnxModelContract.MSE, OnnxModelContract.KLD))) {
      if (r.size() != 2) {
        throw new IllegalStateException("expected mse and kld, got " + r.size() + " outputs");
      }
    }
  }

  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern DURATION = Pattern.compile("\"dur\"\\s*:\\s*(\\d+)");
  private static final Pattern OP = Pattern.compile("\"op_name\"\\s*:\\s*\"([^\"]+)\"");

  /**
   * Kernel times by operator type over the runs of an ONNX Runtime profile after the first {@code
   * skipRuns}, and how many runs that is. The profile is Chrome trace JSON that ONNX Runtime writes
   * one event per line, each event when it ends: a node's kernel event has category {@code Node}, a
   * name ending in {@code _kernel_time}, its duration in microseconds and its {@code op_name}; a
   * run's {@code model_run} event (category {@code Session}) follows the kernel events of its
   * nodes. Kernel events before the {@code skipRuns}-th {@code model_run} belong to the skipped
   * runs.
   */
  static Profile kernelTimes(Path trace, int skipRuns) throws IOException {
    Map<String, double[]> byOp = new TreeMap<>();
    Map<String, Set<String>> nodes = new TreeMap<>();
    int runsEnded = 0;
    for (String line : Files.readAllLines(trace)) {
      if (line.contains("\"Session\"") && line.contains("\"model_run\"")) {
        runsEnded++;
        continue;
      }
      if (runsEnded < skipRuns || !line.contains("\"Node\"") || !line.contains("_kernel_time")) {
        continue;
      }
      String name = group(NAME, line);
      String op = group(OP, line);
      String dur = group(DURATION, line);
      if (name == null || op == null || dur == null) {
        continue;
      }
      byOp.computeIfAbsent(op, k -> new double[1])[0] += Double.parseDouble(dur);
      nodes.computeIfAbsent(op, k -> new TreeSet<>()).add(name);
    }
    List<OpTime> out = new ArrayList<>();
    byOp.forEach((op, t) -> out.add(new OpTime(op, nodes.get(op).size(), t[0])));
    out.sort((a, b) -> Double.compare(b.totalMicros(), a.totalMicros()));
    return new Profile(List.copyOf(out), Math.max(0, runsEnded - skipRuns));
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The table of kernel times per measured run by operator type, and the wall time per measured
   * run; {@code warmupRuns} ran before them and are in neither.
   */
  static String table(
      String model, int batch, int runs, int warmupRuns, double wallMicros, List<OpTime> ops) {
    double kernelTotal = ops.stream().mapToDouble(OpTime::totalMicros).sum() / runs;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%nONNX Runtime profile: %s, batch %d, %d runs (after %d warm-up; kernel and wall"
                + " times per run)%n",
            model,
            batch,
            runs,
            warmupRuns));
    s.append(
        String.format(
            Locale.ROOT,
            "%-14s %6s %12s %12s %8s%n",
            "operator",
            "nodes",
            "us/run",
            "ns/event",
            "share"));
    for (OpTime op : ops) {
      double perRun = op.totalMicros() / runs;
      s.append(
          String.format(
              Locale.ROOT,
              "%-14s %6d %12.1f %12.1f %7.1f%%%n",
              op.opType(),
              op.nodes(),
              perRun,
              perRun * 1e3 / batch,
              100 * perRun / kernelTotal));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%-14s %6s %12.1f %12.1f%n",
            "all kernels",
            "",
            kernelTotal,
            kernelTotal * 1e3 / batch));
    s.append(
        String.format(
            Locale.ROOT,
            "wall time per run %.1f us (%.1f ns/event); outside the kernels %.1f us%n",
            wallMicros,
            wallMicros * 1e3 / batch,
            wallMicros - kernelTotal));
    return s.toString();
  }
}
