/**
 * From Les Houches event files to the 14 observables of the same-sign WW analysis.
 *
 * <p>The data path: {@link org.vbsanomaly.events.LheReader} streams events from a plain or gzip LHE
 * file into a reused {@link org.vbsanomaly.events.LheEvent}; {@link
 * org.vbsanomaly.events.ObservableCalculator} turns its final-state particles into the {@link
 * org.vbsanomaly.events.Observable}s and a missing mask; {@link org.vbsanomaly.events.Selection}
 * applies the analysis cuts; {@link org.vbsanomaly.events.Normalisation} gives each event its
 * weight in pb. {@link org.vbsanomaly.events.SampleReader} runs the whole path over a file into a
 * {@link org.vbsanomaly.events.Sample} for training and evaluation, and {@link
 * org.vbsanomaly.events.FeatureTableWriter} writes rows as CSV or as the project's protobuf feed.
 *
 * <p>Units: GeV for energies, momenta and masses, pb for cross sections and weights, radians for
 * angles.
 */
package org.vbsanomaly.events;
