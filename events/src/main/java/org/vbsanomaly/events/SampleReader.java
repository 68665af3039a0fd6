package org.vbsanomaly.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads whole LHE files into {@link Sample}s: one streaming pass per file computes the observables,
 * applies the selection and keeps the selected rows; the weights in pb follow from the cross
 * section and the sum of weights known at the end of the pass. Memory grows with the selected
 * events only (about 130 bytes each).
 *
 * <p>A damaged event is skipped and counted in the sample's stats (the caller decides whether any
 * damage is acceptable); a truncated file fails with {@link LheFormatException}, because its
 * weights could not be trusted to describe the sample. Stateless apart from its options; safe to
 * use from several threads at once.
 */
public final class SampleReader {
  private final Selection selection;
  private final DamageListener listener;

  /** A reader applying {@code selection}, reporting damage only through the samples' stats. */
  public SampleReader(Selection selection) {
    this(selection, DamageListener.IGNORE);
  }

  /** A reader applying {@code selection} that also tells {@code listener} of each damaged event. */
  public SampleReader(Selection selection, DamageListener listener) {
    this.selection = selection;
    this.listener = listener;
  }

  public Selection selection() {
    return selection;
  }

  /**
   * Reads one file.
   *
   * @throws LheFormatException when the file is not LHE, its init block is broken, or it is
   *     truncated
   * @throws IllegalStateException when its weights sum to zero, so that it cannot be normalised
   */
  public Sample read(Path file) throws IOException {
    Rows rows = new Rows();
    LheEvent event = new LheEvent();
    double[] obs = new double[Observable.COUNT];
    try (LheReader reader = LheReader.open(file, listener)) {
      while (reader.next(event)) {
        int mask = ObservableCalculator.compute(event, obs);
        if (selection.passes(obs, mask)) {
          rows.add(event.ordinal(), event.weight(), obs, mask);
        }
      }
      Sample sample = rows.toSample(file, reader.init(), reader.stats(), selection);
      sample.normalisation().scale();
      return sample;
    }
  }

  /** Reads several files, in order; fails on the first file that cannot be read. */
  public List<Sample> read(List<Path> files) throws IOException {
    List<Sample> samples = new ArrayList<>(files.size());
    for (Path f : files) {
      samples.add(read(f));
    }
    return samples;
  }

  /** Growable column storage for the selected rows. */
  private static final class Rows {
    private int size;
    private long[] ids = new long[1024];
    private double[] weights = new double[1024];
    private double[] observables = new double[1024 * Observable.COUNT];
    private int[] masks = new int[1024];

    void add(long id, double weight, double[] obs, int mask) {
      if (size == ids.length) {
        int capacity = 2 * size;
        ids = Arrays.copyOf(ids, capacity);
        weights = Arrays.copyOf(weights, capacity);
        observables = Arrays.copyOf(observables, capacity * Observable.COUNT);
        masks = Arrays.copyOf(masks, capacity);
      }
      ids[size] = id;
      weights[size] = weight;
      System.arraycopy(obs, 0, observables, size * Observable.COUNT, Observable.COUNT);
      masks[size] = mask;
      size++;
    }

    Sample toSample(Path file, LheInit init, ReadStats stats, Selection selection) {
      return new Sample(
          file,
          init,
          stats,
          selection,
          Arrays.copyOf(ids, size),
          Arrays.copyOf(weights, size),
          Arrays.copyOf(observables, size * Observable.COUNT),
          Arrays.copyOf(masks, size));
    }
  }
}
