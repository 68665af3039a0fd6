package org.vbsanomaly.trainer;

/**
 * Range checks shared by {@link TrainingOptions} and {@link ClassifierOptions}; each throws an
 * {@link IllegalArgumentException} naming the option, its allowed range and the value given.
 */
final class OptionChecks {
  private OptionChecks() {}

  /** Checks the epoch limit, the patience and the mini-batch size. */
  static void requireLoop(int maxEpochs, int patience, int batchSize) {
    requireIn("maximum epochs (--epochs)", maxEpochs, 1, 100_000);
    requireIn("patience (--patience)", patience, 1, 100_000);
    requireIn("batch size (--batch-size)", batchSize, 1, 1 << 20);
  }

  /** Checks that the Adam step size is in (0, 1). */
  static void requireLearningRate(float learningRate) {
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException(
          "learning rate (--learning-rate) must be in (0, 1), got " + learningRate);
    }
  }

  /** Checks that at least one selected event per file is required. */
  static void requireMinSelected(int minSelected) {
    requireIn("minimum selected events (--min-selected)", minSelected, 1, Integer.MAX_VALUE);
  }

  /** Checks that {@code v} is in (0, 1). */
  static void requireOpenUnit(String what, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(what + " must be in (0, 1), got " + v);
    }
  }

  /** Checks that {@code v} is in [min, max]. */
  static void requireIn(String what, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], got " + v);
    }
  }
}
