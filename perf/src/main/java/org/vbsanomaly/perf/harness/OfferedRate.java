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

  /** The forms {@link #parse} reads, for error messages. */
  static final String FORMS =
      "events per second (100000, 1e5, 100k, 2M) above 0 and at most 100M, or 'max'";

  /**
   * @throws IllegalArgumentException if a fixed rate is not above 0 and at most {@link #HIGHEST}
   *     ({@code NaN} is {@link #MAX}; use {@link #of} for fixed rates, which refuses it)
   */
  public OfferedRate {
    if (!Double.isNaN(eventsPerSecond) && !inRange(eventsPerSecond)) {
      throw outOfRange(null, eventsPerSecond);
    }
  }

  /**
   * A fixed rate.
   *
   * @throws IllegalArgumentException if it is not above 0 and at most {@link #HIGHEST}, or is NaN
   */
  public static OfferedRate of(double eventsPerSecond) {
    if (Double.isNaN(eventsPerSecond)) {
      throw outOfRange(null, eventsPerSecond);
    }
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
   * <p>NaN and infinity are refused, not read as numbers.
   *
   * @throws IllegalArgumentException with the accepted forms when {@code text} is none of them or
   *     the rate is out of range
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
    double value = number(t, text) * scale;
    if (!inRange(value)) {
      throw outOfRange(text, value);
    }
    return of(value);
  }

  /** A plain decimal number: no NaN, Infinity, hexadecimal or type suffix (d, f). */
  private static double number(String t, String text) {
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new IllegalArgumentException(
          "--rate '" + text + "' is not understood; expected " + FORMS);
    }
    return Double.parseDouble(t);
  }

  private static boolean inRange(double eventsPerSecond) {
    return eventsPerSecond > 0 && eventsPerSecond <= HIGHEST;
  }

  /** {@code given}: the text as typed, or {@code null} for a rate given as a number. */
  private static IllegalArgumentException outOfRange(String given, double eventsPerSecond) {
    String what =
        given == null
            ? eventsPerSecond + " events/s"
            : "'" + given + "' (" + eventsPerSecond + " events/s)";
    return new IllegalArgumentException("--rate " + what + " is out of range; expected " + FORMS);
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
