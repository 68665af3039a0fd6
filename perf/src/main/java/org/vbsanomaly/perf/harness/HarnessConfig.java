package org.vbsanomaly.perf.harness;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import org.vbsanomaly.inference.pipeline.WaitStrategyKind;
import org.vbsanomaly.perf.BenchmarkEvents;

/**
 * Everything a {@link LatencyHarness} run needs besides the model. Immutable; build with {@link
 * #builder()}, which validates every option and names the one out of range.
 */
public final class HarnessConfig {

  /** Default measured duration: 10 s (per trial in the maximum search). */
  public static final double DEFAULT_DURATION_SECONDS = 10;

  /** Default warm-up before measuring, at the offered rate: 2 s. */
  public static final double DEFAULT_WARMUP_SECONDS = 2;

  /** Default interval between progress lines and memory samples: 5 s. */
  public static final double DEFAULT_SAMPLE_SECONDS = 5;

  /**
   * Default latency bound of a sustained rate in the maximum search: a corrected p99 of 10 ms,
   * about the time to drain a full default ring (16384 events) at 1.6 million events per second. A
   * p99 beyond it means the ring is often full and holds the sender back: the queue, not the
   * scoring, sets the latency. A tighter bound measures a latency-limited rate instead; the
   * platform's own stalls (see {@code Hiccups}) put a floor of a few milliseconds under the p99 of
   * a fully loaded two-core machine.
   */
  public static final long DEFAULT_MAX_P99_NANOS = 10_000_000L;

  /**
   * Default pacing of the generator: {@link Pacing#PARK}. On the two-core machine of perf/README.md
   * a generator that spins (or yields) holds a core beside the scoring thread, and every other
   * thread that wakes then preempts one of the two for milliseconds; parking costs up to about 0.1
   * ms of sending lateness, which the corrected latency includes.
   */
  public static final Pacing DEFAULT_PACING = Pacing.PARK;

  /** Default seed of the synthetic events. */
  public static final long DEFAULT_EVENT_SEED = 11;

  /**
   * Longest duration, warm-up or sample interval accepted: 10^6 s, about 11.6 days. Times are
   * counted in nanoseconds in a {@code long}; the bound keeps warm-up plus duration far from its
   * overflow (about 292 years), which would end a run at once with meaningless results.
   */
  public static final double MAX_SECONDS = 1e6;

  /**
   * Largest ring accepted: 2^22 = 4194304 slots. A slot (the event, its result, the ring's
   * reference) takes about {@value #SLOT_BYTES} bytes of heap, so this ring takes about 600 MB, and
   * full it holds over a second of events at the highest rate measured (3.4 MHz), far beyond any
   * latency worth measuring. A ring must also fit in half the JVM's maximum heap.
   */
  public static final int MAX_RING_SIZE = 1 << 22;

  /** Approximate heap per ring slot, bytes: the ring of {@code N} slots takes about N times it. */
  public static final int SLOT_BYTES = 150;

  /**
   * Fewest events a fixed-rate run must schedule in its measured part (rate times duration): with
   * fewer the p99 and p99.9 are one or two events, and the achieved rate is a count of a handful.
   */
  public static final long MIN_MEASURED_EVENTS = 100;

  private final OfferedRate rate;
  private final double durationSeconds;
  private final double warmupSeconds;
  private final int maxBatch;
  private final int ringSize;
  private final WaitStrategyKind waitStrategy;
  private final boolean resultThread;
  private final Pacing pacing;
  private final BenchmarkEvents events;
  private final double sampleSeconds;
  private final long maxP99Nanos;
  private final Consumer<String> progress;
  private final ScoreSink observer;

  private HarnessConfig(Builder b) {
    this.rate = b.rate;
    this.durationSeconds = b.durationSeconds;
    this.warmupSeconds = b.warmupSeconds;
    this.maxBatch = b.maxBatch;
    this.ringSize = b.ringSize;
    this.waitStrategy = b.waitStrategy;
    this.resultThread = b.resultThread;
    this.pacing = b.pacing;
    this.events = b.events != null ? b.events : defaultEvents();
    this.sampleSeconds = b.sampleSeconds;
    this.maxP99Nanos = b.maxP99Nanos;
    this.progress = b.progress;
    this.observer = b.observer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Synthetic SSWW-like events from {@link #DEFAULT_EVENT_SEED}. */
  public static BenchmarkEvents defaultEvents() {
    return BenchmarkEvents.synthetic(DEFAULT_EVENT_SEED, BenchmarkEvents.DEFAULT_COUNT);
  }

  public OfferedRate rate() {
    return rate;
  }

  /** Measured seconds (per trial in the maximum search). */
  public double durationSeconds() {
    return durationSeconds;
  }

  public double warmupSeconds() {
    return warmupSeconds;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public int ringSize() {
    return ringSize;
  }

  public WaitStrategyKind waitStrategy() {
    return waitStrategy;
  }

  public boolean resultThread() {
    return resultThread;
  }

  /** How the generator waits between events. */
  public Pacing pacing() {
    return pacing;
  }

  public BenchmarkEvents events() {
    return events;
  }

  public double sampleSeconds() {
    return sampleSeconds;
  }

  public long maxP99Nanos() {
    return maxP99Nanos;
  }

  public Consumer<String> progress() {
    return progress;
  }

  /** A sink that sees every result after the latency sink (tests use it to inject stalls). */
  ScoreSink observer() {
    return observer;
  }

  /**
   * This configuration at another offered rate (the maximum search's trials). The search chooses
   * the rate, so a trial is not refused for measuring fewer than {@link #MIN_MEASURED_EVENTS}.
   */
  HarnessConfig withRate(OfferedRate newRate) {
    Builder b = toBuilder();
    b.rate = Objects.requireNonNull(newRate, "newRate");
    b.validate();
    return new HarnessConfig(b);
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.rate = rate;
    b.durationSeconds = durationSeconds;
    b.warmupSeconds = warmupSeconds;
    b.maxBatch = maxBatch;
    b.ringSize = ringSize;
    b.waitStrategy = waitStrategy;
    b.resultThread = resultThread;
    b.pacing = pacing;
    b.events = events;
    b.sampleSeconds = sampleSeconds;
    b.maxP99Nanos = maxP99Nanos;
    b.progress = progress;
    b.observer = observer;
    return b;
  }

  /** Builder of {@link HarnessConfig}; not thread-safe. */
  public static final class Builder {
    private OfferedRate rate = OfferedRate.of(100_000);
    private double durationSeconds = DEFAULT_DURATION_SECONDS;
    private double warmupSeconds = DEFAULT_WARMUP_SECONDS;
    private int maxBatch = ScoringPipeline.DEFAULT_MAX_BATCH;
    private int ringSize = ScoringPipeline.DEFAULT_RING_SIZE;
    private WaitStrategyKind waitStrategy = ScoringPipeline.DEFAULT_WAIT_STRATEGY;
    private boolean resultThread;
    private Pacing pacing = DEFAULT_PACING;
    private BenchmarkEvents events;
    private double sampleSeconds = DEFAULT_SAMPLE_SECONDS;
    private long maxP99Nanos = DEFAULT_MAX_P99_NANOS;
    private Consumer<String> progress = line -> {};
    private ScoreSink observer;

    private Builder() {}

    /** Offered load (default 100 kHz). */
    public Builder rate(OfferedRate rate) {
      this.rate = Objects.requireNonNull(rate, "rate");
      return this;
    }

    /**
     * Measured seconds, after the warm-up, up to {@link HarnessConfig#MAX_SECONDS} (default 10).
     */
    public Builder durationSeconds(double seconds) {
      this.durationSeconds = seconds;
      return this;
    }

    /** Seconds at the offered rate before measuring, 0 for none, up to 10^6 (default 2). */
    public Builder warmupSeconds(double seconds) {
      this.warmupSeconds = seconds;
      return this;
    }

    /** Most events per ONNX Runtime call (default {@link ScoringPipeline#DEFAULT_MAX_BATCH}). */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Ring slots, a power of two up to {@link HarnessConfig#MAX_RING_SIZE} that fits in half the
     * heap (default {@link ScoringPipeline#DEFAULT_RING_SIZE}).
     */
    public Builder ringSize(int ringSize) {
      this.ringSize = ringSize;
      return this;
    }

    /** How the pipeline's threads wait (default {@link ScoringPipeline#DEFAULT_WAIT_STRATEGY}). */
    public Builder waitStrategy(WaitStrategyKind waitStrategy) {
      this.waitStrategy = Objects.requireNonNull(waitStrategy, "waitStrategy");
      return this;
    }

    /** Deliver results from a thread of their own (default false). */
    public Builder resultThread(boolean resultThread) {
      this.resultThread = resultThread;
      return this;
    }

    /** How the generator waits between events (default {@link HarnessConfig#DEFAULT_PACING}). */
    public Builder pacing(Pacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing");
      return this;
    }

    /** Events to send, cycled (default {@link HarnessConfig#defaultEvents()}). */
    public Builder events(BenchmarkEvents events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** Seconds between progress lines and memory samples (default 5). */
    public Builder sampleSeconds(double seconds) {
      this.sampleSeconds = seconds;
      return this;
    }

    /** Latency bound of a sustained rate in the maximum search (default 10 ms), nanoseconds. */
    public Builder maxP99Nanos(long nanos) {
      this.maxP99Nanos = nanos;
      return this;
    }

    /** Receives progress lines (default: dropped). */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    Builder observer(ScoreSink observer) {
      this.observer = observer;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the option out of range, or when a fixed-rate run
     *     would measure fewer than {@link #MIN_MEASURED_EVENTS} events
     */
    public HarnessConfig build() {
      validate();
      requireEnoughEvents();
      return new HarnessConfig(this);
    }

    /** Checks every option on its own, and the batch against the ring. */
    private void validate() {
      requireSeconds("duration (--duration)", durationSeconds, false);
      requireSeconds("warm-up (--warmup)", warmupSeconds, true);
      requireSeconds("sample interval (--sample-every)", sampleSeconds, false);
      requireRingSize();
      if (maxBatch < 1 || maxBatch > ringSize) {
        throw new IllegalArgumentException(
            "maximum batch (--batch-max) is "
                + maxBatch
                + "; expected 1 to the ring size "
                + ringSize);
      }
      if (maxP99Nanos <= 0) {
        throw new IllegalArgumentException(
            "latency bound (--max-p99) is " + maxP99Nanos + " ns; expected a positive time");
      }
    }

    private static void requireSeconds(String name, double seconds, boolean zeroAllowed) {
      boolean low = zeroAllowed ? seconds >= 0 : seconds > 0;
      if (!(low && seconds <= MAX_SECONDS)) {
        throw new IllegalArgumentException(
            name
                + " is "
                + plain(seconds)
                + " s; expected "
                + (zeroAllowed ? "0" : "a number above 0")
                + " up to "
                + plain(MAX_SECONDS)
                + " seconds (about 11.6 days)");
      }
    }

    private void requireRingSize() {
      if (ringSize < 2 || ringSize > MAX_RING_SIZE || Integer.bitCount(ringSize) != 1) {
        throw new IllegalArgumentException(
            "ring size (--ring-size) is "
                + ringSize
                + "; expected a power of two from 2 to "
                + MAX_RING_SIZE
                + " (2^22; each slot takes about "
                + SLOT_BYTES
                + " bytes of heap)");
      }
      long ringBytes = (long) ringSize * SLOT_BYTES;
      long heapBytes = Runtime.getRuntime().maxMemory();
      if (ringBytes > heapBytes / 2) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "ring size (--ring-size) %d needs about %d MB of heap, more than half the JVM's"
                    + " maximum heap of %d MB; give a smaller ring or a larger heap (-Xmx)",
                ringSize,
                ringBytes >> 20,
                heapBytes >> 20));
      }
    }

    /** A fixed-rate run needs events to measure; a search's trials are sized by the search. */
    private void requireEnoughEvents() {
      if (rate.isMax()) {
        return;
      }
      double perSecond = rate.eventsPerSecond();
      double scheduled = Math.ceil(perSecond * durationSeconds);
      if (scheduled < MIN_MEASURED_EVENTS) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "--rate %s events/s for --duration %s s schedules %.0f event%s to measure; the"
                    + " percentiles and the achieved rate need at least %d: raise --rate or"
                    + " --duration so that rate x duration is %d or more (e.g. --duration %s or"
                    + " --rate %s)",
                plain(perSecond),
                plain(durationSeconds),
                scheduled,
                scheduled == 1 ? "" : "s",
                MIN_MEASURED_EVENTS,
                MIN_MEASURED_EVENTS,
                plain(roundUp(MIN_MEASURED_EVENTS / perSecond)),
                plain(roundUp(MIN_MEASURED_EVENTS / durationSeconds))));
      }
    }

    /** Three significant digits, rounded up. */
    private static double roundUp(double x) {
      return new BigDecimal(x).round(new MathContext(3, RoundingMode.CEILING)).doubleValue();
    }

    /** A number as a person would type it: {@code 1000000000000}, {@code 0.0001}, {@code NaN}. */
    private static String plain(double x) {
      if (!Double.isFinite(x)) {
        return Double.toString(x);
      }
      return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
  }
}
