package org.vbsanomaly.trainer;

/** Training could not produce a usable model (for example the loss became NaN). */
public class TrainingException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
