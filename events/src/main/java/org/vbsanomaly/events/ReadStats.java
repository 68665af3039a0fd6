package org.vbsanomaly.events;

import java.util.List;

/**
 * What an {@link LheReader} has read so far from one file.
 *
 * @param eventsRead complete, valid events delivered to the caller
 * @param eventsDamaged damaged events reported and skipped
 * @param sumOfWeights sum of XWGTUP over the delivered events (negative weights included), in the
 *     file's weight unit (pb for MadGraph and every IDWTUP = +-3, +-4 file)
 * @param sumOfSquaredWeights sum of XWGTUP squared over the delivered events
 * @param firstDamageMessages messages of the first {@link #KEPT_MESSAGES} damaged events, each
 *     naming the file and line
 */
public record ReadStats(
    long eventsRead,
    long eventsDamaged,
    double sumOfWeights,
    double sumOfSquaredWeights,
    List<String> firstDamageMessages) {

  /** How many damage messages are kept; the count goes on beyond it. */
  public static final int KEPT_MESSAGES = 10;

  public ReadStats {
    firstDamageMessages = List.copyOf(firstDamageMessages);
  }

  /** Events met in the file, read or damaged: the number of {@code <event>} blocks seen. */
  public long eventsSeen() {
    return eventsRead + eventsDamaged;
  }

  /**
   * Kish's effective number of events, (sum w)^2 / sum w^2; equals {@link #eventsRead()} for files
   * whose weights all have the same magnitude and sign.
   */
  public double effectiveEvents() {
    return sumOfSquaredWeights == 0 ? 0 : sumOfWeights * sumOfWeights / sumOfSquaredWeights;
  }
}
