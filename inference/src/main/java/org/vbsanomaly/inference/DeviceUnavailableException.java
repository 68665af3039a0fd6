package org.vbsanomaly.inference;

import org.vbsanomaly.inference.model.ModelException;

/**
 * The requested {@link Device} cannot run models here. The message says why (no CUDA execution
 * provider in this build, or the CUDA and cuDNN libraries could not be loaded) and what to do.
 */
public class DeviceUnavailableException extends ModelException {

  private static final long serialVersionUID = 1L;

  public DeviceUnavailableException(String message) {
    super(message);
  }

  public DeviceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
