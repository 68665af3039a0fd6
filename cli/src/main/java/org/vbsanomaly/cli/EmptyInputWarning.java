package org.vbsanomaly.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.vbsanomaly.events.ReadStats;

/**
 * The warning for an LHE file read without error that holds no event: most likely not the file
 * meant.
 */
final class EmptyInputWarning {

  private EmptyInputWarning() {}

  static void printIfEmpty(PrintWriter err, Path file, ReadStats stats) {
    if (stats.eventsSeen() == 0) {
      err.println(
          "warning: "
              + file
              + ": no events (the file has a header and an <init> block but no <event>)");
    }
  }
}
