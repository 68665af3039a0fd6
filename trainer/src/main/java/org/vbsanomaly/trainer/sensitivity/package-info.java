/**
 * The sensitivity study of issue 4: how small a Wilson coefficient each model can see at 3 sigma,
 * with the cut on the model's score optimised per coefficient.
 *
 * <p>Inputs are {@link org.vbsanomaly.trainer.eval.WeightedScores} of the SM events and of the LIN
 * and QUAD samples of each operator, test-split events only, weights in picobarn scaled to the full
 * cross section; yields are those weights times the luminosity (fb^-1) times 1000 fb/pb. {@link
 * org.vbsanomaly.trainer.sensitivity.SensitivityScan} computes the results, {@link
 * org.vbsanomaly.trainer.sensitivity.SensitivityReport} prints them beside the paper's published
 * values, {@link org.vbsanomaly.trainer.sensitivity.SensitivityPlots} draws them.
 */
package org.vbsanomaly.trainer.sensitivity;
