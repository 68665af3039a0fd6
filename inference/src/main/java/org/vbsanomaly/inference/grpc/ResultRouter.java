package org.vbsanomaly.inference.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoredEvent;

/**
 * The service's pipeline sink: the pipeline id of each event is the slot number of the stream it
 * came from, so each result goes to that stream; at the end of each ring batch every stream that
 * got results is asked once to send them. Called from the pipeline's result thread only.
 */
final class ResultRouter implements ScoreSink {

  private static final int REPORTED_UNROUTABLE = 5;

  private final AtomicReferenceArray<StreamSession> sessions;
  private final Consumer<String> warnings;
  private final List<StreamSession> touched = new ArrayList<>();
  private long unroutable;

  ResultRouter(AtomicReferenceArray<StreamSession> sessions, Consumer<String> warnings) {
    this.sessions = sessions;
    this.warnings = warnings;
  }

  @Override
  public void accept(ScoredEvent result) {
    long slot = result.id();
    StreamSession session = slot >= 0 && slot < sessions.length() ? sessions.get((int) slot) : null;
    if (session == null) {
      reportUnroutable(slot);
      return;
    }
    session.deliver(result);
    if (!session.routerMarked) {
      session.routerMarked = true;
      touched.add(session);
    }
  }

  @Override
  public void endOfBatch() {
    for (int i = 0; i < touched.size(); i++) {
      StreamSession session = touched.get(i);
      session.routerMarked = false;
      session.signal();
    }
    touched.clear();
  }

  /** A result whose stream is gone: impossible while slots are freed only when idle. */
  private void reportUnroutable(long slot) {
    if (++unroutable <= REPORTED_UNROUTABLE) {
      warnings.accept("internal error: a result for stream slot " + slot + " has no open stream");
    }
  }
}
