package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.inference.Device;
import org.vbsanomaly.inference.DeviceUnavailableException;
import org.vbsanomaly.inference.ModelOptions;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import org.vbsanomaly.schema.v1.FeatureSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options that pick a model, the device it runs on and the anomaly cut: shared by {@code score}
 * and {@code serve}. A model that cannot be used (not a vbs-anomaly model, the device is
 * unavailable, no stored cut at the asked efficiency) is a user error with the reason.
 */
final class ModelChoice {

  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "MODEL.onnx",
      description = "Exported model: ONNX with vbs-anomaly metadata (from 'train').")
  Path model;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      paramLabel = "DEVICE",
      converter = DeviceConverter.class,
      description =
          "cpu, cuda, or auto (CUDA when it can be used, else the CPU with a warning). Default:"
              + " ${DEFAULT-VALUE}. CUDA needs the GPU build (Maven profile -Pcuda) and the CUDA"
              + " 12 and cuDNN 9 libraries.")
  Device device;

  @Option(
      names = "--threshold",
      paramLabel = "CUT",
      description =
          "Flag events whose flag variable (mse for a VAE, score for a VAE+NN) is above CUT.")
  Double threshold;

  @Option(
      names = "--efficiency",
      paramLabel = "F",
      description =
          "Flag with the model's stored cut that keeps the fraction F of SM events (default:"
              + " 0.01).")
  Double efficiency;

  /** Opens the model on the chosen device; warnings (e.g. the CPU fallback) go to {@code err}. */
  AnomalyModel open(PrintWriter err) throws IOException, ModelException {
    PathOptions.requireFile(
        "--model", model, "an ONNX model with vbs-anomaly metadata (from 'train')");
    ModelOptions options =
        ModelOptions.builder().device(device).warnings(m -> err.println("warning: " + m)).build();
    try {
      return AnomalyModel.open(model, options);
    } catch (ModelFormatException | DeviceUnavailableException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Runs one event through the model, so that the first real event does not pay for ONNX Runtime's
   * first-run set-up (tens of milliseconds) and the latency figures show steady state. The event
   * sits in the middle of every feature's training range.
   */
  static void warmUp(AnomalyModel m) throws ModelException {
    float[] row = new float[m.featureCount()];
    List<FeatureSpec> features = m.metadata().getFeaturesList();
    for (int i = 0; i < row.length; i++) {
      FeatureSpec f = features.get(i);
      double middle = (f.getMin() + f.getMax()) / 2;
      row[i] = (float) (f.getLog10() ? Math.pow(10, middle) : middle);
    }
    BatchScorer scorer = m.newBatchScorer(1);
    scorer.add(row, 0, row.length, 0);
    scorer.run();
  }

  /** The anomaly flag from {@code --threshold} or {@code --efficiency}. */
  AnomalyFlag flag(AnomalyModel m) {
    if (threshold != null && efficiency != null) {
      throw new IllegalArgumentException(
          "--threshold and --efficiency both choose the cut: give one of them");
    }
    if (threshold != null) {
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException("--threshold " + threshold + ": expected a number");
      }
      return m.flagAtValue(threshold);
    }
    double f = efficiency != null ? efficiency : ScoringPipeline.DEFAULT_SM_EFFICIENCY;
    if (!(f > 0 && f < 1)) {
      throw new IllegalArgumentException("--efficiency " + f + ": expected a fraction in (0, 1)");
    }
    return m.flagAtSmEfficiency(f);
  }

  /** The cut in words, e.g. {@code "mse > 0.05 (the model's cut at 1% SM efficiency)"}. */
  String describe(AnomalyFlag flag) {
    String cut = flag.variable().wireName() + " > " + flag.threshold();
    if (threshold != null) {
      return cut + " (given with --threshold)";
    }
    double f = efficiency != null ? efficiency : ScoringPipeline.DEFAULT_SM_EFFICIENCY;
    return cut + String.format(Locale.ROOT, " (the model's cut at %s%% SM efficiency)", percent(f));
  }

  private static String percent(double fraction) {
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  /** Reads {@code cpu}, {@code cuda} or {@code auto}, in any case. */
  static final class DeviceConverter implements ITypeConverter<Device> {
    @Override
    public Device convert(String value) {
      for (Device d : Device.values()) {
        if (d.name().equalsIgnoreCase(value.strip())) {
          return d;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a device; expected cpu, cuda or auto");
    }
  }
}
