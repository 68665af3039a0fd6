package org.vbsanomaly.trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.vbsanomaly.trainer.data.EventSplit;
import org.vbsanomaly.trainer.tf.OutputActivation;
import org.vbsanomaly.trainer.tf.VaeArchitecture;

/**
 * Every option of a VAE training, validated on construction (build one with {@link #builder()}).
 *
 * <p>The defaults follow the authors' published setup where it is known, and say why where not:
 *
 * <ul>
 *   <li>encoder 20-10-10-10-7, latent size 3, mirrored decoder, LeakyReLU with slope 0.3 (the Keras
 *       default): the authors' network;
 *   <li>Adam with learning rate 5e-4 and mini-batches of 64: the authors' optimiser settings;
 *   <li>beta = 5e-4 on the KL divergence summed over latent dimensions, with the MSE averaged over
 *       features: on the full SM sample it gave the best separation of the values tried (cW QUAD
 *       against SM test, AUC 0.89 at validation mse 0.020). 1e-2 collapsed the latent space (every
 *       event reconstructed as the mean, mse 0.036, AUC 0.85); 1e-4 and 2e-5 reconstructed better
 *       (mse 0.014) but separated worse (AUC 0.73 and 0.76), as the paper warns: what improves SM
 *       reconstruction does not always improve discrimination;
 *   <li>linear output layer: the authors' output LeakyReLU is the identity on the [0, 1] targets,
 *       and a linear layer does not saturate on anomalous events outside that range;
 *   <li>at most 200 epochs (the authors' count) with early stopping after 20 epochs without a
 *       better validation loss; the best epoch is kept;
 *   <li>80/20 train/test split (the paper), and 20% of the training split held out for validation;
 *   <li>seed 1.
 * </ul>
 *
 * @param seed seeds the split, the initial weights, the shuffling and the noise
 * @param testFraction fraction of SM events in the test split, in (0, 1)
 * @param validationFraction fraction of the training split held out for validation, in (0, 1)
 * @param maxEpochs upper limit on epochs, at least 1
 * @param patience epochs without improvement of the validation loss before stopping, at least 1
 * @param batchSize mini-batch size, at least 1
 * @param learningRate Adam step size, in (0, 1)
 * @param beta weight of the KL divergence, at least 0
 * @param hiddenSizes encoder hidden widths, input side first
 * @param latentDim latent size
 * @param leakyAlpha LeakyReLU slope, in [0, 1)
 * @param outputActivation decoder output activation
 * @param minSelected minimum events passing the selection in each input file
 * @param allowDamaged accept input files with damaged events (they are skipped and counted)
 */
public record TrainingOptions(
    long seed,
    double testFraction,
    double validationFraction,
    int maxEpochs,
    int patience,
    int batchSize,
    float learningRate,
    float beta,
    List<Integer> hiddenSizes,
    int latentDim,
    float leakyAlpha,
    OutputActivation outputActivation,
    int minSelected,
    boolean allowDamaged) {

  public static final long DEFAULT_SEED = 1;
  public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
  public static final int DEFAULT_MAX_EPOCHS = 200;
  public static final int DEFAULT_PATIENCE = 20;
  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final float DEFAULT_LEARNING_RATE = 5e-4f;
  public static final float DEFAULT_BETA = 5e-4f;
  public static final List<Integer> DEFAULT_HIDDEN_SIZES = List.of(20, 10, 10, 10, 7);
  public static final int DEFAULT_LATENT_DIM = 3;
  public static final float DEFAULT_LEAKY_ALPHA = 0.3f;
  public static final OutputActivation DEFAULT_OUTPUT_ACTIVATION = OutputActivation.LINEAR;
  public static final int DEFAULT_MIN_SELECTED = 100;

  public TrainingOptions {
    hiddenSizes = List.copyOf(hiddenSizes);
    OptionChecks.requireOpenUnit("test fraction (--test-fraction)", testFraction);
    OptionChecks.requireOpenUnit("validation fraction (--validation-fraction)", validationFraction);
    OptionChecks.requireLoop(maxEpochs, patience, batchSize);
    OptionChecks.requireLearningRate(learningRate);
    if (!(beta >= 0) || Float.isInfinite(beta)) {
      throw new IllegalArgumentException("beta (--beta) must be finite and >= 0, got " + beta);
    }
    OptionChecks.requireMinSelected(minSelected);
    architecture(hiddenSizes, latentDim, leakyAlpha, outputActivation);
  }

  private static VaeArchitecture architecture(
      List<Integer> hidden, int latent, float alpha, OutputActivation out) {
    return new VaeArchitecture(14, hidden, latent, alpha, out);
  }

  /** The network these options describe (14 inputs). */
  public VaeArchitecture architecture() {
    return architecture(hiddenSizes, latentDim, leakyAlpha, outputActivation);
  }

  /** The train/test split these options describe. */
  public EventSplit testSplit() {
    return new EventSplit(seed, testFraction);
  }

  /** Every option by its command-line name, values as text, for the model metadata. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("seed", Long.toString(seed));
    m.put("test-fraction", Double.toString(testFraction));
    m.put("validation-fraction", Double.toString(validationFraction));
    m.put("epochs", Integer.toString(maxEpochs));
    m.put("patience", Integer.toString(patience));
    m.put("batch-size", Integer.toString(batchSize));
    m.put("learning-rate", Float.toString(learningRate));
    m.put("beta", Float.toString(beta));
    m.put("hidden", hiddenSizes.stream().map(String::valueOf).collect(Collectors.joining(",")));
    m.put("latent", Integer.toString(latentDim));
    m.put("leaky-alpha", Float.toString(leakyAlpha));
    m.put("output-activation", outputActivation.name().toLowerCase(java.util.Locale.ROOT));
    m.put("min-selected", Integer.toString(minSelected));
    m.put("allow-damaged", Boolean.toString(allowDamaged));
    return m;
  }

  /**
   * The options recorded in a model's metadata ({@link #asMap()}), read back; an option the map
   * lacks takes its default.
   *
   * @throws IllegalArgumentException naming the option whose text is not a valid value
   */
  public static TrainingOptions fromMap(Map<String, String> m) {
    Builder b = builder();
    ifPresent(m, "seed", v -> b.seed(Long.parseLong(v)));
    ifPresent(m, "test-fraction", v -> b.testFraction(Double.parseDouble(v)));
    ifPresent(m, "validation-fraction", v -> b.validationFraction(Double.parseDouble(v)));
    ifPresent(m, "epochs", v -> b.maxEpochs(Integer.parseInt(v)));
    ifPresent(m, "patience", v -> b.patience(Integer.parseInt(v)));
    ifPresent(m, "batch-size", v -> b.batchSize(Integer.parseInt(v)));
    ifPresent(m, "learning-rate", v -> b.learningRate(Float.parseFloat(v)));
    ifPresent(m, "beta", v -> b.beta(Float.parseFloat(v)));
    ifPresent(m, "hidden", v -> b.hiddenSizes(parseWidths(v)));
    ifPresent(m, "latent", v -> b.latentDim(Integer.parseInt(v)));
    ifPresent(m, "leaky-alpha", v -> b.leakyAlpha(Float.parseFloat(v)));
    ifPresent(m, "output-activation", v -> b.outputActivation(OutputActivation.parse(v)));
    ifPresent(m, "min-selected", v -> b.minSelected(Integer.parseInt(v)));
    ifPresent(m, "allow-damaged", v -> b.allowDamaged(Boolean.parseBoolean(v)));
    return b.build();
  }

  private static void ifPresent(
      Map<String, String> m, String key, java.util.function.Consumer<String> set) {
    String v = m.get(key);
    if (v == null) {
      return;
    }
    try {
      set.accept(v.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "option " + key + " = '" + v + "' is not valid: " + e.getMessage(), e);
    }
  }

  private static List<Integer> parseWidths(String text) {
    return java.util.Arrays.stream(text.split(","))
        .map(String::strip)
        .map(Integer::valueOf)
        .collect(Collectors.toList());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from the defaults. */
  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .testFraction(testFraction)
        .validationFraction(validationFraction)
        .maxEpochs(maxEpochs)
        .patience(patience)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .beta(beta)
        .hiddenSizes(hiddenSizes)
        .latentDim(latentDim)
        .leakyAlpha(leakyAlpha)
        .outputActivation(outputActivation)
        .minSelected(minSelected)
        .allowDamaged(allowDamaged);
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private double testFraction = EventSplit.DEFAULT_TEST_FRACTION;
    private double validationFraction = DEFAULT_VALIDATION_FRACTION;
    private int maxEpochs = DEFAULT_MAX_EPOCHS;
    private int patience = DEFAULT_PATIENCE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private float learningRate = DEFAULT_LEARNING_RATE;
    private float beta = DEFAULT_BETA;
    private List<Integer> hiddenSizes = DEFAULT_HIDDEN_SIZES;
    private int latentDim = DEFAULT_LATENT_DIM;
    private float leakyAlpha = DEFAULT_LEAKY_ALPHA;
    private OutputActivation outputActivation = DEFAULT_OUTPUT_ACTIVATION;
    private int minSelected = DEFAULT_MIN_SELECTED;
    private boolean allowDamaged;

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder testFraction(double v) {
      testFraction = v;
      return this;
    }

    public Builder validationFraction(double v) {
      validationFraction = v;
      return this;
    }

    public Builder maxEpochs(int v) {
      maxEpochs = v;
      return this;
    }

    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder learningRate(float v) {
      learningRate = v;
      return this;
    }

    public Builder beta(float v) {
      beta = v;
      return this;
    }

    public Builder hiddenSizes(List<Integer> v) {
      hiddenSizes = v;
      return this;
    }

    public Builder latentDim(int v) {
      latentDim = v;
      return this;
    }

    public Builder leakyAlpha(float v) {
      leakyAlpha = v;
      return this;
    }

    public Builder outputActivation(OutputActivation v) {
      outputActivation = v;
      return this;
    }

    public Builder minSelected(int v) {
      minSelected = v;
      return this;
    }

    public Builder allowDamaged(boolean v) {
      allowDamaged = v;
      return this;
    }

    public TrainingOptions build() {
      return new TrainingOptions(
          seed,
          testFraction,
          validationFraction,
          maxEpochs,
          patience,
          batchSize,
          learningRate,
          beta,
          hiddenSizes,
          latentDim,
          leakyAlpha,
          outputActivation,
          minSelected,
          allowDamaged);
    }
  }
}
