package org.vbsanomaly.inference.model;

import java.util.List;
import java.util.Objects;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;

/**
 * The trained variational autoencoder as plain arrays, with the metadata that travels with it.
 *
 * <p>The function it defines, for one event {@code x} of {@link OnnxModelContract#FEATURE_COUNT}
 * raw features (GeV, rad):
 *
 * <ol>
 *   <li>{@code x'_i = log10(max(x_i, 1e-6))} for features whose {@link FeatureSpec#getLog10()} is
 *       set, {@code x'_i = x_i} otherwise;
 *   <li>{@code s_i = (x'_i - min_i) / (max_i - min_i)} with the min-max constants of the metadata
 *       ({@link #scaleMin()}, {@link #scaleRange()}); the exported graph and {@link
 *       JavaForwardPass} evaluate steps 1 and 2 as one multiply-add per column ({@code
 *       Preprocessing}), equal to float rounding;
 *   <li>encoder hidden layers, then the linear heads {@code z_mean} and {@code z_log_var};
 *   <li>decoder layers applied to {@code z_mean}, the last one giving the reconstruction of {@code
 *       s}.
 * </ol>
 *
 * <p>Immutable and thread-safe. Construction validates that the layer sizes chain (features to
 * encoder to latent to decoder to features), that the heads are linear, that the decoder output is
 * sigmoid or linear, and that the metadata's feature specs and latent size agree with the layers. A
 * metadata {@code format_version} of 0 (unset) is taken as {@value
 * OnnxModelContract#FORMAT_VERSION}.
 */
public final class VaeWeights {

  private final List<DenseLayer> encoder;
  private final DenseLayer zMean;
  private final DenseLayer zLogVar;
  private final List<DenseLayer> decoder;
  private final ModelMetadata metadata;

  /**
   * @param encoder hidden encoder layers, input side first (may be empty: the heads then read the
   *     scaled features directly)
   * @param zMean linear head giving the latent mean
   * @param zLogVar linear head giving the log-variance of the latent posterior
   * @param decoder decoder layers, latent side first, the last one being the output layer of {@link
   *     OnnxModelContract#FEATURE_COUNT} units
   * @param metadata model metadata; its features, in {@link OnnxModelContract#FEATURE_NAMES} order,
   *     carry the preprocessing constants
   * @throws IllegalArgumentException naming the layer or field that does not fit
   */
  public VaeWeights(
      List<DenseLayer> encoder,
      DenseLayer zMean,
      DenseLayer zLogVar,
      List<DenseLayer> decoder,
      ModelMetadata metadata) {
    this.encoder = List.copyOf(Objects.requireNonNull(encoder, "encoder"));
    this.zMean = Objects.requireNonNull(zMean, "zMean");
    this.zLogVar = Objects.requireNonNull(zLogVar, "zLogVar");
    this.decoder = List.copyOf(Objects.requireNonNull(decoder, "decoder"));
    this.metadata = withFormatVersion(Objects.requireNonNull(metadata, "metadata"));
    validateShapes();
    ModelMetadataCodec.validateFeatures(this.metadata);
    if (this.metadata.getLatentDim() != zMean.outputs()) {
      throw new IllegalArgumentException(
          "metadata latent_dim is "
              + this.metadata.getLatentDim()
              + " but the z_mean head has "
              + zMean.outputs()
              + " outputs");
    }
  }

  /** Hidden encoder layers, input side first; unmodifiable. */
  public List<DenseLayer> encoder() {
    return encoder;
  }

  /** The latent-mean head (linear). */
  public DenseLayer zMean() {
    return zMean;
  }

  /** The latent log-variance head (linear). */
  public DenseLayer zLogVar() {
    return zLogVar;
  }

  /** Decoder layers, latent side first, ending with the output layer; unmodifiable. */
  public List<DenseLayer> decoder() {
    return decoder;
  }

  /** The metadata, with {@code format_version} set. */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Size of the latent space. */
  public int latentDim() {
    return zMean.outputs();
  }

  /** Number of input features ({@link OnnxModelContract#FEATURE_COUNT}). */
  public int featureCount() {
    return metadata.getFeaturesCount();
  }

  /** Per feature: whether log10 is applied before scaling. */
  public boolean[] log10Mask() {
    boolean[] mask = new boolean[featureCount()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = metadata.getFeatures(i).getLog10();
    }
    return mask;
  }

  /** Per feature: the min-max offset {@code (float) min}, in the space after log10. */
  public float[] scaleMin() {
    float[] min = new float[featureCount()];
    for (int i = 0; i < min.length; i++) {
      min[i] = (float) metadata.getFeatures(i).getMin();
    }
    return min;
  }

  /** Per feature: the min-max range {@code (float) (max - min)}, positive. */
  public float[] scaleRange() {
    float[] range = new float[featureCount()];
    for (int i = 0; i < range.length; i++) {
      FeatureSpec spec = metadata.getFeatures(i);
      range[i] = (float) (spec.getMax() - spec.getMin());
    }
    return range;
  }

  @Override
  public String toString() {
    return "VaeWeights[encoder="
        + encoder
        + ", zMean="
        + zMean
        + ", zLogVar="
        + zLogVar
        + ", decoder="
        + decoder
        + "]";
  }

  private static ModelMetadata withFormatVersion(ModelMetadata metadata) {
    if (metadata.getFormatVersion() == 0) {
      return metadata.toBuilder().setFormatVersion(OnnxModelContract.FORMAT_VERSION).build();
    }
    if (metadata.getFormatVersion() != OnnxModelContract.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "metadata format_version is "
              + metadata.getFormatVersion()
              + "; this code writes version "
              + OnnxModelContract.FORMAT_VERSION);
    }
    return metadata;
  }

  private void validateShapes() {
    int width = OnnxModelContract.FEATURE_COUNT;
    for (int i = 0; i < encoder.size(); i++) {
      width = chain("encoder layer " + i, encoder.get(i), width);
    }
    requireInputs("z_mean head", zMean, width);
    requireInputs("z_log_var head", zLogVar, width);
    requireLinear("z_mean head", zMean);
    requireLinear("z_log_var head", zLogVar);
    if (zLogVar.outputs() != zMean.outputs()) {
      throw new IllegalArgumentException(
          "z_log_var head has "
              + zLogVar.outputs()
              + " outputs but z_mean has "
              + zMean.outputs()
              + "; both must equal the latent size");
    }
    if (decoder.isEmpty()) {
      throw new IllegalArgumentException(
          "decoder has no layers; it needs at least the output layer");
    }
    width = zMean.outputs();
    for (int i = 0; i < decoder.size(); i++) {
      width = chain("decoder layer " + i, decoder.get(i), width);
    }
    validateDecoderOutput(width);
  }

  private void validateDecoderOutput(int width) {
    if (width != OnnxModelContract.FEATURE_COUNT) {
      throw new IllegalArgumentException(
          "decoder output layer has "
              + width
              + " outputs, expected "
              + OnnxModelContract.FEATURE_COUNT
              + " (one per feature)");
    }
    Activation last = decoder.get(decoder.size() - 1).activation();
    if (last != Activation.SIGMOID && last != Activation.LINEAR) {
      throw new IllegalArgumentException(
          "decoder output activation is " + last + ", expected SIGMOID or LINEAR");
    }
  }

  private static int chain(String name, DenseLayer layer, int width) {
    requireInputs(name, layer, width);
    return layer.outputs();
  }

  private static void requireInputs(String name, DenseLayer layer, int width) {
    if (layer.inputs() != width) {
      throw new IllegalArgumentException(
          name
              + " has "
              + layer.inputs()
              + " inputs, expected "
              + width
              + " (previous layer width)");
    }
  }

  private static void requireLinear(String name, DenseLayer layer) {
    if (layer.activation() != Activation.LINEAR) {
      throw new IllegalArgumentException(
          name + " activation is " + layer.activation() + ", expected LINEAR");
    }
  }
}
