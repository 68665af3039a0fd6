package org.vbsanomaly.events;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The selected events of one LHE file with their observables and weights in pb, plus what the file
 * says about itself (cross section, counts). Built by {@link SampleReader}; immutable and safe to
 * share between threads.
 *
 * <p>Rows are the selected events in file order. Weights follow {@link Normalisation}: over all
 * events read they sum to the file's cross section, so over the rows they sum to the fiducial cross
 * section {@link #selectedCrossSectionPb()}.
 */
public final class Sample {
  private final Path file;
  private final LheInit init;
  private final ReadStats stats;
  private final Selection selection;
  private final Normalisation normalisation;
  private final long[] ids;
  private final double[] generatorWeights;
  private final double[] observables;
  private final int[] missingMasks;

  Sample(
      Path file,
      LheInit init,
      ReadStats stats,
      Selection selection,
      long[] ids,
      double[] generatorWeights,
      double[] observables,
      int[] missingMasks) {
    this.file = file;
    this.init = init;
    this.stats = stats;
    this.selection = selection;
    this.normalisation = Normalisation.of(init, stats);
    this.ids = ids;
    this.generatorWeights = generatorWeights;
    this.observables = observables;
    this.missingMasks = missingMasks;
  }

  public Path file() {
    return file;
  }

  public LheInit init() {
    return init;
  }

  /** Counts and weight sums of the whole file (all events read, selected or not). */
  public ReadStats stats() {
    return stats;
  }

  public Selection selection() {
    return selection;
  }

  public Normalisation normalisation() {
    return normalisation;
  }

  /** The file's cross section in pb: the sum of XSECUP over its processes. */
  public double crossSectionPb() {
    return init.crossSectionPb();
  }

  /** Error of the file's cross section in pb (XERRUP added in quadrature). */
  public double crossSectionErrorPb() {
    return init.crossSectionErrorPb();
  }

  /** Sum of XWGTUP over all events read. */
  public double sumOfWeights() {
    return stats.sumOfWeights();
  }

  public long eventsRead() {
    return stats.eventsRead();
  }

  public long eventsDamaged() {
    return stats.eventsDamaged();
  }

  /** Number of selected events, the rows of this sample. */
  public int size() {
    return ids.length;
  }

  /** Messages of the first damaged events, each naming file and line. */
  public List<String> damageMessages() {
    return stats.firstDamageMessages();
  }

  /** The event's ordinal in its file ({@link LheEvent#ordinal()}). */
  public long id(int row) {
    return ids[row];
  }

  /** The event's XWGTUP as written. */
  public double generatorWeight(int row) {
    return generatorWeights[row];
  }

  /** The event's weight in pb (see {@link Normalisation}). */
  public double weightPb(int row) {
    return normalisation.weightPb(generatorWeights[row]);
  }

  /** Observable {@code o} of row {@code row}; 0 when missing (see {@link #missingMask(int)}). */
  public double observable(int row, Observable o) {
    return observables[row * Observable.COUNT + o.ordinal()];
  }

  /** Bit i set when observable i of this row is missing. */
  public int missingMask(int row) {
    return missingMasks[row];
  }

  /** Sum of the rows' weights in pb: the cross section after the selection. */
  public double selectedCrossSectionPb() {
    double sum = 0;
    for (double w : generatorWeights) {
      sum += w;
    }
    return normalisation.weightPb(sum);
  }

  /** Expected selected events at an integrated luminosity in fb^-1. */
  public double expectedEvents(double luminosityInvFb) {
    return Normalisation.expectedEvents(selectedCrossSectionPb(), luminosityInvFb);
  }

  /** A copy of the ids, one per row. */
  public long[] ids() {
    return ids.clone();
  }

  /** The rows' weights in pb, a new array. */
  public double[] weightsPb() {
    double scale = normalisation.scale();
    double[] out = new double[ids.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = generatorWeights[i] * scale;
    }
    return out;
  }

  /** The observables as a new {@code [rows][14]} matrix in {@link Observable} order. */
  public double[][] features() {
    double[][] out = new double[ids.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(observables, i * Observable.COUNT, (i + 1) * Observable.COUNT);
    }
    return out;
  }

  /** The observables as a new {@code [rows][14]} float matrix, for training. */
  public float[][] featuresAsFloat() {
    float[][] out = new float[ids.length][Observable.COUNT];
    for (int i = 0; i < out.length; i++) {
      for (int k = 0; k < Observable.COUNT; k++) {
        out[i][k] = (float) observables[i * Observable.COUNT + k];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Sample["
        + file
        + ": "
        + stats.eventsRead()
        + " read, "
        + stats.eventsDamaged()
        + " damaged, "
        + size()
        + " selected, sigma "
        + crossSectionPb()
        + " pb]";
  }
}
