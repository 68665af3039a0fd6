package org.vbsanomaly.inference.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands results to the sink: used by whichever thread delivers (the scoring thread, or the result
 * thread when there is one). Single-threaded.
 */
final class ResultDelivery {

  static final String NOT_SCORED = "not scored: the scoring stage left no result (internal error)";
  private static final int REPORTED_SINK_FAILURES = 5;

  private final ScoreSink sink;
  private final Consumer<String> warnings;
  private final AtomicLong completed;
  private final AtomicLong sinkFailures;
  private long delivered;

  ResultDelivery(
      ScoreSink sink, Consumer<String> warnings, AtomicLong completed, AtomicLong sinkFailures) {
    this.sink = sink;
    this.warnings = warnings;
    this.completed = completed;
    this.sinkFailures = sinkFailures;
  }

  void deliver(EventSlot slot) {
    if (slot.isPending()) {
      slot.fail(NOT_SCORED);
    }
    try {
      sink.accept(slot);
    } catch (RuntimeException e) {
      sinkFailed("on event " + slot.id, e);
    }
    completed.lazySet(++delivered);
  }

  void endOfBatch() {
    try {
      sink.endOfBatch();
    } catch (RuntimeException e) {
      sinkFailed("at the end of a batch", e);
    }
  }

  private void sinkFailed(String where, RuntimeException e) {
    long n = sinkFailures.incrementAndGet();
    if (n <= REPORTED_SINK_FAILURES) {
      warnings.accept(
          "score sink failed "
              + where
              + ": "
              + e
              + (n == REPORTED_SINK_FAILURES ? " (further sink failures are only counted)" : ""));
    }
  }
}
