package org.vbsanomaly.events;

/**
 * Internal signal that the event being parsed is damaged; carries the message and the line it
 * concerns. Thrown only on the rare damaged path, without a stack trace, and always caught inside
 * the reader, which turns it into an {@link LheFormatException}.
 */
final class Damage extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final long line;

  Damage(long line, String message) {
    super(message, null, false, false);
    this.line = line;
  }
}
