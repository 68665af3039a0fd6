package org.vbsanomaly.trainer.sensitivity;

/**
 * The best significance over the allowed cuts at each coefficient of a grid, for plots.
 *
 * @param c coefficients, ascending
 * @param sigma best significance at each {@code c[i]}
 * @param cut the cut that gives it (minus infinity for no cut)
 */
public record SigmaCurve(double[] c, double[] sigma, double[] cut) {}
