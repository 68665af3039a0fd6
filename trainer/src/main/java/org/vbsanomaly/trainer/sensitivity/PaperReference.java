package org.vbsanomaly.trainer.sensitivity;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sensitivities published in "Variational AutoEncoders for Anomaly Detection in VBS events
 * within an EFT framework" (Boldrini, Gennai, Govoni, Lavizzari): for each model kind and operator,
 * the smallest coefficient at which the model reaches 3 sigma at 350 fb^-1, or none. Printed beside
 * our results for comparison; the paper's samples, selection and training differ from ours, so
 * agreement in size, not in digits, is what to look for.
 */
public final class PaperReference {

  /** The paper's seven operators, in its order. */
  public static final List<String> OPERATORS =
      List.of("cW", "cqq1", "cqq11", "cqq3", "cqq31", "cHq1", "cHW");

  private static final double NONE = Double.NaN;

  private static final Map<String, double[]> BY_KIND =
      Map.of(
          "vae", new double[] {0.34, 0.56, 0.29, 0.04, 0.06, NONE, 0.41},
          "vae+nn", new double[] {0.13, 0.17, 0.18, 0.11, 0.11, 0.61, 0.65});

  private PaperReference() {}

  /**
   * The paper's value for a model kind ({@code "vae"} or {@code "vae+nn"}, any case) and operator;
   * empty if the paper has no such entry.
   */
  public static Optional<Published> lookup(String kind, String operator) {
    double[] values = kind == null ? null : BY_KIND.get(kind.toLowerCase(Locale.ROOT));
    int column = OPERATORS.indexOf(operator);
    if (values == null || column < 0) {
      return Optional.empty();
    }
    return Optional.of(new Published(values[column]));
  }

  /** The paper's label for a model kind, e.g. {@code VAE+NN}. */
  public static String label(String kind) {
    return kind == null ? "" : kind.toUpperCase(Locale.ROOT);
  }

  /**
   * One published value.
   *
   * @param c the smallest coefficient reaching 3 sigma, NaN where the paper reports none
   */
  public record Published(double c) {

    public boolean sensitive() {
      return !Double.isNaN(c);
    }

    /** {@code "0.34"} or {@code "none"}. */
    public String text() {
      return sensitive() ? String.format(Locale.ROOT, "%.2f", c) : "none";
    }
  }
}
