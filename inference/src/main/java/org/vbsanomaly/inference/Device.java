package org.vbsanomaly.inference;

/**
 * Where ONNX Runtime runs a model.
 *
 * <p>{@link #CUDA} needs the GPU build of this module (Maven profile {@code cuda}, which swaps the
 * {@code onnxruntime} artifact for {@code onnxruntime_gpu}) and the CUDA 12 and cuDNN 9 libraries
 * on the machine; when either is missing, opening a model on CUDA fails with a {@link
 * DeviceUnavailableException} that says which.
 */
public enum Device {
  /** ONNX Runtime's CPU execution provider; always available. */
  CPU,
  /** ONNX Runtime's CUDA execution provider; fails with a clear error when unavailable. */
  CUDA,
  /** CUDA when available, else CPU with one warning. */
  AUTO
}
