package org.vbsanomaly.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vbsanomaly.trainer.Timings;
import org.vbsanomaly.trainer.TrainingListener;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.eval.ScoreCut;

/**
 * Console output shared by the training commands ({@code train}, {@code train-classifier}): the
 * progress shown on stderr while training and the summary lines common to both on stdout.
 */
final class TrainingConsole {

  private TrainingConsole() {}

  /** Prints how many epochs ran, the best one and why training stopped. */
  static void printEpochs(PrintWriter out, int epochsRun, int bestEpoch, String stopReason) {
    out.printf(Locale.ROOT, "epochs: %d run, best %d (%s)%n", epochsRun, bestEpoch, stopReason);
  }

  /**
   * Prints one line per threshold: the cut on {@code quantity} (e.g. mse, score) that keeps the
   * cut's fraction of the SM test weight.
   */
  static void printThresholds(PrintWriter out, String quantity, List<ScoreCut> thresholds) {
    for (ScoreCut c : thresholds) {
      out.printf(
          Locale.ROOT,
          "threshold keeping %s of SM test weight: %s > %.6g (%d events)%n",
          c.targetFraction(),
          quantity,
          c.cut(),
          c.keptEvents());
    }
  }

  /** Prints where the time went (seconds), the files written and the warnings, then flushes. */
  static void printClosing(PrintWriter out, Timings t, List<Path> outputs, List<String> warnings) {
    out.printf(
        Locale.ROOT,
        "time: %.1f s total = reading %.1f, preprocessing %.1f, training %.1f, evaluation %.1f,"
            + " export %.1f, outputs %.1f%n",
        t.total(),
        t.reading(),
        t.preprocessing(),
        t.training(),
        t.evaluation(),
        t.export(),
        t.outputs());
    out.println("written:");
    for (Path p : outputs) {
      out.println("  " + p);
    }
    for (String w : warnings) {
      out.println("warning: " + w);
    }
    out.flush();
  }

  /**
   * Progress on stderr: a bar per epoch on a terminal, one line per epoch otherwise. Subclasses say
   * what a sample, the start of training and an epoch look like; calls come from the training
   * thread only (not thread-safe). Closing closes a bar still open; the writer is not closed.
   */
  abstract static class Progress implements TrainingListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean interactive;
    private int maxEpochs;
    private ProgressBar bar;

    Progress(PrintWriter err, boolean interactive) {
      this.err = err;
      this.interactive = interactive;
    }

    /** How a loaded sample is named in its line: its file, by default. */
    String sampleLabel(LoadedSample s) {
      return s.spec().file().toString();
    }

    /** The line (ending in a line break) announcing training. */
    abstract String startLine(int maxEpochs, int batches, int fitEvents, int validationEvents);

    /** The epoch limit given when training started. */
    final int maxEpochs() {
      return maxEpochs;
    }

    /**
     * Ends an epoch: on a terminal, closes its bar with {@code barMessage} (short enough to leave
     * the bar visible on 80 columns); otherwise prints {@code line} (ending in a line break).
     */
    final void endEpoch(String barMessage, String line) {
      if (bar != null) {
        bar.setExtraMessage(barMessage);
        bar.close();
        bar = null;
      } else {
        err.print(line);
        err.flush();
      }
    }

    @Override
    public final void stage(String description) {
      err.println("[" + description + "]");
      err.flush();
    }

    @Override
    public final void sampleLoaded(LoadedSample s) {
      err.printf(
          Locale.ROOT,
          "  %s: %d events read, %d selected, sigma %.4g pb%s%n",
          sampleLabel(s),
          s.sample().eventsRead(),
          s.size(),
          s.sample().crossSectionPb(),
          s.sample().eventsDamaged() > 0 ? ", " + s.sample().eventsDamaged() + " damaged" : "");
      err.flush();
    }

    @Override
    public final void trainingStarted(
        int maxEpochs, int batches, int fitEvents, int validationEvents) {
      this.maxEpochs = maxEpochs;
      err.print(startLine(maxEpochs, batches, fitEvents, validationEvents));
      err.flush();
    }

    @Override
    public final void batchFinished(int epoch, int batch, int batches) {
      if (!interactive) {
        return;
      }
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, maxEpochs))
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .build();
      }
      bar.stepTo(batch);
    }

    @Override
    public final void warning(String message) {
      err.println("warning: " + message);
      err.flush();
    }

    @Override
    public final void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
