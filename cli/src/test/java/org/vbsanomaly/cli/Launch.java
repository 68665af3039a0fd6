package org.vbsanomaly.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code vbs-anomaly} in a JVM of its own, the way the launcher does, with its standard output
 * sent to a file: the process's real standard output, which no in-process test can replace (the
 * commands write rows and tables to file descriptor 1, not to {@link System#out}).
 */
final class Launch {

  /** What the process gave: its exit status and its standard error. */
  record Result(int status, String err) {}

  private Launch() {}

  static Result withStdoutTo(Path stdout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(VbsAnomaly.class.getName());
    command.addAll(List.of(args));
    Path err = Files.createTempFile("vbs-anomaly-stderr", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(err.toFile());
      // In CLASSPATH, not -cp: ONNX Runtime 1.29 crashes the JVM (exit 139) when the command line
      // is longer than about 4 KB, which the test classpath listed in full is.
      builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
      Process p = builder.start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("vbs-anomaly did not finish in 2 minutes: " + command);
      }
      return new Result(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
