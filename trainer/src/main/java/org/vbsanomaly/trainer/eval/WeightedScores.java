package org.vbsanomaly.trainer.eval;

import java.util.Arrays;

/**
 * The per-event scores of one sample (an MSE, a classifier output, any ordered variable) with their
 * event weights, held sorted by score so that every cut query is a binary search.
 *
 * <p>Contract: scores are finite floats (a NaN or infinite score is refused with its index);
 * weights are finite doubles of either sign (interference samples carry negative weights) in a unit
 * the caller keeps consistent, picobarn for yields. A cut {@code t} keeps the events with {@code
 * score > t}, strictly: the same convention as the anomaly flag of the scorer.
 *
 * <p>Immutable and thread-safe; the input arrays are copied. Memory: 20 bytes per event.
 */
public final class WeightedScores {

  private final float[] scores; // descending
  private final double[] weights; // aligned with scores
  private final double[] cumulativeWeight; // [i] = sum of weights[0..i-1], length n + 1
  private final double[] cumulativeSquaredWeight; // [i] = sum of weights[0..i-1]^2
  private final int negativeWeightCount;

  private WeightedScores(float[] scores, double[] weights) {
    int n = scores.length;
    this.scores = new float[n];
    this.weights = new double[n];
    this.cumulativeWeight = new double[n + 1];
    this.cumulativeSquaredWeight = new double[n + 1];
    int negatives = 0;
    long[] order = sortKeysAscending(scores);
    for (int rank = 0; rank < n; rank++) {
      int event = (int) order[n - 1 - rank];
      double w = weights[event];
      this.scores[rank] = scores[event] + 0.0f; // folds -0.0 into 0.0
      this.weights[rank] = w;
      cumulativeWeight[rank + 1] = cumulativeWeight[rank] + w;
      cumulativeSquaredWeight[rank + 1] = cumulativeSquaredWeight[rank] + w * w;
      if (w < 0) {
        negatives++;
      }
    }
    this.negativeWeightCount = negatives;
  }

  /**
   * Scores with their weights, index by index.
   *
   * @throws IllegalArgumentException if the lengths differ, a score is NaN or infinite, or a weight
   *     is NaN or infinite (the message names the first bad index and value)
   */
  public static WeightedScores of(float[] scores, double[] weights) {
    if (scores.length != weights.length) {
      throw new IllegalArgumentException(
          "scores and weights differ in length: "
              + scores.length
              + " scores, "
              + weights.length
              + " weights; one weight per event is expected");
    }
    validate(scores, weights);
    return new WeightedScores(scores, weights);
  }

  /** Scores with weight 1 each: event counts. */
  public static WeightedScores unweighted(float[] scores) {
    double[] ones = new double[scores.length];
    Arrays.fill(ones, 1.0);
    return of(scores, ones);
  }

  /** Scores that all share one weight, e.g. the cross section divided by the event count. */
  public static WeightedScores withCommonWeight(float[] scores, double weight) {
    double[] w = new double[scores.length];
    Arrays.fill(w, weight);
    return of(scores, w);
  }

  /** Number of events (Monte Carlo entries, whatever their weights). */
  public int size() {
    return scores.length;
  }

  public boolean isEmpty() {
    return scores.length == 0;
  }

  /** Sum of the weights of all events, signed. */
  public double totalWeight() {
    return cumulativeWeight[scores.length];
  }

  /** Sum of the squared weights of all events: the variance of {@link #totalWeight()}. */
  public double totalSquaredWeight() {
    return cumulativeSquaredWeight[scores.length];
  }

  /** Number of events with a negative weight. */
  public int negativeWeightCount() {
    return negativeWeightCount;
  }

  /** Highest score, or NaN for an empty sample. */
  public float maxScore() {
    return scores.length == 0 ? Float.NaN : scores[0];
  }

  /** Lowest score, or NaN for an empty sample. */
  public float minScore() {
    return scores.length == 0 ? Float.NaN : scores[scores.length - 1];
  }

  /** The score of rank {@code rank}: rank 0 is the highest. */
  public float scoreAtRank(int rank) {
    return scores[rank];
  }

  /** The weight of the event of rank {@code rank}. */
  public double weightAtRank(int rank) {
    return weights[rank];
  }

  /** Number of events with {@code score > cut}. A NaN cut is refused. */
  public int countAbove(double cut) {
    if (Double.isNaN(cut)) {
      throw new IllegalArgumentException("cut is NaN; a cut must be a number or -Infinity");
    }
    int lo = 0;
    int hi = scores.length; // first rank whose score is <= cut lies in [lo, hi]
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (scores[mid] > cut) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Sum of the weights of the events with {@code score > cut}. */
  public double weightAbove(double cut) {
    return cumulativeWeight[countAbove(cut)];
  }

  /** Sum of the squared weights of the events with {@code score > cut}. */
  public double squaredWeightAbove(double cut) {
    return cumulativeSquaredWeight[countAbove(cut)];
  }

  /** Sum of the weights of the {@code count} highest-scoring events. */
  public double weightOfTop(int count) {
    return cumulativeWeight[count];
  }

  /**
   * Fraction of the total weight carried by events with {@code score > cut}.
   *
   * @throws IllegalStateException if the total weight is not positive
   */
  public double fractionAbove(double cut) {
    return weightAbove(cut) / positiveTotal();
  }

  /** The distinct score values, highest first. */
  public double[] distinctScoresDescending() {
    double[] distinct = new double[scores.length];
    int m = 0;
    for (float s : scores) {
      if (m == 0 || s != distinct[m - 1]) {
        distinct[m++] = s;
      }
    }
    return Arrays.copyOf(distinct, m);
  }

  /** A copy of the scores, highest first (the original event order is not kept). */
  public float[] scoresDescending() {
    return scores.clone();
  }

  double positiveTotal() {
    double total = totalWeight();
    if (!(total > 0)) {
      throw new IllegalStateException(
          "the total weight of the sample is "
              + total
              + " (from "
              + scores.length
              + " events); a positive total is needed for efficiencies");
    }
    return total;
  }

  private static void validate(float[] scores, double[] weights) {
    for (int i = 0; i < scores.length; i++) {
      if (!Float.isFinite(scores[i])) {
        throw new IllegalArgumentException(
            "score of event " + i + " is " + scores[i] + "; scores must be finite numbers");
      }
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException(
            "weight of event " + i + " is " + weights[i] + "; weights must be finite numbers");
      }
    }
  }

  /**
   * Event indices ordered by ascending score, in the low 32 bits of keys whose high 32 bits are the
   * score's bits made to sort as signed integers: one primitive sort, no boxing.
   */
  private static long[] sortKeysAscending(float[] scores) {
    long[] keys = new long[scores.length];
    for (int i = 0; i < scores.length; i++) {
      int bits = Float.floatToIntBits(scores[i] + 0.0f);
      int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
      keys[i] = ((long) ordered << 32) | i;
    }
    Arrays.sort(keys);
    for (int i = 0; i < keys.length; i++) {
      keys[i] &= 0xffffffffL;
    }
    return keys;
  }
}
