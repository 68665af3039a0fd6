/**
 * Scoring events with an exported anomaly model in ONNX Runtime.
 *
 * <p>{@link org.vbsanomaly.inference.AnomalyModel} opens and validates a model file ({@link
 * org.vbsanomaly.inference.ModelOptions}: device, intra-op threads); {@link
 * org.vbsanomaly.inference.BatchScorer} scores batches of events with one ONNX Runtime call each,
 * one scorer per thread; {@link org.vbsanomaly.inference.AnomalyFlag} turns a score into the
 * anomaly flag. The streaming pipeline is in {@code org.vbsanomaly.inference.pipeline}, the model
 * format and its writer in {@code org.vbsanomaly.inference.model}.
 *
 * <p>Units: features in GeV (masses, momenta, missing transverse energy) and radians (angles), in
 * {@code org.vbsanomaly.events.Observable} order; mse in the scaled (min-max) feature space; kld in
 * nats; latencies in nanoseconds.
 */
package org.vbsanomaly.inference;
