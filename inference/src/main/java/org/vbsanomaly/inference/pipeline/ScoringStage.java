package org.vbsanomaly.inference.pipeline;

import com.lmax.disruptor.EventHandler;
import java.util.function.Consumer;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.BatchScorer;
import org.vbsanomaly.inference.model.ModelException;

/**
 * Consumer that gathers events into batches and scores each batch with one ONNX Runtime call.
 *
 * <p>With {@code stages} scoring stages side by side, stage {@code k} takes the events whose ring
 * sequence is {@code k} modulo {@code stages}; each sees every event and leaves the others alone. A
 * batch ends at the ring's end of batch or when {@code maxBatch} events are staged. Slots staged in
 * a batch are safe to hold until it ends, since the stage's ring sequence advances only after the
 * ring batch has been handled.
 *
 * <p>When it is the only stage and no result thread follows, it also delivers the results, in ring
 * order, right after each run.
 */
final class ScoringStage implements EventHandler<EventSlot> {

  private static final int REPORTED_RUN_FAILURES = 5;

  private final BatchScorer scorer;
  private final AnomalyFlag flag;
  private final int ordinal;
  private final int stages;
  private final ResultDelivery delivery;
  private final Consumer<String> warnings;
  private final Runnable onStart;
  private final EventSlot[] pending;
  private final int[] rows;
  private int pendingCount;
  private long runFailures;

  /**
   * @param delivery where to hand results right after scoring, or {@code null} when a result stage
   *     follows
   */
  ScoringStage(
      BatchScorer scorer,
      AnomalyFlag flag,
      int ordinal,
      int stages,
      ResultDelivery delivery,
      Consumer<String> warnings,
      Runnable onStart) {
    this.scorer = scorer;
    this.flag = flag;
    this.ordinal = ordinal;
    this.stages = stages;
    this.delivery = delivery;
    this.warnings = warnings;
    this.onStart = onStart;
    this.pending = new EventSlot[scorer.maxBatch()];
    this.rows = new int[scorer.maxBatch()];
  }

  @Override
  public void onStart() {
    onStart.run();
  }

  @Override
  public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
    if (stages == 1 || sequence % stages == ordinal) {
      take(slot);
    }
    if (pendingCount == pending.length || (endOfBatch && pendingCount > 0)) {
      flush();
    }
  }

  private void take(EventSlot slot) {
    pending[pendingCount] = slot;
    rows[pendingCount] =
        slot.isPending() ? scorer.add(slot.features, 0, slot.featureCount, slot.missingMask) : -1;
    pendingCount++;
  }

  private void flush() {
    try {
      runScorer();
      collectResults();
      if (delivery != null) {
        deliverAll();
      }
    } catch (RuntimeException e) {
      failPending("internal error in the scoring stage: " + e);
      if (delivery != null) {
        deliverAll();
      }
    } finally {
      scorer.clear();
      pendingCount = 0;
    }
  }

  private void runScorer() {
    try {
      scorer.run();
    } catch (ModelException e) {
      // The scorer has already marked every row of the batch with the error.
      if (++runFailures <= REPORTED_RUN_FAILURES) {
        warnings.accept(e.getMessage());
      }
    }
  }

  private void collectResults() {
    for (int i = 0; i < pendingCount; i++) {
      int row = rows[i];
      if (row < 0) {
        continue;
      }
      EventSlot slot = pending[i];
      if (scorer.isOk(row)) {
        float mse = scorer.mse(row);
        float kld = scorer.kld(row);
        float score = scorer.score(row);
        slot.succeed(mse, kld, score, flag.isAnomalous(mse, kld, score));
      } else {
        slot.fail(scorer.error(row));
      }
    }
  }

  private void failPending(String reason) {
    for (int i = 0; i < pendingCount; i++) {
      if (pending[i].isPending()) {
        pending[i].fail(reason);
      }
    }
  }

  private void deliverAll() {
    for (int i = 0; i < pendingCount; i++) {
      delivery.deliver(pending[i]);
    }
    delivery.endOfBatch();
  }
}
