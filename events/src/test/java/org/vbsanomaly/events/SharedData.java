package org.vbsanomaly.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared data beside the repository; tests skip when it is absent. */
final class SharedData {
  private SharedData() {}

  static Path dir() {
    Path dir = Path.of(System.getProperty("vbs.shared.dir", "../../shared"));
    assumeTrue(Files.isDirectory(dir), "shared data folder not found: " + dir.toAbsolutePath());
    return dir;
  }

  static Path caseFile(String name) {
    Path file = dir().resolve("cases").resolve(name);
    assumeTrue(Files.isRegularFile(file), "case file not found: " + file);
    return file;
  }

  static Path sample(String folder, String name) {
    Path file = dir().resolve("data").resolve(folder).resolve(name);
    assumeTrue(Files.isRegularFile(file), "sample not found: " + file);
    return file;
  }
}
