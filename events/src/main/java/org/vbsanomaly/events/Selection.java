package org.vbsanomaly.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The analysis selection applied to an event's observables. All cuts are strict ({@code >}); a cut
 * on an observable the event lacks fails. A threshold of {@code -Infinity} switches that cut off;
 * any other must be finite and at least 0, since the cut observables are never negative.
 *
 * @param requireTwoJetsTwoLeptons the event must have two jets and two leptons
 * @param ptjMin lower cut on the pT of each of the two leading jets, in GeV
 * @param mjjMin lower cut on the dijet mass, in GeV
 * @param detajjMin lower cut on |etaj1 - etaj2|
 */
public record Selection(
    boolean requireTwoJetsTwoLeptons, double ptjMin, double mjjMin, double detajjMin) {

  /** The paper's cut on the pT of each of the two leading jets, GeV. */
  public static final double PAPER_PTJ_MIN = 30.0;

  /** The paper's cut on the dijet mass, GeV. */
  public static final double PAPER_MJJ_MIN = 200.0;

  /** The paper's cut on the jets' pseudorapidity separation. */
  public static final double PAPER_DETAJJ_MIN = 2.0;

  private static final int OBJECT_BITS =
      Observable.PTJ1.maskBit()
          | Observable.PTJ2.maskBit()
          | Observable.PTL1.maskBit()
          | Observable.PTL2.maskBit();

  public Selection {
    requireThreshold(ptjMin, "ptjMin");
    requireThreshold(mjjMin, "mjjMin");
    requireThreshold(detajjMin, "detajjMin");
  }

  /**
   * The selection of the paper: two jets and two leptons present, ptj1 &gt; 30 GeV, ptj2 &gt; 30
   * GeV, mjj &gt; 200 GeV, detajj &gt; 2.
   */
  public static Selection paper() {
    return new Selection(true, PAPER_PTJ_MIN, PAPER_MJJ_MIN, PAPER_DETAJJ_MIN);
  }

  /** Accepts every event, whatever it lacks. */
  public static Selection none() {
    double off = Double.NEGATIVE_INFINITY;
    return new Selection(false, off, off, off);
  }

  /**
   * True when the event passes.
   *
   * @param obs the 14 observables in {@link Observable} order
   * @param missingMask bit i set when observable i is missing
   */
  public boolean passes(double[] obs, int missingMask) {
    if (requireTwoJetsTwoLeptons && (missingMask & OBJECT_BITS) != 0) {
      return false;
    }
    return above(obs, missingMask, Observable.PTJ1, ptjMin)
        && above(obs, missingMask, Observable.PTJ2, ptjMin)
        && above(obs, missingMask, Observable.MJJ, mjjMin)
        && above(obs, missingMask, Observable.DETAJJ, detajjMin);
  }

  /** True when no cut is active: every event passes. */
  public boolean acceptsAll() {
    return !requireTwoJetsTwoLeptons
        && ptjMin == Double.NEGATIVE_INFINITY
        && mjjMin == Double.NEGATIVE_INFINITY
        && detajjMin == Double.NEGATIVE_INFINITY;
  }

  /**
   * The selection as one line of text, e.g. {@code "2 jets, 2 leptons; ptj1 > 30 GeV, ptj2 > 30
   * GeV, mjj > 200 GeV, detajj > 2"}, or {@code "none"}.
   */
  public String describe() {
    if (acceptsAll()) {
      return "none";
    }
    List<String> cuts = new ArrayList<>();
    if (ptjMin != Double.NEGATIVE_INFINITY) {
      cuts.add("ptj1 > " + number(ptjMin) + " GeV");
      cuts.add("ptj2 > " + number(ptjMin) + " GeV");
    }
    if (mjjMin != Double.NEGATIVE_INFINITY) {
      cuts.add("mjj > " + number(mjjMin) + " GeV");
    }
    if (detajjMin != Double.NEGATIVE_INFINITY) {
      cuts.add("detajj > " + number(detajjMin));
    }
    String objects = requireTwoJetsTwoLeptons ? "2 jets, 2 leptons" : "";
    String joined = String.join(", ", cuts);
    if (objects.isEmpty()) {
      return joined;
    }
    return joined.isEmpty() ? objects : objects + "; " + joined;
  }

  private static boolean above(double[] obs, int missingMask, Observable o, double min) {
    if (min == Double.NEGATIVE_INFINITY) {
      return true;
    }
    return (missingMask & o.maskBit()) == 0 && obs[o.ordinal()] > min;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static void requireThreshold(double v, String name) {
    if (Double.isNaN(v)
        || v == Double.POSITIVE_INFINITY
        || (v < 0 && v != Double.NEGATIVE_INFINITY)) {
      throw new IllegalArgumentException(
          name
              + " = "
              + v
              + ": expected a threshold of 0 or more (pT, masses and |deta| are never negative),"
              + " or -Infinity to switch the cut off");
    }
  }
}
