package org.vbsanomaly.inference.model;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;

/**
 * Converts {@link ModelMetadata} to and from the metadata_props of an exported model, and checks it
 * against the contract.
 *
 * <p>The properties are {@value OnnxModelContract#FORMAT_VERSION_KEY} (decimal text) and {@value
 * OnnxModelContract#METADATA_KEY} (protobuf JSON, field names in lowerCamelCase as {@link
 * JsonFormat} prints them). Readers ignore JSON fields they do not know, so fields added within a
 * format version stay readable; any incompatible change bumps the format version, and a reader
 * refuses versions it does not support. Stateless and thread-safe.
 */
public final class ModelMetadataCodec {

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private ModelMetadataCodec() {}

  /** The metadata as JSON. */
  public static String toJson(ModelMetadata metadata) {
    try {
      return PRINTER.print(metadata);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; ModelMetadata has none.
      throw new IllegalStateException("cannot print model metadata as JSON", e);
    }
  }

  /**
   * Parses metadata JSON.
   *
   * @param source the file or stream the JSON came from, for messages
   * @throws ModelFormatException if the text is not valid ModelMetadata JSON
   */
  public static ModelMetadata fromJson(String json, String source) throws ModelFormatException {
    ModelMetadata.Builder builder = ModelMetadata.newBuilder();
    try {
      PARSER.merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelFormatException(
          source
              + ": "
              + OnnxModelContract.METADATA_KEY
              + " is not valid ModelMetadata JSON: "
              + e.getMessage(),
          e);
    }
    return builder.build();
  }

  /** The two metadata_props entries for this metadata, format version first. */
  public static Map<String, String> toProperties(ModelMetadata metadata) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(
        OnnxModelContract.FORMAT_VERSION_KEY, Integer.toString(OnnxModelContract.FORMAT_VERSION));
    props.put(OnnxModelContract.METADATA_KEY, toJson(metadata));
    return props;
  }

  /**
   * Reads and validates the metadata stored in a model's metadata_props.
   *
   * @param props the model's custom metadata (other keys are ignored)
   * @param hasClassifier whether the model has the {@value OnnxModelContract#SCORE} output
   * @param source the model file, for messages
   * @throws ModelFormatException if a key is missing, the format version is not supported, or the
   *     metadata breaks the contract
   */
  public static ModelMetadata fromProperties(
      Map<String, String> props, boolean hasClassifier, String source) throws ModelFormatException {
    String version = props.get(OnnxModelContract.FORMAT_VERSION_KEY);
    if (version == null) {
      throw new ModelFormatException(
          source
              + ": metadata_props has no "
              + OnnxModelContract.FORMAT_VERSION_KEY
              + "; not a vbs-anomaly model (supported format version: "
              + OnnxModelContract.FORMAT_VERSION
              + ")");
    }
    if (!version.strip().equals(Integer.toString(OnnxModelContract.FORMAT_VERSION))) {
      throw unsupportedVersion(source, version);
    }
    String json = props.get(OnnxModelContract.METADATA_KEY);
    if (json == null) {
      throw new ModelFormatException(
          source + ": metadata_props has no " + OnnxModelContract.METADATA_KEY);
    }
    ModelMetadata metadata = fromJson(json, source);
    if (metadata.getFormatVersion() != OnnxModelContract.FORMAT_VERSION) {
      throw unsupportedVersion(source, "metadata format_version " + metadata.getFormatVersion());
    }
    try {
      validate(metadata, hasClassifier);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": " + e.getMessage(), e);
    }
    return metadata;
  }

  /**
   * Checks metadata against the contract: features (names in order, log10 flags, finite min below
   * max), latent size, model kind against the presence of the classifier, flag variable,
   * thresholds.
   *
   * @throws IllegalArgumentException naming the first field that breaks it
   */
  public static void validate(ModelMetadata metadata, boolean hasClassifier) {
    validateFeatures(metadata);
    if (metadata.getLatentDim() == 0) {
      throw new IllegalArgumentException("metadata latent_dim is 0; expected the latent size");
    }
    validateKind(metadata, hasClassifier);
    for (int i = 0; i < metadata.getThresholdsCount(); i++) {
      validateThreshold(metadata.getThresholds(i), i);
    }
  }

  /**
   * Checks the feature specs: {@value OnnxModelContract#FEATURE_COUNT} of them, named as {@link
   * OnnxModelContract#FEATURE_NAMES} in that order, log10 exactly for {@link
   * OnnxModelContract#LOG10_FEATURES}, finite min strictly below finite max.
   *
   * @throws IllegalArgumentException naming the first feature that breaks it
   */
  public static void validateFeatures(ModelMetadata metadata) {
    if (metadata.getFeaturesCount() != OnnxModelContract.FEATURE_COUNT) {
      throw new IllegalArgumentException(
          "metadata has "
              + metadata.getFeaturesCount()
              + " features, expected "
              + OnnxModelContract.FEATURE_COUNT
              + ": "
              + OnnxModelContract.FEATURE_NAMES);
    }
    for (int i = 0; i < OnnxModelContract.FEATURE_COUNT; i++) {
      validateFeature(metadata.getFeatures(i), i);
    }
  }

  private static void validateFeature(FeatureSpec spec, int index) {
    String expected = OnnxModelContract.FEATURE_NAMES.get(index);
    if (!spec.getName().equals(expected)) {
      throw new IllegalArgumentException(
          "metadata feature "
              + index
              + " is '"
              + spec.getName()
              + "', expected '"
              + expected
              + "' (feature order: "
              + OnnxModelContract.FEATURE_NAMES
              + ")");
    }
    boolean log10 = OnnxModelContract.LOG10_FEATURES.contains(expected);
    if (spec.getLog10() != log10) {
      throw new IllegalArgumentException(
          "metadata feature '"
              + expected
              + "' has log10="
              + spec.getLog10()
              + ", expected "
              + log10
              + " (log10 features: "
              + OnnxModelContract.LOG10_FEATURES
              + ")");
    }
    double min = spec.getMin();
    double max = spec.getMax();
    float range = (float) (max - min);
    if (!Double.isFinite(min) || !Double.isFinite(max) || !(range > 0f)) {
      throw new IllegalArgumentException(
          "metadata feature '"
              + expected
              + "' has min "
              + min
              + " and max "
              + max
              + "; expected finite values with min < max (a constant feature cannot be scaled)");
    }
  }

  private static void validateKind(ModelMetadata metadata, boolean hasClassifier) {
    String kind = metadata.getModelKind();
    String expectedKind =
        hasClassifier ? OnnxModelContract.KIND_VAE_NN : OnnxModelContract.KIND_VAE;
    if (!kind.equals(expectedKind)) {
      throw new IllegalArgumentException(
          "metadata model_kind is '"
              + kind
              + "', expected '"
              + expectedKind
              + "' for a model "
              + (hasClassifier ? "with" : "without")
              + " a classifier");
    }
    String flag = metadata.getFlagVariable();
    boolean known =
        flag.equals(OnnxModelContract.MSE)
            || flag.equals(OnnxModelContract.KLD)
            || (hasClassifier && flag.equals(OnnxModelContract.SCORE));
    if (!known) {
      throw new IllegalArgumentException(
          "metadata flag_variable is '"
              + flag
              + "', expected one of "
              + flagChoices(hasClassifier));
    }
  }

  private static String flagChoices(boolean hasClassifier) {
    return hasClassifier ? "[mse, kld, score]" : "[mse, kld]";
  }

  private static void validateThreshold(Threshold threshold, int index) {
    double efficiency = threshold.getSmEfficiency();
    if (!(efficiency > 0.0 && efficiency <= 1.0)) {
      throw new IllegalArgumentException(
          "metadata threshold "
              + index
              + " has sm_efficiency "
              + efficiency
              + ", expected a fraction in (0, 1]");
    }
    if (!Double.isFinite(threshold.getValue())) {
      throw new IllegalArgumentException(
          "metadata threshold "
              + index
              + " has value "
              + threshold.getValue()
              + ", expected a finite cut");
    }
  }

  private static ModelFormatException unsupportedVersion(String source, String found) {
    return new ModelFormatException(
        source
            + ": model format version "
            + found
            + " is not supported; this code reads version "
            + OnnxModelContract.FORMAT_VERSION
            + " (re-export the model with this version)");
  }
}
