package org.vbsanomaly.events;

import java.util.Arrays;

/**
 * Computes the 14 {@link Observable}s of an event from its final-state particles. Stateless and
 * allocation-free; safe to call from any number of threads.
 *
 * <p>Definitions (all particles with status 1; momenta in GeV):
 *
 * <ul>
 *   <li>jets: quarks d, u, s, c, b (|PDG id| 1 to 5) and gluons (21), ordered by pT; j1 and j2 are
 *       the two hardest. Top quarks, photons and the undecayed bosons of a file are not jets;
 *   <li>leptons: electrons and muons (|PDG id| 11, 13) of either charge, ordered by pT; taus are
 *       not leptons here;
 *   <li>met: magnitude of the vector sum of the neutrinos' (12, 14, 16) transverse momenta, 0 when
 *       there are none; missing only for an event without any final-state particle;
 *   <li>mjj, mll: invariant masses sqrt(E^2 - |p|^2) of the pair, with m^2 &lt; 0 (rounding for
 *       nearly collinear massless pairs) clamped to 0;
 *   <li>eta = asinh(pz / pT); a particle along the beam (pT = 0, or pz / pT beyond double range)
 *       gets eta = +-{@link #ETA_AT_ZERO_PT} (0 if pz = 0 too) rather than an infinity;
 *   <li>detajj = |etaj1 - etaj2|; dphijj = the azimuthal angle between the two jets in [0, pi],
 *       computed as atan2(|pT1 x pT2|, pT1 . pT2), which is the folded |phi1 - phi2|.
 * </ul>
 *
 * <p>An observable that needs an object the event lacks is missing: its bit is set in the returned
 * mask and its slot holds 0, never NaN. One jet leaves mjj, ptj2, etaj2, detajj and dphijj missing;
 * one lepton leaves mll, ptll, ptl2 and etal2 missing. Finite inputs give finite outputs;
 * non-finite momenta (possible only from data that did not come through {@link LheReader})
 * propagate.
 */
public final class ObservableCalculator {
  /** |eta| given to a particle with zero transverse momentum. */
  public static final double ETA_AT_ZERO_PT = 1.0e3;

  private static final double LN_2 = Math.log(2);

  /** Missing mask with every observable missing: an event without final-state particles. */
  public static final int ALL_MISSING = (1 << Observable.COUNT) - 1;

  private static final int TWO_JET_BITS =
      Observable.MJJ.maskBit()
          | Observable.PTJ2.maskBit()
          | Observable.ETAJ2.maskBit()
          | Observable.DETAJJ.maskBit()
          | Observable.DPHIJJ.maskBit();
  private static final int ONE_JET_BITS = Observable.PTJ1.maskBit() | Observable.ETAJ1.maskBit();
  private static final int TWO_LEPTON_BITS =
      Observable.MLL.maskBit()
          | Observable.PTLL.maskBit()
          | Observable.PTL2.maskBit()
          | Observable.ETAL2.maskBit();
  private static final int ONE_LEPTON_BITS = Observable.PTL1.maskBit() | Observable.ETAL1.maskBit();

  private ObservableCalculator() {}

  /**
   * Fills {@code out[0..13]} with the observables of {@code event} in {@link Observable} order.
   *
   * @return the missing mask: bit i set when observable i is missing (its slot then holds 0)
   */
  public static int compute(LheEvent event, double[] out) {
    return compute(
        event.size(), event.pdgId, event.status, event.px, event.py, event.pz, event.e, out);
  }

  /**
   * Same as {@link #compute(LheEvent, double[])} for particles given as parallel arrays, e.g.
   * events arriving over the wire; only the first {@code n} entries are read.
   *
   * @throws IllegalArgumentException when an array is shorter than {@code n} or {@code out} is
   *     shorter than {@link Observable#COUNT}
   */
  public static int compute(
      int n,
      int[] pdgId,
      int[] status,
      double[] px,
      double[] py,
      double[] pz,
      double[] e,
      double[] out) {
    checkLengths(n, pdgId, status, px, py, pz, e, out);
    int j1 = -1;
    int j2 = -1;
    int l1 = -1;
    int l2 = -1;
    double ptJ1 = 0;
    double ptJ2 = 0;
    double ptL1 = 0;
    double ptL2 = 0;
    double metX = 0;
    double metY = 0;
    int finalState = 0;
    for (int i = 0; i < n; i++) {
      if (status[i] != 1) {
        continue;
      }
      finalState++;
      int id = Math.abs(pdgId[i]);
      if ((id >= 1 && id <= 5) || id == 21) {
        double pt = Math.sqrt(px[i] * px[i] + py[i] * py[i]);
        if (j1 < 0 || pt > ptJ1) {
          j2 = j1;
          ptJ2 = ptJ1;
          j1 = i;
          ptJ1 = pt;
        } else if (j2 < 0 || pt > ptJ2) {
          j2 = i;
          ptJ2 = pt;
        }
      } else if (id == 11 || id == 13) {
        double pt = Math.sqrt(px[i] * px[i] + py[i] * py[i]);
        if (l1 < 0 || pt > ptL1) {
          l2 = l1;
          ptL2 = ptL1;
          l1 = i;
          ptL1 = pt;
        } else if (l2 < 0 || pt > ptL2) {
          l2 = i;
          ptL2 = pt;
        }
      } else if (id == 12 || id == 14 || id == 16) {
        metX += px[i];
        metY += py[i];
      }
    }

    Arrays.fill(out, 0, Observable.COUNT, 0.0);
    out[Observable.MET.ordinal()] = Math.sqrt(metX * metX + metY * metY);
    int missing = finalState == 0 ? Observable.MET.maskBit() : 0;
    if (j1 < 0) {
      missing |= ONE_JET_BITS | TWO_JET_BITS;
    } else {
      out[Observable.PTJ1.ordinal()] = ptJ1;
      out[Observable.ETAJ1.ordinal()] = eta(pz[j1], ptJ1);
      if (j2 < 0) {
        missing |= TWO_JET_BITS;
      } else {
        fillJetPair(j1, j2, ptJ2, px, py, pz, e, out);
      }
    }
    if (l1 < 0) {
      missing |= ONE_LEPTON_BITS | TWO_LEPTON_BITS;
    } else {
      out[Observable.PTL1.ordinal()] = ptL1;
      out[Observable.ETAL1.ordinal()] = eta(pz[l1], ptL1);
      if (l2 < 0) {
        missing |= TWO_LEPTON_BITS;
      } else {
        out[Observable.PTL2.ordinal()] = ptL2;
        out[Observable.ETAL2.ordinal()] = eta(pz[l2], ptL2);
        out[Observable.MLL.ordinal()] = pairMass(l1, l2, px, py, pz, e);
        double sumX = px[l1] + px[l2];
        double sumY = py[l1] + py[l2];
        out[Observable.PTLL.ordinal()] = Math.sqrt(sumX * sumX + sumY * sumY);
      }
    }
    return missing;
  }

  private static void fillJetPair(
      int j1,
      int j2,
      double ptJ2,
      double[] px,
      double[] py,
      double[] pz,
      double[] e,
      double[] out) {
    double etaJ1 = out[Observable.ETAJ1.ordinal()];
    double etaJ2 = eta(pz[j2], ptJ2);
    out[Observable.PTJ2.ordinal()] = ptJ2;
    out[Observable.ETAJ2.ordinal()] = etaJ2;
    out[Observable.MJJ.ordinal()] = pairMass(j1, j2, px, py, pz, e);
    out[Observable.DETAJJ.ordinal()] = Math.abs(etaJ1 - etaJ2);
    double cross = px[j1] * py[j2] - py[j1] * px[j2];
    double dot = px[j1] * px[j2] + py[j1] * py[j2];
    out[Observable.DPHIJJ.ordinal()] = Math.atan2(Math.abs(cross), dot);
  }

  /** Invariant mass of particles a and b in GeV, negative m^2 clamped to 0. */
  static double pairMass(int a, int b, double[] px, double[] py, double[] pz, double[] e) {
    double sumE = e[a] + e[b];
    double sumX = px[a] + px[b];
    double sumY = py[a] + py[b];
    double sumZ = pz[a] + pz[b];
    double m2 = sumE * sumE - (sumX * sumX + sumY * sumY + sumZ * sumZ);
    return m2 > 0 ? Math.sqrt(m2) : 0.0;
  }

  /** Pseudorapidity asinh(pz / pT), accurate for small and large ratios alike. */
  static double eta(double pz, double pt) {
    if (pt == 0) {
      return pz == 0 ? 0.0 : Math.copySign(ETA_AT_ZERO_PT, pz);
    }
    double x = Math.abs(pz / pt);
    double asinh =
        x < 1e150 ? Math.log1p(x + x * x / (1 + Math.sqrt(1 + x * x))) : Math.log(x) + LN_2;
    return Math.copySign(Math.min(asinh, ETA_AT_ZERO_PT), pz);
  }

  private static void checkLengths(
      int n,
      int[] pdgId,
      int[] status,
      double[] px,
      double[] py,
      double[] pz,
      double[] e,
      double[] out) {
    if (n < 0
        || pdgId.length < n
        || status.length < n
        || px.length < n
        || py.length < n
        || pz.length < n
        || e.length < n) {
      throw new IllegalArgumentException(
          "particle arrays shorter than n = "
              + n
              + ": pdgId "
              + pdgId.length
              + ", status "
              + status.length
              + ", px "
              + px.length
              + ", py "
              + py.length
              + ", pz "
              + pz.length
              + ", e "
              + e.length);
    }
    if (out.length < Observable.COUNT) {
      throw new IllegalArgumentException(
          "output array has " + out.length + " slots; expected at least " + Observable.COUNT);
    }
  }
}
