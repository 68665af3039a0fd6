/**
 * The streaming scorer: producers publish events through {@link
 * org.vbsanomaly.inference.pipeline.EventPublisher}s into the preallocated ring of a {@link
 * org.vbsanomaly.inference.pipeline.ScoringPipeline}; scoring stages batch them into ONNX Runtime
 * calls; every result reaches a {@link org.vbsanomaly.inference.pipeline.ScoreSink} exactly once,
 * in publication order. Sinks provided: {@link org.vbsanomaly.inference.pipeline.CountingSink},
 * {@link org.vbsanomaly.inference.pipeline.LatencyRecordingSink}, callbacks through {@link
 * org.vbsanomaly.inference.pipeline.ScoreSink#of}, and combinations through {@link
 * org.vbsanomaly.inference.pipeline.ScoreSink#tee}.
 */
package org.vbsanomaly.inference.pipeline;
