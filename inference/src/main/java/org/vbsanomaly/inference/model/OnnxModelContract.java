package org.vbsanomaly.inference.model;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.vbsanomaly.events.Observable;

/**
 * Names and versions fixed by the exported-model contract, shared by the writer and the readers.
 *
 * <p>An exported model is one ONNX file (opset {@value #OPSET}, IR version {@value #IR_VERSION})
 * with one input {@value #INPUT} (float32 {@code [N, 14]}, raw GeV and rad, in {@link Observable}
 * order, N dynamic) and the outputs {@value #MSE} and {@value #KLD} (float32 {@code [N]}), {@value
 * #LATENT_MEAN} (float32 {@code [N, latent]}), {@value #RECONSTRUCTION} (float32 {@code [N, 14]},
 * scaled space) and, for VAE+NN models only, {@value #SCORE} (float32 {@code [N]}). Its
 * metadata_props hold {@value #FORMAT_VERSION_KEY} = "{@value #FORMAT_VERSION}" and {@value
 * #METADATA_KEY} = the {@code ModelMetadata} message as JSON.
 */
public final class OnnxModelContract {

  /** The model format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** metadata_props key holding the format version as decimal text. */
  public static final String FORMAT_VERSION_KEY = "vbs_anomaly.format_version";

  /** metadata_props key holding the {@code ModelMetadata} JSON. */
  public static final String METADATA_KEY = "vbs_anomaly.metadata";

  /** ONNX producer name of every exported model. */
  public static final String PRODUCER_NAME = "vbs-anomaly";

  /** ONNX operator set of the default domain used by the writer. */
  public static final int OPSET = 13;

  /** ONNX IR version matching {@link #OPSET}. */
  public static final int IR_VERSION = 7;

  /** Input name: raw features, float32 {@code [N, 14]}. */
  public static final String INPUT = "features";

  /** Output name: per-event mean squared reconstruction error in scaled space, {@code [N]}. */
  public static final String MSE = "mse";

  /** Output name: per-event KL divergence of the latent posterior from N(0, 1), {@code [N]}. */
  public static final String KLD = "kld";

  /** Output name: latent mean, {@code [N, latent]}. */
  public static final String LATENT_MEAN = "latent_mean";

  /** Output name: reconstruction in scaled space, {@code [N, 14]}. */
  public static final String RECONSTRUCTION = "reconstruction";

  /** Output name, VAE+NN models only: classifier probability, {@code [N]}. */
  public static final String SCORE = "score";

  /** {@code model_kind} of a plain VAE. */
  public static final String KIND_VAE = "vae";

  /** {@code model_kind} of a VAE with the (mse, kld) classifier head. */
  public static final String KIND_VAE_NN = "vae+nn";

  /** Floor applied before log10, so a zero or negative value gives -6 rather than NaN. */
  public static final float LOG10_FLOOR = 1e-6f;

  /** Number of input features ({@link Observable#COUNT}). */
  public static final int FEATURE_COUNT = Observable.COUNT;

  /** Feature names in input-column order: {@link Observable#names()}. */
  public static final List<String> FEATURE_NAMES = Observable.names();

  /**
   * Features scaled by log10 before min-max: those whose {@link Observable#logScaled()} is set (the
   * masses, momenta and missing transverse energy, in GeV).
   */
  public static final List<String> LOG10_FEATURES =
      Arrays.stream(Observable.values())
          .filter(Observable::logScaled)
          .map(Observable::featureName)
          .collect(Collectors.toUnmodifiableList());

  private OnnxModelContract() {}
}
