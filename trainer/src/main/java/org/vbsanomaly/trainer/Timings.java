package org.vbsanomaly.trainer;

/**
 * Where the wall time of a training run went, in seconds.
 *
 * @param reading reading, selecting and hashing the input files
 * @param preprocessing split and feature scaling
 * @param training TensorFlow session set-up and all epochs, validation included
 * @param evaluation TensorFlow forward passes over the test and EFT events, thresholds, ROC curves
 * @param export ONNX writing and the ONNX Runtime cross-check
 * @param outputs plots, CSV files and the model card
 * @param total the whole run
 */
public record Timings(
    double reading,
    double preprocessing,
    double training,
    double evaluation,
    double export,
    double outputs,
    double total) {}
