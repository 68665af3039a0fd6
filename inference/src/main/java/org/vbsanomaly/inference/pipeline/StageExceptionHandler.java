package org.vbsanomaly.inference.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import java.util.function.Consumer;

/**
 * Last line of defence for the ring's consumers: an exception that escapes a stage turns the event
 * into an error result and is reported; the stage keeps running, so the ring never stalls. The
 * stages catch their own failures, so reaching this handler means a defect.
 */
final class StageExceptionHandler implements ExceptionHandler<EventSlot> {

  private final Consumer<String> warnings;

  StageExceptionHandler(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  @Override
  public void handleEventException(Throwable ex, long sequence, EventSlot slot) {
    if (slot != null && slot.isPending()) {
      slot.fail("internal error in the pipeline: " + ex);
    }
    warnings.accept(
        "pipeline stage failed on sequence "
            + sequence
            + (slot == null ? "" : " (event " + slot.id + ")")
            + ": "
            + ex);
  }

  @Override
  public void handleOnStartException(Throwable ex) {
    warnings.accept("pipeline stage failed to start: " + ex);
  }

  @Override
  public void handleOnShutdownException(Throwable ex) {
    warnings.accept("pipeline stage failed to shut down: " + ex);
  }
}
