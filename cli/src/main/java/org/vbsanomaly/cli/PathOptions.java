package org.vbsanomaly.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks of the files and folders options name, made before any work so that a refusal names the
 * option, the path and the problem. Left to the JDK, the same mistakes read {@code Is a directory}
 * or just the path (an existing file where a folder was asked).
 */
final class PathOptions {

  private PathOptions() {}

  /**
   * An existing, readable regular file.
   *
   * @param expected what the option takes, for the message: {@code "an LHE file"}
   * @throws IllegalArgumentException naming the option, the path and what is wrong with it
   */
  static void requireFile(String option, Path file, String expected) {
    requireNotEmpty(option, file, expected);
    String problem = fileProblem(file);
    if (problem != null) {
      throw new IllegalArgumentException(
          option + " " + file + ": " + problem + "; expected " + expected);
    }
  }

  private static String fileProblem(Path file) {
    if (Files.isDirectory(file)) {
      return "is a directory";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (!Files.isRegularFile(file)) {
      return "not a regular file";
    }
    return Files.isReadable(file) ? null : "cannot be read (permission denied)";
  }

  /**
   * A folder, or a path where one can be created: no file in the way, at the path or above it.
   *
   * @param expected what the folder is for, for the message: {@code "a folder for the results"}
   * @throws IllegalArgumentException naming the option, the path and the file in the way
   */
  static void requireFolder(String option, Path folder, String expected) {
    requireNotEmpty(option, folder, expected);
    Path absolute = folder.toAbsolutePath();
    for (Path at = absolute; at != null; at = at.getParent()) {
      if (Files.isDirectory(at)) {
        return;
      }
      if (Files.exists(at)) {
        String where = at.equals(absolute) ? "is a file" : at + " is a file";
        throw new IllegalArgumentException(
            option
                + " "
                + folder
                + ": "
                + where
                + ", not a folder; expected "
                + expected
                + " (created if absent): give another path or move the file away");
      }
    }
  }

  /**
   * Creates the folder (and those above it) now, so that a path that cannot hold it is refused
   * before any work, naming the option.
   *
   * @param expected what the folder is for, for the message: {@code "a folder for the results"}
   * @throws IllegalArgumentException naming the option, the path and why it cannot be created
   */
  static void createFolder(String option, Path folder, String expected) {
    requireFolder(option, folder, expected);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + " " + folder + ": " + creationProblem(e) + "; expected " + expected, e);
    }
    if (!Files.isWritable(folder)) {
      throw new IllegalArgumentException(
          option + " " + folder + ": cannot be written (permission denied); expected " + expected);
    }
  }

  private static String creationProblem(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot be created (permission denied)";
    }
    if (e instanceof NoSuchFileException) {
      return "cannot be created (the file system has no room for a folder there)";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return "cannot be created (" + fs.getReason() + ")";
    }
    return "cannot be created (" + e.getMessage() + ")";
  }

  /** An empty path (an unset shell variable) would silently mean the current folder. */
  private static void requireNotEmpty(String option, Path path, String expected) {
    if (path.toString().isEmpty()) {
      throw new IllegalArgumentException(
          option + " is empty; expected " + expected + " (write . for the current folder)");
    }
  }
}
