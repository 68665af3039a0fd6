package org.vbsanomaly.trainer.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One input file and what it holds.
 *
 * @param name short label used in plots, tables and metadata (e.g. {@code "sm"}, {@code "cW_quad"})
 * @param file the LHE file ({@code .lhe} or {@code .lhe.gz})
 * @param role SM, LIN or QUAD
 * @param operator the Wilson coefficient for LIN and QUAD samples (e.g. {@code "cW"}), empty for SM
 */
public record SampleSpec(String name, Path file, SampleRole role, String operator) {

  public SampleSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(operator, "operator");
    if (name.isBlank()) {
      throw new IllegalArgumentException("sample name is empty for " + file);
    }
    if ((role == SampleRole.SM) != operator.isEmpty()) {
      throw new IllegalArgumentException(
          "sample "
              + name
              + ": an operator is expected for LIN and QUAD samples and only for them");
    }
  }

  /** An SM sample named after its file (without directory and LHE extensions). */
  public static SampleSpec sm(Path file) {
    return new SampleSpec(baseName(file), file, SampleRole.SM, "");
  }

  /**
   * An EFT sample from a command-line pair {@code NAME=FILE}. The role and operator come from a
   * {@code _lin} or {@code _quad} suffix of the name (e.g. {@code cW_quad}), or else of the file
   * name (e.g. {@code ssww_cW_lin.lhe.gz}, operator {@code cW}).
   *
   * @throws IllegalArgumentException when neither says whether the sample is LIN or QUAD
   */
  public static SampleSpec eft(String name, Path file) {
    SampleSpec fromName = parseSuffix(name, name, file);
    if (fromName != null) {
      return fromName;
    }
    String base = baseName(file);
    SampleSpec fromFile = parseSuffix(base, name, file);
    if (fromFile != null) {
      return fromFile;
    }
    throw new IllegalArgumentException(
        "cannot tell whether EFT sample '"
            + name
            + "' ("
            + file
            + ") is a LIN or a QUAD sample: name it OPERATOR_lin or OPERATOR_quad, e.g. cW_quad="
            + file);
  }

  private static SampleSpec parseSuffix(String text, String name, Path file) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (SampleRole role : new SampleRole[] {SampleRole.LIN, SampleRole.QUAD}) {
      String suffix = "_" + role.name().toLowerCase(Locale.ROOT);
      if (lower.endsWith(suffix) && text.length() > suffix.length()) {
        String op = text.substring(0, text.length() - suffix.length());
        int underscore = op.lastIndexOf('_');
        // A file name such as ssww_cW_lin carries the process before the operator.
        if (underscore >= 0 && !text.equals(name)) {
          op = op.substring(underscore + 1);
        }
        if (!op.isEmpty()) {
          return new SampleSpec(name, file, role, op);
        }
      }
    }
    return null;
  }

  /** The file name without directory and without {@code .gz} and {@code .lhe}. */
  static String baseName(Path file) {
    String n = file.getFileName().toString();
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".lhe")) {
      n = n.substring(0, n.length() - 4);
    }
    return n;
  }

  @Override
  public String toString() {
    return name + " (" + role + (operator.isEmpty() ? "" : " " + operator) + ", " + file + ")";
  }
}
