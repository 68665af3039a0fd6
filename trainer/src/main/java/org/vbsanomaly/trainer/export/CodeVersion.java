package org.vbsanomaly.trainer.export;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The version of the code that trains a model, for its metadata: the project version from the
 * build, and the git commit of the checkout the classes were built from, with {@code -dirty} when
 * tracked files differ from that commit. The commit is asked from {@code git} (read-only commands)
 * in the directory holding the classes or jar; "unknown commit" when that is not a checkout or git
 * is not installed.
 */
public final class CodeVersion {
  private CodeVersion() {}

  /** For example {@code "vbs-anomaly 0.1.0-SNAPSHOT (git 1a2b3c4d5e6f-dirty)"}. */
  public static String describe() {
    return "vbs-anomaly " + projectVersion() + " (" + gitCommit() + ")";
  }

  /** The Maven project version of the trainer, or "development" if the build did not record it. */
  public static String projectVersion() {
    Properties p = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "development";
    }
    String v = p.getProperty("version", "");
    return v.isEmpty() || v.startsWith("${") ? "development" : v;
  }

  static String gitCommit() {
    Path dir = codeLocation();
    if (dir == null) {
      return "unknown commit";
    }
    String head = git(dir, "rev-parse", "--short=12", "HEAD");
    if (head == null || head.isEmpty()) {
      return "unknown commit";
    }
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    return "git " + head + (status == null || status.isEmpty() ? "" : "-dirty");
  }

  private static Path codeLocation() {
    try {
      Path p =
          Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(p) ? p : p.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static String git(Path dir, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = dir.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      p.getErrorStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroy();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
