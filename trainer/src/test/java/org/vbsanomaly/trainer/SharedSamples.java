package org.vbsanomaly.trainer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared data beside the repository; tests that need it skip when it is absent. */
final class SharedSamples {
  private SharedSamples() {}

  static Path dir() {
    Path dir = Path.of(System.getProperty("vbs.shared.dir", "../../shared"));
    assumeTrue(Files.isDirectory(dir), "shared data folder not found: " + dir.toAbsolutePath());
    return dir;
  }

  /** A file of {@code data/ssww}. */
  static Path ssww(String name) {
    Path file = dir().resolve("data").resolve("ssww").resolve(name);
    assumeTrue(Files.isRegularFile(file), "sample not found: " + file);
    return file;
  }

  /** A file of {@code cases}. */
  static Path caseFile(String name) {
    Path file = dir().resolve("cases").resolve(name);
    assumeTrue(Files.isRegularFile(file), "case file not found: " + file);
    return file;
  }
}
