package org.vbsanomaly.perf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.vbsanomaly.events.DamageListener;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;

/**
 * How fast an LHE.gz file becomes observables, beside the cost of decompressing it alone.
 *
 * <p>One operation is one whole file, held in memory so the disk plays no part, read on one thread:
 *
 * <ul>
 *   <li>{@code gunzip}: the baseline, GZIPInputStream (the JDK's zlib) into a 64 KiB buffer;
 *   <li>{@code readEvents}: decompress and parse every event (LheReader);
 *   <li>{@code readEventsAndObservables}: the same plus the 14 observables of each event;
 *   <li>{@code parseUncompressed}: parsing and observables from the decompressed text, the reader's
 *       own cost without zlib.
 * </ul>
 *
 * <p>Run it with the shared data beside the repository:
 *
 * <pre>
 * mvn -B -o -q -pl perf -am install -DskipTests
 * mvn -B -o -q -pl perf dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp perf/target/classes:$(cat perf/target/classpath.txt) \
 *     -Dvbs.shared.dir=../shared org.vbsanomaly.perf.LheReadBenchmark [FILE...]
 * </pre>
 *
 * FILE is a path to an existing file or else relative to {@code shared/data}. Without FILE it reads
 * {@code ssww/ssww_cW_lin.lhe.gz} there, or, in a clone without the shared data, the shipped {@code
 * data/sample/ssww_cW_lin_test.lhe.gz}. The main method prints MB/s of decompressed text and
 * events/s for each benchmark, and each one's rate as a fraction of gunzip's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(1)
public class LheReadBenchmark {
  static final String DEFAULT_FILE = "ssww/ssww_cW_lin.lhe.gz";

  /** The shipped sample's test split of the same sample, from the repository's root. */
  static final String SHIPPED_FILE = "data/sample/ssww_cW_lin_test.lhe.gz";

  /** File under {@code shared/data}. */
  @Param({DEFAULT_FILE})
  public String file;

  private byte[] compressed;
  private byte[] decompressed;
  private final byte[] sink = new byte[1 << 16];

  @Setup
  public void load() throws IOException {
    compressed = Files.readAllBytes(dataFile(file));
    decompressed = gunzipAll(compressed);
  }

  @Benchmark
  public long gunzip() throws IOException {
    long bytes = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 1 << 16)) {
      int n;
      while ((n = in.read(sink)) > 0) {
        bytes += n;
      }
    }
    return bytes;
  }

  @Benchmark
  public double readEvents() throws IOException {
    double sum = 0;
    try (LheReader reader = open(compressed)) {
      LheEvent event = new LheEvent();
      while (reader.next(event)) {
        sum += event.weight();
      }
    }
    return sum;
  }

  @Benchmark
  public double readEventsAndObservables() throws IOException {
    return observables(compressed);
  }

  @Benchmark
  public double parseUncompressed() throws IOException {
    return observables(decompressed);
  }

  private static double observables(byte[] data) throws IOException {
    double sum = 0;
    double[] obs = new double[Observable.COUNT];
    try (LheReader reader = open(data)) {
      LheEvent event = new LheEvent();
      while (reader.next(event)) {
        int mask = ObservableCalculator.compute(event, obs);
        sum += obs[Observable.MJJ.ordinal()] + mask;
      }
    }
    return sum;
  }

  private static LheReader open(byte[] data) throws IOException {
    return LheReader.open(
        new ByteArrayInputStream(data), Path.of("benchmark.lhe"), DamageListener.IGNORE);
  }

  static Path dataFile(String name) {
    Path direct = Path.of(name);
    if (Files.isRegularFile(direct)) {
      return direct;
    }
    Path dir = sharedData();
    Path path = dir.resolve(name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "benchmark input not found: "
              + name
              + " is neither a file nor under "
              + dir.toAbsolutePath().normalize()
              + " (set -Dvbs.shared.dir to the folder holding data/, or name a file such as the"
              + " shipped "
              + SHIPPED_FILE
              + ")");
    }
    return path;
  }

  private static Path sharedData() {
    return Path.of(System.getProperty("vbs.shared.dir", "../shared"), "data");
  }

  /**
   * The shared data's {@value #DEFAULT_FILE} when it is there, else the shipped {@value
   * #SHIPPED_FILE} (when run from the repository's root), saying so.
   */
  private static String[] defaultInputs() {
    Path shared = sharedData().resolve(DEFAULT_FILE);
    if (Files.isRegularFile(shared) || !Files.isRegularFile(Path.of(SHIPPED_FILE))) {
      return new String[] {DEFAULT_FILE};
    }
    System.out.println(shared + " not found: reading " + SHIPPED_FILE);
    return new String[] {SHIPPED_FILE};
  }

  static byte[] gunzipAll(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static long countEvents(byte[] gz) throws IOException {
    long n = 0;
    try (LheReader reader = open(gz)) {
      LheEvent event = new LheEvent();
      while (reader.next(event)) {
        n++;
      }
    }
    return n;
  }

  /** Runs the benchmarks and prints rates in MB/s and events/s beside the gunzip baseline. */
  public static void main(String[] args) throws RunnerException, IOException {
    String[] inputs = args.length == 0 ? defaultInputs() : args;
    String sharedDir = System.getProperty("vbs.shared.dir", "../shared");
    Options options =
        new OptionsBuilder()
            .include(LheReadBenchmark.class.getName() + "\\.")
            .param("file", inputs)
            .jvmArgsAppend("-Dvbs.shared.dir=" + sharedDir)
            .build();
    Collection<RunResult> results = new Runner(options).run();

    System.out.println();
    System.out.println(Machine.describe());
    for (String input : inputs) {
      byte[] gz = Files.readAllBytes(dataFile(input));
      long bytes = gunzipAll(gz).length;
      long events = countEvents(gz);
      System.out.printf(
          Locale.ROOT,
          "%n%s: %.2f MB compressed, %.2f MB of text, %d events%n",
          input,
          gz.length / 1e6,
          bytes / 1e6,
          events);
      Map<String, Double> msPerFile = new TreeMap<>();
      for (RunResult r : results) {
        if (input.equals(r.getParams().getParam("file"))) {
          String name = r.getParams().getBenchmark();
          msPerFile.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
      }
      double gunzipRate = bytes / 1e3 / msPerFile.getOrDefault("gunzip", Double.NaN);
      System.out.printf(
          Locale.ROOT,
          "%-26s %10s %10s %12s %10s%n",
          "benchmark",
          "ms/file",
          "MB/s",
          "events/s",
          "x gunzip");
      for (Map.Entry<String, Double> e : msPerFile.entrySet()) {
        double rate = bytes / 1e3 / e.getValue();
        System.out.printf(
            Locale.ROOT,
            "%-26s %10.2f %10.1f %12.0f %10.2f%n",
            e.getKey(),
            e.getValue(),
            rate,
            events * 1e3 / e.getValue(),
            rate / gunzipRate);
      }
    }
  }
}
