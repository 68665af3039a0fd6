package org.vbsanomaly.perf.harness;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process's memory: heap in use and after the last collection (JMX), direct buffers,
 * resident set size ({@code /proc/self/status}), collections so far; and its CPU time. It never
 * triggers a collection, so sampling does not disturb the latencies it runs beside. Stateless,
 * thread-safe.
 */
public final class MemoryProbe {

  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private MemoryProbe() {}

  /** One reading now, stamped {@code elapsedSeconds}. */
  public static MemorySample read(double elapsedSeconds) {
    long heapAfterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (after != null) {
        heapAfterGc += after.getUsed();
      }
    }
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        direct = pool.getMemoryUsed();
      }
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new MemorySample(
        elapsedSeconds,
        heapUsed,
        heapAfterGc,
        direct,
        residentSetBytes(),
        gcCount,
        gcMillis,
        processCpuNanos());
  }

  /** CPU time of this process so far, nanoseconds, or -1 where the JVM cannot tell. */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** {@code VmRSS} of this process in bytes, or -1 where it cannot be read. */
  public static long residentSetBytes() {
    try {
      for (String line : Files.readAllLines(PROC_STATUS)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
        }
      }
    } catch (IOException | NumberFormatException | SecurityException e) {
      return -1;
    }
    return -1;
  }
}
