package org.vbsanomaly.trainer.data;

/**
 * How several SM files become one sample.
 *
 * <p>Each file is an independent generation of the same process, normalised on its own so that its
 * weights sum to its cross section. Concatenated as they are, N files would describe N times the
 * process. Instead every file's weights are scaled by its share of the events read, n_f / sum n:
 * the combined weights then sum to the events-weighted mean of the files' cross sections, every
 * event of an unweighted generation carries the same weight whichever file it came from, and a
 * single file is left unchanged.
 */
public final class SmCombination {
  private SmCombination() {}

  /**
   * The factor for each file, in order.
   *
   * @param eventsRead events read from each file (damaged ones excluded)
   */
  public static double[] weightScales(long[] eventsRead) {
    long total = 0;
    for (long n : eventsRead) {
      total += n;
    }
    double[] scales = new double[eventsRead.length];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = total == 0 ? 0 : (double) eventsRead[i] / total;
    }
    return scales;
  }
}
