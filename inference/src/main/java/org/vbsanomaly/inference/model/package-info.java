/**
 * The exported model: its contract ({@link org.vbsanomaly.inference.model.OnnxModelContract}), its
 * weights as plain data ({@link org.vbsanomaly.inference.model.DenseLayer}, {@link
 * org.vbsanomaly.inference.model.VaeWeights}, {@link
 * org.vbsanomaly.inference.model.ClassifierWeights}), the ONNX writer ({@link
 * org.vbsanomaly.inference.model.OnnxModelWriter}), the metadata codec ({@link
 * org.vbsanomaly.inference.model.ModelMetadataCodec}) and a plain-Java evaluation of the same
 * function ({@link org.vbsanomaly.inference.model.JavaForwardPass}), the reference that the ONNX
 * graph is tested against. Nothing here depends on TensorFlow or ONNX Runtime.
 */
package org.vbsanomaly.inference.model;
