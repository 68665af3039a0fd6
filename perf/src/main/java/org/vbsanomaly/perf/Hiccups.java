package org.vbsanomaly.perf;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * How often the platform takes the CPU away from a running thread: the floor under any latency the
 * harness measures.
 *
 * <p>Each of {@code THREADS} threads (default: one per core) spins on {@link System#nanoTime()} for
 * {@code SECONDS} (default 10) with nothing else to do, and records every gap between consecutive
 * readings longer than {@value #GAP_NANOS} ns: time when the thread was not running (hypervisor
 * preemption, interrupts, other processes, the JVM's own safepoints). Usage: {@code Hiccups
 * [SECONDS] [THREADS]}. Prints per thread the number of gaps, their total as a share of the run,
 * and the gap sizes at percentiles.
 *
 * <p>An event scored while its threads are stopped waits for the gap; with gaps covering a share
 * {@code f} of the time, about that share of events carry a gap's delay, and queued events behind
 * them more. When {@code f} approaches 1%, the p99 of any latency measured on the machine is set by
 * the gaps.
 */
public final class Hiccups {

  /** Shortest gap recorded: 20 microseconds (a reading normally takes 20 to 30 ns). */
  public static final long GAP_NANOS = 20_000L;

  private Hiccups() {}

  public static void main(String[] args) throws InterruptedException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int threads =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    System.out.println(Machine.describe());
    Thread[] workers = new Thread[threads];
    String[] lines = new String[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] = new Thread(() -> lines[id] = measure(id, seconds), "hiccups-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    for (String line : lines) {
      System.out.println(line);
    }
  }

  /** Spins for {@code seconds} and describes the gaps seen. */
  static String measure(int id, double seconds) {
    Histogram gaps = new Histogram(60_000_000_000L, 3);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long last = System.nanoTime();
    long lost = 0;
    while (last - end < 0) {
      long now = System.nanoTime();
      long gap = now - last;
      if (gap > GAP_NANOS) {
        gaps.recordValue(gap);
        lost += gap;
      }
      last = now;
    }
    return String.format(
        Locale.ROOT,
        "thread %d: %d gaps over %d us in %.0f s, %.3f%% of the time; gap p50 %.0f us, p90 %.0f"
            + " us, p99 %.0f us, max %.0f us",
        id,
        gaps.getTotalCount(),
        GAP_NANOS / 1000,
        seconds,
        100.0 * lost / (seconds * 1e9),
        gaps.getValueAtPercentile(50) / 1e3,
        gaps.getValueAtPercentile(90) / 1e3,
        gaps.getValueAtPercentile(99) / 1e3,
        gaps.getMaxValue() / 1e3);
  }
}
