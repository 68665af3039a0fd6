package org.vbsanomaly.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;

/**
 * Standard output for rows and tables ({@code --out -}). {@link System#out} is a {@link
 * java.io.PrintStream}, which swallows write errors: a full disk or a closed pipe would go unseen
 * and the command would report success. This stream writes to the process's standard output (file
 * descriptor 1) directly, so a failure throws an {@link java.io.IOException} with the system's
 * reason, exactly as writing to a file does. Closing it flushes and leaves standard output open.
 */
final class StandardOutput {

  /** Standard output, as messages name it. */
  static final String NAME = "standard output";

  private StandardOutput() {}

  /** Standard output as a stream whose write failures throw; anything in System.out goes first. */
  static OutputStream open() {
    System.out.flush();
    return new KeepOpen(new FileOutputStream(FileDescriptor.out));
  }
}
