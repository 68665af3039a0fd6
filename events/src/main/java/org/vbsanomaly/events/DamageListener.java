package org.vbsanomaly.events;

/**
 * Told about each damaged event that an {@link LheReader} skips. Called on the reading thread,
 * before the reader moves on to the next event; it must not call back into the reader.
 */
@FunctionalInterface
public interface DamageListener {
  /** A listener that does nothing; the reader's {@link ReadStats} still count the damage. */
  DamageListener IGNORE = damage -> {};

  /**
   * @param damage names the file, the line and what was wrong with the event
   */
  void damagedEvent(LheFormatException damage);
}
