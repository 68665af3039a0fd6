package org.vbsanomaly.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.trainer.tf.ClassifierArchitecture;

/**
 * Every option of a VAE+NN training, validated on construction (build one with {@link #builder()}).
 * The VAE's own options (architecture, seed, split, beta) are not here: they come with the trained
 * VAE the classifier builds on.
 *
 * <p>Defaults and why:
 *
 * <ul>
 *   <li>the VAE and the classifier trained together from fresh weights ({@link VaeStart#SCRATCH}),
 *       the cross-entropy's gradients reaching the VAE: the paper trains the two as one network on
 *       the summed loss;
 *   <li>cross-entropy weight 1 against the VAE term: the plain sum of the two losses, as in the
 *       paper;
 *   <li>hidden layer of 50 ReLU units: ample for a two-dimensional input, 201 weights;
 *   <li>Adam with learning rate 5e-4, mini-batches of 64 SM and 64 EFT events, at most 200 epochs
 *       with early stopping after 20 without a better validation loss: the VAE's settings;
 *   <li>LIN events with |weight| ({@link LinWeighting#ABSOLUTE}): see there.
 * </ul>
 *
 * @param maxEpochs epoch limit; an epoch passes once over the larger class
 * @param patience epochs without a better validation loss before stopping
 * @param batchSize events of each class per mini-batch (a step sees twice as many)
 * @param learningRate Adam step size
 * @param bceWeight weight lambda of the cross-entropy against the VAE term
 * @param hiddenWidth units of the classifier's hidden layer
 * @param hiddenActivation RELU or LEAKY_RELU (with the VAE's slope)
 * @param vaeStart where the VAE part starts
 * @param freezeVae train the classifier alone on the trained VAE, whose weights do not change
 * @param linWeighting how LIN events enter the EFT class
 * @param minSelected refuse a file with fewer selected events
 * @param allowDamaged accept files with damaged events (they are skipped and counted)
 */
public record ClassifierOptions(
    int maxEpochs,
    int patience,
    int batchSize,
    float learningRate,
    float bceWeight,
    int hiddenWidth,
    Activation hiddenActivation,
    VaeStart vaeStart,
    boolean freezeVae,
    LinWeighting linWeighting,
    int minSelected,
    boolean allowDamaged) {

  public static final int DEFAULT_HIDDEN_WIDTH = 50;
  public static final Activation DEFAULT_HIDDEN_ACTIVATION = Activation.RELU;
  public static final float DEFAULT_BCE_WEIGHT = 1f;
  public static final VaeStart DEFAULT_VAE_START = VaeStart.SCRATCH;
  public static final LinWeighting DEFAULT_LIN_WEIGHTING = LinWeighting.ABSOLUTE;

  public ClassifierOptions {
    OptionChecks.requireLoop(maxEpochs, patience, batchSize);
    OptionChecks.requireMinSelected(minSelected);
    OptionChecks.requireLearningRate(learningRate);
    if (!(bceWeight > 0) || Float.isInfinite(bceWeight)) {
      throw new IllegalArgumentException(
          "cross-entropy weight (--bce-weight) must be finite and positive, got " + bceWeight);
    }
    if (freezeVae && vaeStart == VaeStart.SCRATCH) {
      throw new IllegalArgumentException(
          "a frozen VAE (--freeze-vae) must be the trained one: use --vae-start trained or leave"
              + " --vae-start out");
    }
    architecture(0.3f, hiddenWidth, hiddenActivation);
  }

  private static ClassifierArchitecture architecture(float alpha, int width, Activation act) {
    return new ClassifierArchitecture(width, act, alpha);
  }

  /** The classifier head these options describe; LeakyReLU takes the VAE's slope. */
  public ClassifierArchitecture architecture(float leakyAlpha) {
    return architecture(leakyAlpha, hiddenWidth, hiddenActivation);
  }

  /** Every option by its command-line name, values as text, for the model metadata. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("epochs", Integer.toString(maxEpochs));
    m.put("patience", Integer.toString(patience));
    m.put("batch-size", Integer.toString(batchSize));
    m.put("learning-rate", Float.toString(learningRate));
    m.put("bce-weight", Float.toString(bceWeight));
    m.put("classifier-hidden", Integer.toString(hiddenWidth));
    m.put("classifier-activation", ClassifierArchitecture.activationName(hiddenActivation));
    m.put("vae-start", vaeStart.optionValue());
    m.put("freeze-vae", Boolean.toString(freezeVae));
    m.put("lin-weights", linWeighting.optionValue());
    m.put("min-selected", Integer.toString(minSelected));
    m.put("allow-damaged", Boolean.toString(allowDamaged));
    return m;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Mutable builder; {@link #build()} validates. {@code vaeStart} left unset follows the freeze.
   */
  public static final class Builder {
    private int maxEpochs = TrainingOptions.DEFAULT_MAX_EPOCHS;
    private int patience = TrainingOptions.DEFAULT_PATIENCE;
    private int batchSize = TrainingOptions.DEFAULT_BATCH_SIZE;
    private float learningRate = TrainingOptions.DEFAULT_LEARNING_RATE;
    private float bceWeight = DEFAULT_BCE_WEIGHT;
    private int hiddenWidth = DEFAULT_HIDDEN_WIDTH;
    private Activation hiddenActivation = DEFAULT_HIDDEN_ACTIVATION;
    private VaeStart vaeStart;
    private boolean freezeVae;
    private LinWeighting linWeighting = DEFAULT_LIN_WEIGHTING;
    private int minSelected = TrainingOptions.DEFAULT_MIN_SELECTED;
    private boolean allowDamaged;

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

    public Builder bceWeight(float v) {
      bceWeight = v;
      return this;
    }

    public Builder hiddenWidth(int v) {
      hiddenWidth = v;
      return this;
    }

    public Builder hiddenActivation(Activation v) {
      hiddenActivation = v;
      return this;
    }

    /** Where the VAE starts; {@code null} (the default) means trained when frozen, else scratch. */
    public Builder vaeStart(VaeStart v) {
      vaeStart = v;
      return this;
    }

    public Builder freezeVae(boolean v) {
      freezeVae = v;
      return this;
    }

    public Builder linWeighting(LinWeighting v) {
      linWeighting = v;
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

    public ClassifierOptions build() {
      VaeStart start =
          vaeStart != null ? vaeStart : freezeVae ? VaeStart.TRAINED : DEFAULT_VAE_START;
      return new ClassifierOptions(
          maxEpochs,
          patience,
          batchSize,
          learningRate,
          bceWeight,
          hiddenWidth,
          hiddenActivation,
          start,
          freezeVae,
          linWeighting,
          minSelected,
          allowDamaged);
    }
  }
}
