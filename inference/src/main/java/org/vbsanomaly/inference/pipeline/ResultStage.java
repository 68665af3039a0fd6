package org.vbsanomaly.inference.pipeline;

import com.lmax.disruptor.EventHandler;

/** Consumer after the scoring stages: hands each result to the sink, in ring order. */
final class ResultStage implements EventHandler<EventSlot> {

  private final ResultDelivery delivery;
  private final Runnable onStart;

  ResultStage(ResultDelivery delivery, Runnable onStart) {
    this.delivery = delivery;
    this.onStart = onStart;
  }

  @Override
  public void onStart() {
    onStart.run();
  }

  @Override
  public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
    delivery.deliver(slot);
    if (endOfBatch) {
      delivery.endOfBatch();
    }
  }
}
