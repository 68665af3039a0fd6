package org.vbsanomaly.perf.harness;

import java.util.Locale;

/**
 * The load a harness run offers: a fixed rate in events per second, or {@link #MAX}, the search for
 * the highest rate the pipeline sustains.
 *
 * @param eventsPerSecond the fixed rate; {@code NaN} for {@link #MAX}
 */
public record OfferedRate(double eventsPerSecond) {

  /** Find the sustained maximum. */
  public static final OfferedRate MAX = new OfferedRate(Double.NaN);

  /** Highest fixed rate accepted: 100 million events per second. */
  public static final double HIGHEST = 1e8;

  public OfferedRate {
    if (!Double.isNaN(eventsPerSecond) && !(eventsPerSecond > 0 && eventsPerSecond <= HIGHEST)) {
      throw new IllegalArgumentException(
          "offered rate " + eventsPerSecond + " events/s is out of range (0, " + HIGHEST + "]");
    }
  }

  /** A fixed rate. */
  public static OfferedRate of(double eventsPerSecond) {
    return new OfferedRate(eventsPerSecond);
  }

  /** Whether this asks for the sustained maximum. */
  public boolean isMax() {
    return Double.isNaN(eventsPerSecond);
  }

  /**
   * Parses {@code max}, a number of events per second ({@code 100000}, {@code 1e5}), or a number
   * with the suffix {@code k} (thousands) or {@code M} (millions): {@code 100k}, {@code 2.5M}.
   *
   * @throws IllegalArgumentException with the accepted forms when {@code text} is none of them
   */
  public static OfferedRate parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("max")) {
      return MAX;
    }
    double scale = 1;
    if (t.endsWith("k") || t.endsWith("K")) {
      scale = 1e3;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("M")) {
      scale = 1e6;
      t = t.substring(0, t.length() - 1);
    }
    try {
      return of(Double.parseDouble(t) * scale);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "rate '"
              + text
              + "' is not understood; expected 'max', events per second (100000, 1e5) or a"
              + " number with k or M (100k, 2M)");
    }
  }

  @Override
  public String toString() {
    return isMax() ? "max" : format(eventsPerSecond);
  }

  /** A rate for people: {@code 100 kHz}, {@code 2.35 MHz}, {@code 500 Hz}. */
  public static String format(double eventsPerSecond) {
    if (eventsPerSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.3g MHz", eventsPerSecond / 1e6);
    }
    if (eventsPerSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.3g kHz", eventsPerSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.3g Hz", eventsPerSecond);
  }
}
