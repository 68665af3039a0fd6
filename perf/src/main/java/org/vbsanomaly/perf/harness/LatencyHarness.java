package org.vbsanomaly.perf.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.pipeline.EventPublisher;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import org.vbsanomaly.schema.v1.Threshold;

/**
 * Drives a {@link ScoringPipeline} with an open-loop load and measures publish-to-result latency,
 * corrected for coordinated omission, and throughput.
 *
 * <p>One trial: a fresh pipeline over the model; the calling thread sends events on a {@link
 * RateSchedule} ({@link OpenLoopGenerator}), warm-up first, then the measured part; a monitor
 * thread ({@code vbs-harness-monitor}) takes the latency histograms every second (writing them to
 * the HdrHistogram log if there is one) and, every {@link HarnessConfig#sampleSeconds()}, samples
 * memory and reports progress; then the pipeline is closed, which waits for every result.
 *
 * <p>Threads used: the caller (the generator: it parks between sends by default, see {@link
 * Pacing}), the pipeline's scoring thread (and its result thread if configured), the monitor
 * (asleep but once a second). On two cores that is one core for the generator and one for scoring.
 *
 * <p>The model is the caller's: open it before and close it after.
 */
public final class LatencyHarness {

  private static final int F = Observable.COUNT;
  private static final long TICK_NANOS = 1_000_000_000L;
  private static final long START_DELAY_NANOS = 50_000_000L;

  private LatencyHarness() {}

  /**
   * Runs one trial at {@code config.rate()} (or, for a saturating probe, {@code saturating}).
   *
   * @param log receives the interval histograms (warm-up intervals tagged {@code warmup}), or
   *     {@code null}
   * @throws IllegalArgumentException if the configured rate is {@link OfferedRate#MAX}: use {@link
   *     MaxRateSearch}
   */
  public static TrialResult runTrial(
      AnomalyModel model, HarnessConfig config, HistogramLogWriter log) {
    if (config.rate().isMax()) {
      throw new IllegalArgumentException("a trial needs a fixed rate; search the maximum instead");
    }
    return run(model, config, config.rate().eventsPerSecond(), log);
  }

  /**
   * Sends as fast as the pipeline accepts for the warm-up and the duration: the throughput ceiling,
   * from which {@link MaxRateSearch} starts. Latencies of such a run mean nothing.
   */
  public static TrialResult saturate(AnomalyModel model, HarnessConfig config) {
    return run(model, config, Double.POSITIVE_INFINITY, null);
  }

  private static TrialResult run(
      AnomalyModel model, HarnessConfig config, double rate, HistogramLogWriter log) {
    long start = System.nanoTime() + START_DELAY_NANOS;
    boolean saturating = Double.isInfinite(rate);
    RateSchedule schedule =
        saturating ? RateSchedule.saturating(start) : RateSchedule.fixed(start, rate);
    long warmupEvents = saturating ? 0 : schedule.eventsIn(config.warmupSeconds());
    long scheduled =
        saturating ? Long.MAX_VALUE : warmupEvents + schedule.eventsIn(config.durationSeconds());
    long measuredStart = start + (long) (config.warmupSeconds() * 1e9);
    long runNanos = (long) ((config.warmupSeconds() + config.durationSeconds()) * 1e9);
    long deadline = start + runNanos + (saturating ? 0 : Math.max(1_000_000_000L, runNanos / 2));

    LatencySink sink = new LatencySink(schedule, warmupEvents);
    ScoreSink pipelineSink =
        config.observer() == null ? sink : ScoreSink.tee(sink, config.observer());
    Monitor monitor = new Monitor(sink, log, config, start, measuredStart, saturating);
    OpenLoopGenerator.Outcome outcome;
    long ringFullWaits;
    try (ScoringPipeline pipeline = pipeline(model, config, pipelineSink)) {
      EventPublisher publisher = pipeline.newPublisher();
      monitor.start();
      outcome =
          OpenLoopGenerator.run(
              schedule,
              scheduled,
              deadline,
              measuredStart,
              warmupEvents,
              config.pacing(),
              config.events(),
              (id, rows, offset) -> publisher.publishFeatures(id, rows, offset, F, 0));
      ringFullWaits = pipeline.ringFullWaits();
    }
    monitor.finish();

    long measured;
    long windowStart;
    if (saturating) {
      measured = sink.completed() - outcome.markIndex();
      windowStart = outcome.markNanos();
    } else {
      measured = sink.completed() - Math.min(warmupEvents, sink.completed());
      windowStart = schedule.intendedNanos(warmupEvents);
    }
    double seconds = Math.max(1e-9, (sink.lastCompletionNanos() - windowStart) / 1e9);
    return new TrialResult(
        rate,
        saturating ? outcome.sent() : scheduled,
        warmupEvents,
        outcome.sent(),
        sink.completed(),
        sink.errors(),
        seconds,
        measured / seconds,
        outcome.maxLagNanos(),
        outcome.sendLag(),
        ringFullWaits,
        monitor.coresSince(measuredStart),
        monitor.corrected,
        monitor.uncorrected,
        monitor.memory);
  }

  private static ScoringPipeline pipeline(
      AnomalyModel model, HarnessConfig config, ScoreSink sink) {
    List<Threshold> thresholds = model.thresholds();
    return ScoringPipeline.builder(model)
        .ringSize(config.ringSize())
        .maxBatch(config.maxBatch())
        .waitStrategy(config.waitStrategy())
        .resultThread(config.resultThread())
        .singleProducer(true)
        .threshold(thresholds.isEmpty() ? Double.POSITIVE_INFINITY : thresholds.get(0).getValue())
        .sink(sink)
        .build();
  }

  /**
   * The process's CPU time read once a second by the monitor, so that the CPU of the measured part
   * alone can be told however short it is. Single writer (the monitor); read after it stops.
   */
  static final class CpuClock {
    /** Shortest span worth a figure: half a second. */
    static final long MIN_SPAN_NANOS = 500_000_000L;

    private final List<long[]> ticks = new ArrayList<>();

    /** Reads the process's CPU time, stamped {@code nanos} ({@link System#nanoTime()} scale). */
    void tick(long nanos) {
      add(nanos, MemoryProbe.processCpuNanos());
    }

    void add(long nanos, long cpuNanos) {
      if (cpuNanos >= 0) {
        ticks.add(new long[] {nanos, cpuNanos});
      }
    }

    /**
     * CPU time over wall time from the first tick at or after {@code fromNanos} to the last tick,
     * in cores; NaN if that span is under {@value #MIN_SPAN_NANOS} ns.
     */
    double coresSince(long fromNanos) {
      long[] first = null;
      for (long[] t : ticks) {
        if (t[0] - fromNanos >= 0) {
          first = t;
          break;
        }
      }
      long[] last = ticks.isEmpty() ? null : ticks.get(ticks.size() - 1);
      if (first == null || last[0] - first[0] < MIN_SPAN_NANOS) {
        return Double.NaN;
      }
      return (double) (last[1] - first[1]) / (last[0] - first[0]);
    }
  }

  /** Shortest time between two memory samples: 0.1 s, the resolution of the memory CSV. */
  static final double MIN_SAMPLE_GAP_SECONDS = 0.1;

  /**
   * Adds {@code sample} to {@code samples}, or, when it was taken less than {@link
   * #MIN_SAMPLE_GAP_SECONDS} after the last one (the end sample just after a periodic one), puts it
   * in that one's place: each time appears once, with the later reading.
   */
  static void addSample(List<MemorySample> samples, MemorySample sample) {
    int n = samples.size();
    if (n > 0
        && sample.elapsedSeconds() - samples.get(n - 1).elapsedSeconds() < MIN_SAMPLE_GAP_SECONDS) {
      samples.set(n - 1, sample);
    } else {
      samples.add(sample);
    }
  }

  /** Takes the histograms every second, samples memory and reports progress. */
  private static final class Monitor implements Runnable {
    private final LatencySink sink;
    private final HistogramLogWriter log;
    private final HarnessConfig config;
    private final long start;
    private final long measuredStart;
    private final boolean saturating;
    private final Thread thread;
    private final Histogram corrected = LatencySink.newHistogram();
    private final Histogram uncorrected = LatencySink.newHistogram();
    private final List<MemorySample> memory = new ArrayList<>();
    private final CpuClock cpu = new CpuClock();
    private volatile boolean stopping;
    private Histogram correctedInterval;
    private Histogram uncorrectedInterval;
    private Histogram warmupInterval;
    private long nextSample;

    Monitor(
        LatencySink sink,
        HistogramLogWriter log,
        HarnessConfig config,
        long start,
        long measuredStart,
        boolean saturating) {
      this.sink = sink;
      this.log = log;
      this.config = config;
      this.start = start;
      this.measuredStart = measuredStart;
      this.saturating = saturating;
      this.thread = new Thread(this, "vbs-harness-monitor");
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    /** Stops the thread after a last pass; the histograms and samples are then complete. */
    void finish() {
      stopping = true;
      LockSupport.unpark(thread);
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      long next = start + TICK_NANOS;
      boolean measuring = false;
      nextSample = start;
      while (!stopping) {
        long now = System.nanoTime();
        if (!measuring && now - measuredStart >= 0) {
          cpu.tick(now); // the CPU clock at the start of the measured part
          measuring = true;
        }
        long wakeAt = !measuring && measuredStart - next < 0 ? measuredStart : next;
        if (wakeAt - now > 0) {
          LockSupport.parkNanos(wakeAt - now);
          continue;
        }
        tick(false);
        next += TICK_NANOS;
      }
      tick(true);
    }

    private void tick(boolean last) {
      warmupInterval = sink.warmupInterval(warmupInterval);
      correctedInterval = sink.correctedInterval(correctedInterval);
      uncorrectedInterval = sink.uncorrectedInterval(uncorrectedInterval);
      write(warmupInterval, "warmup");
      write(correctedInterval, null);
      corrected.add(correctedInterval);
      uncorrected.add(uncorrectedInterval);
      long now = System.nanoTime();
      cpu.tick(now);
      if (last || now - nextSample >= 0) {
        MemorySample sample = MemoryProbe.read(Math.max(0, now - start) / 1e9);
        addSample(memory, sample);
        config.progress().accept(progressLine(sample, last, now));
        nextSample += (long) (config.sampleSeconds() * 1e9);
      }
    }

    /** Process CPU in cores from the first tick at or after {@code fromNanos} to the last one. */
    double coresSince(long fromNanos) {
      return cpu.coresSince(fromNanos);
    }

    private void write(Histogram interval, String tag) {
      if (log != null && interval.getTotalCount() > 0) {
        interval.setTag(tag);
        log.outputIntervalHistogram(interval);
      }
    }

    /**
     * One progress line: the time, the results so far, a latency (see {@link #lastSecondP99} and
     * {@link #runP99}), the heap and the RSS.
     */
    private String progressLine(MemorySample s, boolean last, long now) {
      String afterGc =
          s.afterACollection()
              ? String.format(Locale.ROOT, "%6.1f MB", MemorySample.mib(s.heapAfterGc()))
              : "none yet";
      return String.format(
          Locale.ROOT,
          "%7.1f s%s results %,12d  %s  heap %6.1f MB (after GC %s)  RSS %6.1f MB",
          s.elapsedSeconds(),
          last ? " end" : "    ",
          sink.completed(),
          last ? runP99() : lastSecondP99(now),
          MemorySample.mib(s.heapUsed()),
          afterGc,
          MemorySample.mib(s.rss()));
    }

    /**
     * The corrected p99 of the last second's results: of the measured events, or of the warm-up
     * events when more of those came back, tagged {@code (warm-up)}, as is every line before the
     * warm-up ends.
     */
    private String lastSecondP99(long now) {
      boolean inWarmup = now - measuredStart < 0;
      if (saturating) {
        return inWarmup
            ? "no latencies (saturating probe, warm-up)"
            : "no latencies (saturating probe)";
      }
      boolean warmupShown = warmupInterval.getTotalCount() > correctedInterval.getTotalCount();
      Histogram shown = warmupShown ? warmupInterval : correctedInterval;
      return latency("last second p99", shown) + (warmupShown || inWarmup ? " (warm-up)" : "");
    }

    /**
     * The corrected p99 of every measured result, for the end line: the interval since the last
     * line is a fraction of a second, often without a result.
     */
    private String runP99() {
      return saturating ? "no latencies (saturating probe)" : latency("run p99", corrected);
    }

    private static String latency(String label, Histogram h) {
      return String.format(
          Locale.ROOT,
          "%-15s %s",
          label,
          h.getTotalCount() == 0
              ? "(no results)"
              : String.format(Locale.ROOT, "%9.1f us", h.getValueAtPercentile(99) / 1e3));
    }
  }
}
