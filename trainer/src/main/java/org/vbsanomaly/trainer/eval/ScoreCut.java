package org.vbsanomaly.trainer.eval;

/**
 * A cut on a score chosen to keep a target fraction of a reference sample.
 *
 * @param targetFraction the fraction asked for, in (0, 1]
 * @param cut events with {@code score > cut} are kept
 * @param keptFraction the fraction actually kept, at least {@code targetFraction} (scores are
 *     discrete, so it is usually a little more), counted as {@code weighting} says
 * @param keptEvents Monte Carlo events kept
 * @param weighting how the fractions were counted
 */
public record ScoreCut(
    double targetFraction, double cut, double keptFraction, int keptEvents, Weighting weighting) {}
