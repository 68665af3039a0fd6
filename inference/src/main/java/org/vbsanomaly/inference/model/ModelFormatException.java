package org.vbsanomaly.inference.model;

/**
 * A model file that this code cannot use: not ONNX, a format version it does not read, missing or
 * malformed metadata, or inputs and outputs other than the contract's ({@link OnnxModelContract}).
 * The message names the file and what was expected.
 */
public class ModelFormatException extends ModelException {

  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
