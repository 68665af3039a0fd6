package org.vbsanomaly.events;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 14 kinematic observables of the same-sign WW analysis, in the order used everywhere in the
 * project: feature tables, feeds, model inputs.
 *
 * <p>Jets are final-state quarks and gluons ordered by transverse momentum, leptons final-state
 * electrons and muons ordered by transverse momentum; {@code met} is the magnitude of the vector
 * sum of the final-state neutrinos' transverse momenta. Masses and momenta are in GeV,
 * pseudorapidities and their difference are dimensionless, {@code dphijj} is in radians folded into
 * [0, pi]. See {@link ObservableCalculator} for the definitions in full.
 */
public enum Observable {
  MJJ("mjj", "GeV", true),
  MLL("mll", "GeV", true),
  PTJ1("ptj1", "GeV", true),
  PTJ2("ptj2", "GeV", true),
  PTL1("ptl1", "GeV", true),
  PTL2("ptl2", "GeV", true),
  PTLL("ptll", "GeV", true),
  MET("met", "GeV", true),
  ETAJ1("etaj1", "", false),
  ETAJ2("etaj2", "", false),
  ETAL1("etal1", "", false),
  ETAL2("etal2", "", false),
  DETAJJ("detajj", "", false),
  DPHIJJ("dphijj", "rad", false);

  /** Number of observables; the length of every feature row. */
  public static final int COUNT = 14;

  private static final Observable[] VALUES = values();
  private static final List<String> NAMES =
      Arrays.stream(VALUES).map(Observable::featureName).collect(Collectors.toUnmodifiableList());
  private static final List<String> UNITS =
      Arrays.stream(VALUES).map(Observable::unit).collect(Collectors.toUnmodifiableList());

  private final String featureName;
  private final String unit;
  private final boolean logScaled;

  Observable(String featureName, String unit, boolean logScaled) {
    this.featureName = featureName;
    this.unit = unit;
    this.logScaled = logScaled;
  }

  /** The lower-case name used in tables, feeds and model metadata, e.g. {@code "mjj"}. */
  public String featureName() {
    return featureName;
  }

  /** {@code "GeV"} for masses and momenta, {@code "rad"} for dphijj, {@code ""} otherwise. */
  public String unit() {
    return unit;
  }

  /**
   * True for the eight masses and momenta, whose steeply falling spectra are log10-transformed
   * before min-max scaling; false for the angular observables.
   */
  public boolean logScaled() {
    return logScaled;
  }

  /** Bit of this observable in a missing mask: {@code 1 << ordinal()}. */
  public int maskBit() {
    return 1 << ordinal();
  }

  /** The observable at {@code index} in the canonical order. */
  public static Observable at(int index) {
    return VALUES[index];
  }

  /** Feature names in the canonical order: mjj, mll, ..., dphijj (immutable). */
  public static List<String> names() {
    return NAMES;
  }

  /** Units in the canonical order (immutable). */
  public static List<String> units() {
    return UNITS;
  }

  /**
   * The observable with the given feature name.
   *
   * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
   */
  public static Observable fromName(String name) {
    for (Observable o : VALUES) {
      if (o.featureName.equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown observable '" + name + "'; expected one of " + String.join(", ", NAMES));
  }
}
