package org.vbsanomaly.inference.pipeline;

import java.util.List;
import java.util.function.Consumer;

/**
 * Receives every result of a {@link ScoringPipeline}, exactly once per published event, in
 * publication order.
 *
 * <p><b>Threads:</b> called from one pipeline thread at a time (the result stage), never
 * concurrently; implementations need no locking for their own state, but values read by other
 * threads need safe publication. A sink must not block for long: it holds up the ring.
 *
 * <p><b>Failures:</b> an exception thrown by a sink is counted and reported to the pipeline's
 * warning consumer; the event still counts as delivered and the ring keeps moving.
 *
 * <p>The pipeline does not close or flush sinks beyond {@link #endOfBatch()}: their owner does,
 * after {@link ScoringPipeline#close()}.
 */
@FunctionalInterface
public interface ScoreSink {

  /** One result; the view is valid only during this call. */
  void accept(ScoredEvent event);

  /** Called after the last result of each ring batch, e.g. to flush buffered output. */
  default void endOfBatch() {}

  /** A sink calling {@code callback} for each result. */
  static ScoreSink of(Consumer<? super ScoredEvent> callback) {
    return callback::accept;
  }

  /** A sink passing each result to every one of {@code sinks}, in order. */
  static ScoreSink tee(ScoreSink... sinks) {
    List<ScoreSink> all = List.of(sinks);
    return new ScoreSink() {
      @Override
      public void accept(ScoredEvent event) {
        for (ScoreSink s : all) {
          s.accept(event);
        }
      }

      @Override
      public void endOfBatch() {
        for (ScoreSink s : all) {
          s.endOfBatch();
        }
      }
    };
  }
}
