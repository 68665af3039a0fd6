package org.vbsanomaly.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>Then one thread parks for 10 microseconds 10000 times and prints how long a park really took
 * and the CPU time each cost: the wake-up floor of any thread that sleeps between events.
 */
public final class Hiccups {

  /** Shortest gap recorded: 20 microseconds (a reading normally takes 20 to 30 ns). */
  public static final long GAP_NANOS = 20_000L;

  /** Parks of {@value #WAKE_UP_PARK_NANOS} ns timed by {@link #wakeUps}. */
  static final int WAKE_UP_PARKS = 10_000;

  /** The wait each timed park asks for: 10 microseconds. */
  static final long WAKE_UP_PARK_NANOS = 10_000L;

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
    System.out.println(wakeUps(WAKE_UP_PARKS));
  }

  /**
   * How long a short park really takes, and the CPU time it costs the thread: what every sleeping
   * wait strategy and parked sender pays. On Linux a timed wait ends up to the thread's timer slack
   * (50 microseconds by default) late, plus the wake-up; on a virtual machine arming the timer and
   * waking the virtual CPU can cost the thread tens of microseconds of CPU.
   */
  static String wakeUps(int parks) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Histogram took = new Histogram(60_000_000_000L, 3);
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < parks; i++) {
      long t = System.nanoTime();
      LockSupport.parkNanos(WAKE_UP_PARK_NANOS);
      took.recordValue(System.nanoTime() - t);
    }
    double cpuPerPark = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / parks;
    return String.format(
        Locale.ROOT,
        "park of %d us, %d times: took p50 %.0f us, p99 %.0f us, max %.0f us; CPU %.1f us per park",
        WAKE_UP_PARK_NANOS / 1000,
        parks,
        took.getValueAtPercentile(50) / 1e3,
        took.getValueAtPercentile(99) / 1e3,
        took.getMaxValue() / 1e3,
        cpuPerPark);
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
