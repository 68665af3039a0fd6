package org.vbsanomaly.events;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Les Houches event file that cannot be read as written: a damaged event, a truncated or corrupt
 * stream, a missing or malformed {@code <init>} block. The message always names the file and the
 * 1-based line, then says what was wrong and what was expected.
 *
 * <p>The reader throws this exception for problems that end the stream (truncation, a broken {@code
 * <init>}); damaged events that it can skip are passed to a {@link DamageListener} as instances of
 * this class instead of being thrown.
 */
public final class LheFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String problem;

  /**
   * @param file the file being read (its name appears in the message)
   * @param line 1-based line number the problem is attributed to, or 0 when no line applies
   * @param problem what was wrong and what was expected, without the file and line
   */
  public LheFormatException(Path file, long line, String problem) {
    this(file, line, problem, null);
  }

  public LheFormatException(Path file, long line, String problem, Throwable cause) {
    super(format(file, line, problem), cause);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  private static String format(Path file, long line, String problem) {
    String where = String.valueOf(file);
    return line > 0 ? where + ":" + line + ": " + problem : where + ": " + problem;
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  /** The 1-based line the problem is attributed to; 0 when none applies. */
  public long line() {
    return line;
  }

  /** What was wrong, without the file and line prefix. */
  public String problem() {
    return problem;
  }
}
