package org.vbsanomaly.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar over a number of bytes, drawn on standard error, or nothing at all: shown when
 * asked for, or by default when the command runs in a terminal. Updates are cheap (the bar redraws
 * on its own thread a few times a second); {@link #close()} draws the final state. Not thread-safe.
 */
final class ByteProgress implements AutoCloseable {
  private static final long MIB = 1 << 20;

  private final ProgressBar bar;

  private ByteProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /**
   * @param task name shown at the left of the bar
   * @param totalBytes the total the bar fills up to
   * @param show true or false to force, null to show only in a terminal
   */
  static ByteProgress start(String task, long totalBytes, Boolean show, PrintStream stream) {
    boolean visible = show != null ? show : System.console() != null;
    if (!visible) {
      return new ByteProgress(null);
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(1, totalBytes))
            .setUnit(" MiB", MIB)
            .setConsumer(new ConsoleProgressBarConsumer(stream))
            .setUpdateIntervalMillis(250)
            .showSpeed()
            .build();
    return new ByteProgress(bar);
  }

  /** Moves the bar to {@code bytesDone}. */
  void at(long bytesDone) {
    if (bar != null) {
      bar.stepTo(bytesDone);
    }
  }

  /** Shows {@code message} beside the bar (e.g. the file being read). */
  void message(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
