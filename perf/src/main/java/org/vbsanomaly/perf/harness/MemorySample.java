package org.vbsanomaly.perf.harness;

import java.util.Locale;

/**
 * One reading of the process's memory, and of the CPU time it has used, during a harness run. Sizes
 * in bytes.
 *
 * @param elapsedSeconds since the run started
 * @param heapUsed Java heap in use now (live and garbage)
 * @param heapAfterGc Java heap in use after the most recent collection of each heap pool, summed (0
 *     before the first collection, see {@link #afterACollection()}): the live heap, the figure that
 *     must stay flat
 * @param direct direct byte buffers (the scorers' input and output buffers)
 * @param rss resident set size of the process ({@code VmRSS}; -1 where /proc is not available):
 *     heap, code, ONNX Runtime's native memory and everything else
 * @param gcCount collections so far, all collectors
 * @param gcMillis time in collections so far, all collectors
 * @param processCpuNanos CPU time of the whole process so far, all threads, user and system (-1
 *     where the JVM cannot tell)
 */
public record MemorySample(
    double elapsedSeconds,
    long heapUsed,
    long heapAfterGc,
    long direct,
    long rss,
    long gcCount,
    long gcMillis,
    long processCpuNanos) {

  /** Header of {@link #csvLine()}. */
  public static final String CSV_HEADER =
      "elapsed_s,heap_used_mb,heap_after_gc_mb,direct_mb,rss_mb,gc_count,gc_ms,process_cpu_s";

  /** Whether a collection had happened by this sample, so that {@link #heapAfterGc()} means one. */
  public boolean afterACollection() {
    return gcCount > 0;
  }

  /**
   * The sample as CSV, sizes in MiB; {@code heap_after_gc_mb} is empty before the first collection.
   */
  public String csvLine() {
    return String.format(
        Locale.ROOT,
        "%.1f,%.2f,%s,%.2f,%.2f,%d,%d,%.3f",
        elapsedSeconds,
        mib(heapUsed),
        afterACollection() ? String.format(Locale.ROOT, "%.2f", mib(heapAfterGc)) : "",
        mib(direct),
        mib(rss),
        gcCount,
        gcMillis,
        processCpuNanos < 0 ? -1.0 : processCpuNanos / 1e9);
  }

  static double mib(long bytes) {
    return bytes < 0 ? -1 : bytes / (1024.0 * 1024.0);
  }
}
