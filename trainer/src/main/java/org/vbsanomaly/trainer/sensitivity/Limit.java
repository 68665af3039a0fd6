package org.vbsanomaly.trainer.sensitivity;

/**
 * The smallest coefficient, on one side of zero, at which the target significance is reached, and
 * the region that reaches it.
 *
 * @param c the coefficient (negative for the negative side), in TeV^-2 for Lambda = 1 TeV
 * @param region the region whose cut reaches the target first
 */
public record Limit(double c, RegionYields region) {}
