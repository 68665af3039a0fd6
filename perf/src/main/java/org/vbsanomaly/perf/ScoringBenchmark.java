package org.vbsanomaly.perf;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.inference.ModelOptions;
import org.vbsanomaly.inference.model.JavaForwardPass;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.inference.pipeline.EventPublisher;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoredEvent;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import org.vbsanomaly.inference.pipeline.WaitStrategyKind;

/**
 * Scoring cost per event against batch size, five ways over the same model and the same events:
 *
 * <ul>
 *   <li>{@code onnxSession}: ONNX Runtime alone: one {@code OrtSession.run} per batch over a
 *       prefilled direct buffer, outputs read back; the floor of any ONNX Runtime scorer;
 *   <li>{@code batchScorer}: {@link BatchScorer#score} over row arrays, batches of {@code batch}
 *       (staging copy, per-row validation, pinned outputs);
 *   <li>{@code scorerLoop}: a plain loop over the same scorer, event by event, as a consumer
 *       without a ring would: {@code add} each event, {@code run} when {@code batch} are staged,
 *       read each event's mse and kld. The baseline the ring pipeline is held against;
 *   <li>{@code ringPipeline}: the full {@link ScoringPipeline}: this thread publishes, the scoring
 *       thread batches up to {@code batch} events per ONNX Runtime call and delivers every result
 *       to a sink; an invocation ends when its last result has arrived;
 *   <li>{@code javaForwardPass}: {@link JavaForwardPass} on the same weights in batches of {@code
 *       batch}, the reference for what the machine can do.
 * </ul>
 *
 * <p>One operation is one event: each invocation scores {@value #EVENTS} events from a pool made in
 * setup from a fixed seed, so the scores read as time per event. The model is the {@code model}
 * parameter: {@value BenchmarkModel#RANDOM} (the default architecture with random weights from a
 * fixed seed; the cost depends on the shape, not the values) or a path to an exported model. ONNX
 * Runtime runs with {@code intraOpThreads} threads per call (default {@link
 * ModelOptions#DEFAULT_INTRA_OP_THREADS}). The ring has 16384 slots, or four batches if more.
 *
 * <p>Run it through {@code perf/run-benchmarks.sh}, or {@link #main} with JMH options, e.g. {@code
 * -p batch=64,4096 -p model=models/vae.onnx}; the main method ends with a table of time and rate
 * per event for each batch size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScoringBenchmark {

  /** Events scored per invocation. */
  public static final int EVENTS = 1 << 15;

  private static final int F = Observable.COUNT;

  /** Most events per ONNX Runtime call (and per Java forward-pass call). */
  @Param({"1", "8", "64", "512", "4096"})
  public int batch;

  /** {@value BenchmarkModel#RANDOM} or the path of an exported model. */
  @Param({BenchmarkModel.RANDOM})
  public String model;

  /** ONNX Runtime threads per call (a lever; the project's default is 1). */
  @Param({"1"})
  public int intraOpThreads;

  private BenchmarkModel benchmarkModel;
  private AnomalyModel anomalyModel;
  private BatchScorer scorer;
  private JavaForwardPass javaPass;
  private float[] rows;
  private float[] staging;
  private float[] mse;
  private float[] kld;

  @Setup(Level.Trial)
  public void setUp() throws IOException, ModelException {
    benchmarkModel = BenchmarkModel.resolve(model);
    anomalyModel =
        AnomalyModel.open(
            benchmarkModel.onnx(), ModelOptions.builder().intraOpThreads(intraOpThreads).build());
    scorer = anomalyModel.newBatchScorer(batch);
    javaPass = new JavaForwardPass(benchmarkModel.vae(), benchmarkModel.classifier());
    rows = BenchmarkEvents.synthetic(11, EVENTS).rows();
    staging = new float[batch * F];
    mse = new float[EVENTS];
    kld = new float[EVENTS];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    anomalyModel.close();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public float batchScorer() throws ModelException {
    scorer.score(rows, null, EVENTS, mse, kld, null, null);
    float sum = 0;
    for (int start = 0; start < EVENTS; start += batch) {
      sum += mse[Math.min(start + batch, EVENTS) - 1] + kld[start];
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public double scorerLoop() throws ModelException {
    double sum = 0;
    scorer.clear();
    for (int e = 0; e < EVENTS; e++) {
      scorer.add(rows, e * F, F, 0);
      if (scorer.isFull() || e == EVENTS - 1) {
        scorer.run();
        sum += readBack(scorer);
        scorer.clear();
      }
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public float javaForwardPass() {
    float sum = 0;
    for (int start = 0; start < EVENTS; start += batch) {
      int n = Math.min(batch, EVENTS - start);
      System.arraycopy(rows, start * F, staging, 0, n * F);
      javaPass.score(staging, n, mse, kld, null);
      sum += mse[n - 1] + kld[0];
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public float onnxSession(SessionState s) throws OrtException {
    float sum = 0;
    for (int start = 0; start < EVENTS; start += batch) {
      sum += s.run(Math.min(batch, EVENTS - start));
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void ringPipeline(RingState ring, Blackhole blackhole) {
    long first = ring.nextId;
    for (int e = 0; e < EVENTS; e++) {
      ring.publisher.publishFeatures(first + e, rows, e * F, F, 0);
    }
    ring.nextId = first + EVENTS;
    ring.sink.awaitDelivered(ring.nextId);
    blackhole.consume(ring.sink.mseSum);
  }

  private static double readBack(BatchScorer scorer) {
    double sum = 0;
    for (int row = 0; row < scorer.size(); row++) {
      sum += scorer.mse(row) + scorer.kld(row);
    }
    return sum;
  }

  /** The pipeline of {@code ringPipeline}: one scoring thread delivering to a counting sink. */
  @State(Scope.Thread)
  public static class RingState {
    /** Consumer wait strategy (a lever: SLEEPING, YIELDING, BLOCKING, BUSY_SPIN). */
    @Param({"SLEEPING"})
    public WaitStrategyKind wait;

    /** Whether results go through a result thread of their own (a lever). */
    @Param({"false"})
    public boolean resultThread;

    /**
     * Scoring threads, each with its own BatchScorer over the model's one ONNX Runtime session (a
     * lever; more than one adds a result thread).
     */
    @Param({"1"})
    public int scoringThreads = 1;

    ScoringPipeline pipeline;
    EventPublisher publisher;
    DrainSink sink;
    long nextId;

    @Setup(Level.Trial)
    public void start(ScoringBenchmark b) {
      sink = new DrainSink();
      pipeline =
          ScoringPipeline.builder(b.anomalyModel)
              .ringSize(ringSize(b.batch))
              .maxBatch(b.batch)
              .waitStrategy(wait)
              .resultThread(resultThread)
              .scoringThreads(scoringThreads)
              .singleProducer(true)
              .threshold(Double.MAX_VALUE)
              .sink(sink)
              .build();
      publisher = pipeline.newPublisher();
    }

    @TearDown(Level.Trial)
    public void stop() {
      pipeline.close();
    }

    /** The default ring, or four batches when that is more. */
    static int ringSize(int batch) {
      return Math.max(ScoringPipeline.DEFAULT_RING_SIZE, 4 * Integer.highestOneBit(batch));
    }
  }

  /** A sink that counts results and lets the producer wait for a count without spinning. */
  static final class DrainSink implements ScoreSink {
    private long counted;
    private volatile long delivered;
    volatile double mseSum;
    private double sum;

    @Override
    public void accept(ScoredEvent event) {
      sum += event.mse();
      counted++;
    }

    @Override
    public void endOfBatch() {
      mseSum = sum;
      delivered = counted;
    }

    long delivered() {
      return delivered;
    }

    void awaitDelivered(long count) {
      while (delivered < count) {
        LockSupport.parkNanos(20_000L);
      }
    }
  }

  /** A bare ONNX Runtime session over the same model file, with a prefilled input buffer. */
  @State(Scope.Thread)
  public static class SessionState {
    private OrtEnvironment env;
    private OrtSession session;
    private FloatBuffer input;

    @Setup(Level.Trial)
    public void open(ScoringBenchmark b) throws OrtException {
      env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(b.intraOpThreads);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(b.benchmarkModel.onnx().toString(), options);
      }
      input =
          ByteBuffer.allocateDirect(b.batch * F * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      input.put(b.rows, 0, b.batch * F).flip();
    }

    /** Scores the first {@code n} prefilled events; returns a value read from the outputs. */
    float run(int n) throws OrtException {
      input.clear().limit(n * F);
      try (OnnxTensor features = OnnxTensor.createTensor(env, input, new long[] {n, F});
          OrtSession.Result result =
              session.run(
                  Map.of(OnnxModelContract.INPUT, features),
                  Set.of(OnnxModelContract.MSE, OnnxModelContract.KLD))) {
        FloatBuffer mse = ((OnnxTensor) result.get(OnnxModelContract.MSE).get()).getFloatBuffer();
        FloatBuffer kld = ((OnnxTensor) result.get(OnnxModelContract.KLD).get()).getFloatBuffer();
        return mse.get(n - 1) + kld.get(0);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws OrtException {
      session.close();
    }
  }

  /**
   * Runs the benchmarks and prints, per batch size, nanoseconds and millions of events per second
   * for each way, the ring against the plain loop, and the machine. Arguments are JMH options.
   */
  public static void main(String[] args)
      throws RunnerException, CommandLineOptionException, IOException {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      builder.include(ScoringBenchmark.class.getName() + "\\.");
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.println(Machine.describe());
    System.out.print(summary(results));
  }

  /** The per-batch tables of {@link #main}, one per model. */
  static String summary(Collection<RunResult> results) {
    // model -> way (method, levers) -> batch -> result
    Map<String, Map<String, Map<Integer, Result<?>>>> byModel = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String threads = r.getParams().getParam("intraOpThreads");
      String way =
          name.substring(name.lastIndexOf('.') + 1)
              + lever(r)
              + ("1".equals(threads) || threads == null ? "" : " [" + threads + " ORT threads]");
      byModel
          .computeIfAbsent(r.getParams().getParam("model"), k -> new TreeMap<>())
          .computeIfAbsent(way, k -> new TreeMap<>())
          .put(Integer.parseInt(r.getParams().getParam("batch")), r.getPrimaryResult());
    }
    StringBuilder out = new StringBuilder();
    byModel.forEach((model, byWay) -> appendTable(out, model, byWay));
    return out.toString();
  }

  private static void appendTable(
      StringBuilder out, String model, Map<String, Map<Integer, Result<?>>> byWay) {
    out.append(
        String.format(
            Locale.ROOT,
            "%nns per event (99.9%% CI half-width), and millions of events/s; model %s%n",
            model));
    out.append(String.format(Locale.ROOT, "%-46s", "way \\ batch"));
    Set<Integer> batches = new java.util.TreeSet<>();
    byWay.values().forEach(m -> batches.addAll(m.keySet()));
    for (int b : batches) {
      out.append(String.format(Locale.ROOT, " %20d", b));
    }
    out.append('\n');
    for (Map.Entry<String, Map<Integer, Result<?>>> e : byWay.entrySet()) {
      out.append(String.format(Locale.ROOT, "%-46s", e.getKey()));
      for (int b : batches) {
        Result<?> r = e.getValue().get(b);
        out.append(r == null ? String.format(Locale.ROOT, " %20s", "-") : cell(r));
      }
      out.append('\n');
    }
    appendRatio(out, byWay, batches, "ringPipeline", "scorerLoop");
    appendRatio(out, byWay, batches, "javaForwardPass", "batchScorer");
  }

  private static String lever(RunResult r) {
    String wait = r.getParams().getParam("wait");
    if (wait == null) {
      return "";
    }
    String threads = r.getParams().getParam("scoringThreads");
    return " ("
        + wait.toLowerCase(Locale.ROOT)
        + ("true".equals(r.getParams().getParam("resultThread")) ? ", result thread" : "")
        + (threads == null || "1".equals(threads) ? "" : ", " + threads + " scoring threads")
        + ")";
  }

  private static String cell(Result<?> r) {
    return cell(r.getScore(), r.getScoreError());
  }

  /**
   * One table cell: ns per event, the confidence interval's half-width, millions of events/s. JMH
   * gives no interval (NaN) for fewer than 3 iterations; the cell then reads {@code ± n/a}.
   */
  static String cell(double ns, double error) {
    String halfWidth =
        Double.isFinite(error)
            ? String.format(Locale.ROOT, "%5.1f", error)
            : String.format(Locale.ROOT, "%5s", "n/a");
    return String.format(Locale.ROOT, " %8.1f ±%s %5.2fM", ns, halfWidth, 1e3 / ns);
  }

  /** One line per numerator variant: rate of {@code num} over rate of {@code den}. */
  private static void appendRatio(
      StringBuilder out,
      Map<String, Map<Integer, Result<?>>> byWay,
      Set<Integer> batches,
      String num,
      String den) {
    for (Map.Entry<String, Map<Integer, Result<?>>> n : byWay.entrySet()) {
      String method = n.getKey();
      if (!method.startsWith(num)) {
        continue;
      }
      String threads = method.contains(" [") ? method.substring(method.indexOf(" [")) : "";
      Map<Integer, Result<?>> d = byWay.get(den + threads);
      if (d == null) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "%-46s", "rate " + method + " / " + den));
      for (int b : batches) {
        Result<?> rn = n.getValue().get(b);
        Result<?> rd = d.get(b);
        out.append(
            rn == null || rd == null
                ? String.format(Locale.ROOT, " %20s", "-")
                : String.format(Locale.ROOT, " %20.2f", rd.getScore() / rn.getScore()));
      }
      out.append('\n');
    }
  }
}
