package org.vbsanomaly.inference.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.vbsanomaly.inference.pipeline.ScoredEvent;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.Score;
import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * The server side of one {@code ScoreStream} call: takes the client's events, publishes them into
 * the service's pipeline under this stream's slot number, and sends the scores back in order.
 *
 * <p><b>Flow control.</b> Automatic inbound flow control is off: the stream asks gRPC for {@code
 * window} events at the start and for one more per score actually handed to the transport. Events
 * received but not yet answered therefore never exceed the window, and a client that reads its
 * scores slowly is slowed down in turn (its sends stop being ready) instead of growing the server's
 * memory.
 *
 * <p><b>Threads.</b> Inbound callbacks come from gRPC (serialised per call); results come from the
 * pipeline's result thread ({@link #deliver}); everything outbound (scores, completion, errors)
 * happens in one drain loop at a time on the service's sender executor, so the response observer is
 * never used concurrently. The small mutable state is guarded by one lock, never held while
 * publishing or sending.
 */
final class StreamSession implements StreamObserver<Event> {

  private final AnomalyScorerService service;
  private final ServerCallStreamObserver<Score> call;
  private final int slot;
  private final Executor sender;
  private final AtomicInteger drainRequests = new AtomicInteger();

  private final Object lock = new Object();
  private final LongQueue pendingIds;
  private final ArrayDeque<Score> outbound = new ArrayDeque<>();
  private long received;
  private long delivered;
  private boolean halfClosed;
  private boolean cancelled;
  private boolean closed;
  private boolean released;
  private Status failure;

  /** Whether the result router has this session in its list for the current batch. */
  boolean routerMarked;

  StreamSession(
      AnomalyScorerService service,
      ServerCallStreamObserver<Score> call,
      int slot,
      int window,
      Executor sender) {
    this.service = service;
    this.call = call;
    this.slot = slot;
    this.sender = sender;
    this.pendingIds = new LongQueue(window);
  }

  int slot() {
    return slot;
  }

  // --- inbound, on gRPC's threads --------------------------------------------------------------

  @Override
  public void onNext(Event event) {
    synchronized (lock) {
      if (closed || cancelled) {
        return; // the stream has ended and the client has been told; nothing is published
      }
      pendingIds.addLast(event.getId());
      received++;
    }
    service.countReceived();
    if (!service.publish(slot, event)) {
      refuse(event.getId());
    }
  }

  @Override
  public void onError(Throwable t) {
    cancelled();
  }

  @Override
  public void onCompleted() {
    synchronized (lock) {
      halfClosed = true;
    }
    signal();
  }

  /** The client cancelled or the connection broke: results still in flight are discarded. */
  void cancelled() {
    synchronized (lock) {
      cancelled = true;
      outbound.clear();
    }
    signal();
  }

  // --- results, on the pipeline's result thread -----------------------------------------------

  /** Takes the next result of this stream (results arrive in the order events were published). */
  void deliver(ScoredEvent result) {
    synchronized (lock) {
      long id = pendingIds.removeFirst();
      delivered++;
      if (!cancelled && !closed) {
        outbound.addLast(toScore(id, result));
      }
    }
    service.countResult(result.status());
  }

  // --- outbound, one drain loop at a time ------------------------------------------------------

  /** Asks for a drain: sends what is ready, closes the stream when done, frees the slot. */
  void signal() {
    if (drainRequests.getAndIncrement() == 0) {
      try {
        sender.execute(this::drainLoop);
      } catch (RejectedExecutionException e) {
        drainLoop(); // the service is closing: drain on this thread
      }
    }
  }

  private void drainLoop() {
    int missed = 1;
    do {
      try {
        sendReady();
        finishIfDone();
      } catch (RuntimeException e) {
        service.warn("score stream " + slot + " failed while sending: " + e);
        cancelled();
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  private void sendReady() {
    int count = 0;
    while (call.isReady()) {
      Score next;
      synchronized (lock) {
        if (cancelled || closed) {
          break;
        }
        next = outbound.pollFirst();
      }
      if (next == null) {
        break;
      }
      call.onNext(next);
      count++;
    }
    if (count > 0) {
      afterSending(count);
    }
  }

  private void afterSending(int count) {
    boolean more;
    synchronized (lock) {
      more = !halfClosed && !cancelled && !closed && failure == null;
    }
    service.countSent(count);
    if (more && !service.isDraining()) {
      call.request(count); // one more event for each score handed to the transport
    }
  }

  private void finishIfDone() {
    Runnable ending = null;
    boolean release = false;
    synchronized (lock) {
      boolean idle = received == delivered && outbound.isEmpty();
      if (!closed && !cancelled && idle) {
        ending = ending();
        closed = ending != null;
      }
      if ((closed || cancelled) && received == delivered && !released) {
        released = true;
        release = true;
      }
    }
    if (ending != null) {
      ending.run();
    }
    if (release) {
      service.release(this);
    }
  }

  /** How an idle stream ends now, or null if it stays open; called under the lock. */
  private Runnable ending() {
    if (failure != null) {
      Status status = failure;
      return () -> call.onError(status.asRuntimeException());
    }
    if (halfClosed) {
      return call::onCompleted;
    }
    if (service.isDraining()) {
      Status status =
          Status.UNAVAILABLE.withDescription(
              "the server is shutting down: all "
                  + received
                  + " events received on this stream were scored and their scores sent; events"
                  + " sent after those were not read");
      return () -> call.onError(status.asRuntimeException());
    }
    return null;
  }

  /** The pipeline no longer accepts events: take the event back and end the stream. */
  private void refuse(long id) {
    synchronized (lock) {
      pendingIds.removeLast();
      received--;
      failure =
          Status.UNAVAILABLE.withDescription(
              "the server is shutting down: event " + id + " and any after it were not scored");
    }
    signal();
  }

  /** The result as a protobuf Score under the client's own event id. */
  static Score toScore(long id, ScoredEvent result) {
    ScoreStatus status = result.status();
    Score.Builder b = Score.newBuilder().setId(id).setStatus(status);
    if (status == ScoreStatus.SCORE_STATUS_OK) {
      b.setMse(result.mse()).setKld(result.kld()).setAnomalous(result.anomalous());
      if (!Float.isNaN(result.score())) {
        b.setScore(result.score());
      }
    } else if (result.error() != null) {
      b.setError(result.error());
    }
    return b.build();
  }
}
