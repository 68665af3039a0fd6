package org.vbsanomaly.trainer.sensitivity;

import java.util.Optional;

/**
 * The sensitivity of one model to one operator.
 *
 * @param operator the operator's name
 * @param negative the smallest {@code |c|} on the negative side with the target significance, empty
 *     when not reached inside {@code [-cMax, 0)}
 * @param positive likewise on the positive side, inside {@code (0, cMax]}
 * @param cMax the edge of the scanned range
 * @param sigmaAtMinusCMax best significance at {@code -cMax}: how far from the target a side
 *     without a limit stays
 * @param sigmaAtPlusCMax best significance at {@code +cMax}
 * @param allowedCuts number of candidate cuts that kept enough SM Monte Carlo events
 * @param curve best significance on a grid of {@code c}, for plots
 */
public record OperatorSensitivity(
    String operator,
    Optional<Limit> negative,
    Optional<Limit> positive,
    double cMax,
    double sigmaAtMinusCMax,
    double sigmaAtPlusCMax,
    int allowedCuts,
    SigmaCurve curve) {}
