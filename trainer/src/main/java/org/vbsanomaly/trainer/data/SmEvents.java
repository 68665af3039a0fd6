package org.vbsanomaly.trainer.data;

import java.util.List;
import org.vbsanomaly.events.Observable;

/**
 * The selected events of all SM files as one table, each assigned to the fit, validation or test
 * part.
 *
 * <p>The test split is {@link EventSplit} with the training seed and test fraction, decided by each
 * event's observables, as every other tool of the project decides it. The validation part is a
 * second, independent {@link EventSplit} (seed {@link #validationSeed(long)}) over the events left
 * for training. Immutable after construction; arrays handed out are copies.
 *
 * <p>Nothing here is specific to the SM but the weight combination done by the caller ({@link
 * SampleLoader#loadSm}): the VAE+NN training splits an operator's LIN and QUAD files with the same
 * class, so that they divide exactly as the sensitivity study will divide them.
 */
public final class SmEvents {
  private static final int N = Observable.COUNT;

  private final List<LoadedSample> files;
  private final double[] observables;
  private final double[] weightsPb;
  private final long[] ids;
  private final int[] fileIndex;
  private final Partition[] partition;

  /**
   * @param files the SM files, read, with their weight scales set
   * @param testSplit the model's train/test split
   * @param validationFraction fraction of the training split held out for validation, in (0, 1)
   */
  public SmEvents(List<LoadedSample> files, EventSplit testSplit, double validationFraction) {
    this.files = List.copyOf(files);
    int n = 0;
    for (LoadedSample f : files) {
      n += f.size();
    }
    observables = new double[n * N];
    weightsPb = new double[n];
    ids = new long[n];
    fileIndex = new int[n];
    partition = new Partition[n];
    EventSplit validationSplit =
        new EventSplit(validationSeed(testSplit.seed()), validationFraction);
    double[] row = new double[N];
    int at = 0;
    for (int f = 0; f < files.size(); f++) {
      LoadedSample file = files.get(f);
      double[] obs = file.observables();
      double[] w = file.weightsPb();
      for (int i = 0; i < file.size(); i++, at++) {
        System.arraycopy(obs, i * N, row, 0, N);
        System.arraycopy(row, 0, observables, at * N, N);
        weightsPb[at] = w[i];
        ids[at] = file.sample().id(i);
        fileIndex[at] = f;
        partition[at] =
            testSplit.isTest(row)
                ? Partition.TEST
                : validationSplit.isTest(row) ? Partition.VALIDATION : Partition.FIT;
      }
    }
  }

  /** Seed of the validation split derived from the training seed. */
  public static long validationSeed(long seed) {
    return seed ^ 0x5641_4C49_4441_5445L; // "VALIDATE"
  }

  public List<LoadedSample> files() {
    return files;
  }

  public int size() {
    return ids.length;
  }

  /** Row indices of one partition, in file order. */
  public int[] rows(Partition p) {
    int count = count(p);
    int[] rows = new int[count];
    int k = 0;
    for (int i = 0; i < partition.length; i++) {
      if (partition[i] == p) {
        rows[k++] = i;
      }
    }
    return rows;
  }

  public int count(Partition p) {
    int count = 0;
    for (Partition q : partition) {
      if (q == p) {
        count++;
      }
    }
    return count;
  }

  /**
   * True for rows of the training split (fit and validation): the rows the scaling is fitted on.
   */
  public boolean[] trainingSplitMask() {
    boolean[] mask = new boolean[partition.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = partition[i] != Partition.TEST;
    }
    return mask;
  }

  /** All observables, row-major, 14 per row (the internal array; do not modify). */
  double[] observablesView() {
    return observables;
  }

  /** The scaled features of the given rows, row-major. */
  public float[] scaled(FeatureScaling scaling, int[] rows) {
    return scaling.scale(observables, rows);
  }

  /** The raw observables of the given rows, row-major. */
  public double[] observables(int[] rows) {
    double[] out = new double[rows.length * N];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(observables, rows[i] * N, out, i * N, N);
    }
    return out;
  }

  public double[] weightsPb(int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = weightsPb[rows[i]];
    }
    return out;
  }

  public long id(int row) {
    return ids[row];
  }

  /** The file a row came from. */
  public LoadedSample file(int row) {
    return files.get(fileIndex[row]);
  }

  public Partition partition(int row) {
    return partition[row];
  }
}
