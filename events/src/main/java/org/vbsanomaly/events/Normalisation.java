package org.vbsanomaly.events;

/**
 * Turns generator event weights (XWGTUP) into weights in pb that sum to the file's cross section.
 *
 * <p>Implementation note. Generators disagree on what XWGTUP means: with IDWTUP = +-3 every event
 * carries the same weight (often 1 or the cross section), with MadGraph's IDWTUP = -4 and {@code
 * event_norm = average} each event carries +-A with the cross section equal to the mean weight,
 * with {@code event_norm = sum} the weights sum to the cross section, and NLO files mix signs. One
 * rule serves all of them:
 *
 * <pre>
 *   weight_pb(i) = XWGTUP(i) * sigma / sum_j XWGTUP(j)
 * </pre>
 *
 * with sigma the sum of XSECUP over the {@code <init>} processes (pb) and the sum over the events
 * actually read (damaged ones excluded, negative weights kept). The weights then sum to sigma
 * exactly, whatever the convention; for {@code event_norm = average} the factor equals 1/N, so
 * weight_pb = XWGTUP / N. Selected events' weights sum to the fiducial cross section, and the
 * expected yield at an integrated luminosity L is that sum times L (with 1 pb = 1000 fb).
 *
 * @param crossSectionPb sigma, the file's cross section in pb (sum of XSECUP)
 * @param sumOfWeights sum of XWGTUP over the events read
 */
public record Normalisation(double crossSectionPb, double sumOfWeights) {

  public Normalisation {
    if (!Double.isFinite(crossSectionPb) || !Double.isFinite(sumOfWeights)) {
      throw new IllegalArgumentException(
          "cross section "
              + crossSectionPb
              + " pb and sum of weights "
              + sumOfWeights
              + " must be finite");
    }
  }

  /** The normalisation of one file from its init block and what was read from it. */
  public static Normalisation of(LheInit init, ReadStats stats) {
    return new Normalisation(init.crossSectionPb(), stats.sumOfWeights());
  }

  /**
   * The factor sigma / sum of XWGTUP.
   *
   * @throws IllegalStateException when the weights sum to zero (no events, or weights that cancel
   *     exactly), so that no normalisation exists
   */
  public double scale() {
    if (sumOfWeights == 0) {
      throw new IllegalStateException(
          "the event weights sum to zero (no events read?): cannot normalise to the cross section"
              + " of "
              + crossSectionPb
              + " pb");
    }
    return crossSectionPb / sumOfWeights;
  }

  /** The weight in pb of an event whose XWGTUP is {@code generatorWeight}. */
  public double weightPb(double generatorWeight) {
    return generatorWeight * scale();
  }

  /** Expected number of events for a total in pb at an integrated luminosity in fb^-1. */
  public static double expectedEvents(double crossSectionPb, double luminosityInvFb) {
    return crossSectionPb * 1000.0 * luminosityInvFb;
  }
}
