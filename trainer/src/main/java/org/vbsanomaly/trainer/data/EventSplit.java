package org.vbsanomaly.trainer.data;

/**
 * The train/test split of the project: an event belongs to the test split when a seeded hash of its
 * 14 observables falls in the test fraction.
 *
 * <p>The split is decided by the event's content, not by its position in a file, so any subset or
 * concatenation of files splits every event the same way. That lets the sensitivity study and the
 * shipped small sample pick exactly the events a model never trained on, from the model's recorded
 * seed and test fraction alone. Observables are taken as computed by {@code ObservableCalculator}
 * in double precision; missing slots hold 0 and take part in the hash.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventSplit {
  /** Default fraction of events held out for testing, as in the paper (80/20). */
  public static final double DEFAULT_TEST_FRACTION = 0.2;

  private final long seed;
  private final long testCut;
  private final double testFraction;

  /**
   * @param seed the training seed recorded in the model metadata
   * @param testFraction fraction of events in the test split, in (0, 1)
   */
  public EventSplit(long seed, double testFraction) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(
          "test fraction must be in (0, 1), got " + testFraction + "; the paper uses 0.2");
    }
    this.seed = seed;
    this.testFraction = testFraction;
    this.testCut = (long) Math.floor(testFraction * (double) (1L << 53));
  }

  public long seed() {
    return seed;
  }

  public double testFraction() {
    return testFraction;
  }

  /** True when the event with these observables belongs to the test split. */
  public boolean isTest(double[] observables) {
    return (hash(observables) >>> 11) < testCut;
  }

  long hash(double[] observables) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (double v : observables) {
      h = mix(h ^ Double.doubleToLongBits(v));
    }
    return h;
  }

  /** SplitMix64's finaliser: a bijective 64-bit mixer with full avalanche. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
