package org.vbsanomaly.inference.model;

/**
 * A model could not be opened, understood or run: the one checked exception at the ONNX boundary.
 * The message says what went wrong and, where there is one, what to do.
 */
public class ModelException extends Exception {

  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
