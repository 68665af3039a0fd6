package org.vbsanomaly.events;

import java.util.Arrays;

/**
 * One Les Houches event, meant to be reused: {@link LheReader#next(LheEvent)} overwrites it in
 * place, so reading a file allocates nothing per event once the arrays have grown to the largest
 * event. Momenta, energies and masses are in GeV; particle indices are 0-based (the file's mother
 * columns stay 1-based as written, 0 meaning none).
 *
 * <p>Not thread-safe: one reader fills it, and the caller copies what it keeps before the next
 * call.
 */
public final class LheEvent {
  private static final int INITIAL_CAPACITY = 16;

  private int size;
  int[] pdgId = new int[INITIAL_CAPACITY];
  int[] status = new int[INITIAL_CAPACITY];
  int[] mother1 = new int[INITIAL_CAPACITY];
  int[] mother2 = new int[INITIAL_CAPACITY];
  int[] color1 = new int[INITIAL_CAPACITY];
  int[] color2 = new int[INITIAL_CAPACITY];
  double[] px = new double[INITIAL_CAPACITY];
  double[] py = new double[INITIAL_CAPACITY];
  double[] pz = new double[INITIAL_CAPACITY];
  double[] e = new double[INITIAL_CAPACITY];
  double[] m = new double[INITIAL_CAPACITY];
  double[] lifetime = new double[INITIAL_CAPACITY];
  double[] spin = new double[INITIAL_CAPACITY];

  private int processId;
  private double weight;
  private double scale;
  private double alphaQed;
  private double alphaQcd;
  private double[] weights = new double[0];
  private int weightCount;
  private long ordinal = -1;
  private long line;

  /** Number of particles (NUP). */
  public int size() {
    return size;
  }

  /** PDG id of particle {@code i} (IDUP). */
  public int pdgId(int i) {
    return pdgId[check(i)];
  }

  /** Status of particle {@code i} (ISTUP): -1 incoming, 1 final state, 2 resonance, ... */
  public int status(int i) {
    return status[check(i)];
  }

  /** First mother of particle {@code i}, 1-based as in the file, 0 for none (MOTHUP(1)). */
  public int mother1(int i) {
    return mother1[check(i)];
  }

  /** Second mother of particle {@code i}, 1-based as in the file, 0 for none (MOTHUP(2)). */
  public int mother2(int i) {
    return mother2[check(i)];
  }

  /** Colour tag of particle {@code i} (ICOLUP(1)), 0 for none. */
  public int color1(int i) {
    return color1[check(i)];
  }

  /** Anticolour tag of particle {@code i} (ICOLUP(2)), 0 for none. */
  public int color2(int i) {
    return color2[check(i)];
  }

  /** x momentum of particle {@code i} in GeV. */
  public double px(int i) {
    return px[check(i)];
  }

  /** y momentum of particle {@code i} in GeV. */
  public double py(int i) {
    return py[check(i)];
  }

  /** z momentum of particle {@code i} (along beam 1) in GeV. */
  public double pz(int i) {
    return pz[check(i)];
  }

  /** Energy of particle {@code i} in GeV. */
  public double e(int i) {
    return e[check(i)];
  }

  /** Generated mass of particle {@code i} in GeV, as written in the file. */
  public double m(int i) {
    return m[check(i)];
  }

  /** Proper lifetime c*tau of particle {@code i} in mm (VTIMUP). */
  public double lifetime(int i) {
    return lifetime[check(i)];
  }

  /** Cosine of the angle between spin and momentum of particle {@code i}, 9 if unknown. */
  public double spin(int i) {
    return spin[check(i)];
  }

  /** Transverse momentum of particle {@code i} in GeV. */
  public double pt(int i) {
    check(i);
    return Math.sqrt(px[i] * px[i] + py[i] * py[i]);
  }

  /** Process id (IDPRUP), matching a process of {@link LheInit#processes()}. */
  public int processId() {
    return processId;
  }

  /** The event weight as written (XWGTUP); see {@link Normalisation} for a weight in pb. */
  public double weight() {
    return weight;
  }

  /** Factorisation scale of the event in GeV (SCALUP). */
  public double scale() {
    return scale;
  }

  /** QED coupling used for the event (AQEDUP). */
  public double alphaQed() {
    return alphaQed;
  }

  /** QCD coupling used for the event (AQCDUP). */
  public double alphaQcd() {
    return alphaQcd;
  }

  /**
   * The {@code k}-th additional weight, in the order of {@link LheReader#weightNames()}: named
   * weights ({@code <rwgt>}) and positional ones ({@code <weights>}). NaN when this event did not
   * carry weight {@code k}.
   */
  public double weight(int k) {
    if (k < 0 || k >= weightCount) {
      throw new IndexOutOfBoundsException(
          "weight index " + k + " out of range: the event has " + weightCount + " weight slots");
    }
    return weights[k];
  }

  /** Number of additional weight slots (named plus positional) known when the event was read. */
  public int weightCount() {
    return weightCount;
  }

  /**
   * 0-based index of this event among all {@code <event>} blocks of its file, damaged ones
   * included, so that an id built from it is stable whatever is skipped.
   */
  public long ordinal() {
    return ordinal;
  }

  /** 1-based line of the event's {@code <event>} tag. */
  public long line() {
    return line;
  }

  // --- filling, for the reader -------------------------------------------------------------

  void begin(long ordinal, long line, int weightSlots) {
    this.ordinal = ordinal;
    this.line = line;
    this.size = 0;
    if (weights.length < weightSlots) {
      weights = new double[Math.max(weightSlots, 2 * weights.length)];
    }
    this.weightCount = weightSlots;
    Arrays.fill(weights, 0, weightSlots, Double.NaN);
  }

  void header(int processId, double weight, double scale, double alphaQed, double alphaQcd) {
    this.processId = processId;
    this.weight = weight;
    this.scale = scale;
    this.alphaQed = alphaQed;
    this.alphaQcd = alphaQcd;
  }

  /** Makes room for {@code n} particles and sets the size; the reader then fills index by index. */
  void resize(int n) {
    if (pdgId.length < n) {
      grow(Math.max(n, 2 * pdgId.length));
    }
    size = n;
  }

  void setWeight(int slot, double value) {
    if (slot >= weightCount) {
      if (weights.length <= slot) {
        weights = Arrays.copyOf(weights, Math.max(slot + 1, 2 * weights.length));
      }
      Arrays.fill(weights, weightCount, slot + 1, Double.NaN);
      weightCount = slot + 1;
    }
    weights[slot] = value;
  }

  private void grow(int capacity) {
    pdgId = Arrays.copyOf(pdgId, capacity);
    status = Arrays.copyOf(status, capacity);
    mother1 = Arrays.copyOf(mother1, capacity);
    mother2 = Arrays.copyOf(mother2, capacity);
    color1 = Arrays.copyOf(color1, capacity);
    color2 = Arrays.copyOf(color2, capacity);
    px = Arrays.copyOf(px, capacity);
    py = Arrays.copyOf(py, capacity);
    pz = Arrays.copyOf(pz, capacity);
    e = Arrays.copyOf(e, capacity);
    m = Arrays.copyOf(m, capacity);
    lifetime = Arrays.copyOf(lifetime, capacity);
    spin = Arrays.copyOf(spin, capacity);
  }

  private int check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          "particle index " + i + " out of range: the event has " + size + " particles");
    }
    return i;
  }

  @Override
  public String toString() {
    return "LheEvent[ordinal="
        + ordinal
        + ", line="
        + line
        + ", particles="
        + size
        + ", weight="
        + weight
        + "]";
  }
}
