package org.vbsanomaly.inference.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.vbsanomaly.schema.v1.AnomalyScorerGrpc;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.Score;

/**
 * A well-behaved test client of {@code ScoreStream}: sends events only while the call is ready,
 * half-closes after the last one, and reads scores either at once or only when told to.
 */
final class StreamingClient implements ClientResponseObserver<Event, Score> {

  private final IntFunction<Event> events;
  private final int count;
  private final boolean readAtOnce;
  private final boolean halfCloseAtEnd;
  private final List<Score> scores = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Status> done = new CompletableFuture<>();
  private ClientCallStreamObserver<Event> requests;
  private volatile int sent;
  private boolean halfClosed;

  private StreamingClient(
      IntFunction<Event> events, int count, boolean readAtOnce, boolean halfCloseAtEnd) {
    this.events = events;
    this.count = count;
    this.readAtOnce = readAtOnce;
    this.halfCloseAtEnd = halfCloseAtEnd;
  }

  /** A plaintext channel to a local server, with a small fixed HTTP/2 window (64 KiB). */
  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .flowControlWindow(64 * 1024)
        .build();
  }

  /** Streams {@code count} events, reading scores as they come, then half-closes. */
  static StreamingClient start(ManagedChannel channel, IntFunction<Event> events, int count) {
    return start(channel, events, count, true, true);
  }

  static StreamingClient start(
      ManagedChannel channel,
      IntFunction<Event> events,
      int count,
      boolean readAtOnce,
      boolean halfCloseAtEnd) {
    StreamingClient client = new StreamingClient(events, count, readAtOnce, halfCloseAtEnd);
    AnomalyScorerGrpc.newStub(channel).scoreStream(client);
    return client;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Event> requestStream) {
    this.requests = requestStream;
    requestStream.disableAutoRequestWithInitial(readAtOnce ? Integer.MAX_VALUE : 0);
    requestStream.setOnReadyHandler(this::sendWhileReady);
  }

  private void sendWhileReady() {
    while (requests.isReady() && sent < count) {
      requests.onNext(events.apply(sent));
      sent++;
    }
    if (sent == count && halfCloseAtEnd && !halfClosed) {
      halfClosed = true;
      requests.onCompleted();
    }
  }

  @Override
  public void onNext(Score score) {
    scores.add(score);
  }

  @Override
  public void onError(Throwable t) {
    done.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    done.complete(Status.OK);
  }

  /** Starts (or resumes) reading scores. */
  void readAll() {
    requests.request(Integer.MAX_VALUE);
  }

  void cancel() {
    requests.cancel("test cancels", null);
  }

  /** Events handed to gRPC so far. */
  int sent() {
    return sent;
  }

  int received() {
    return scores.size();
  }

  /** Waits for the end of the call and returns its status. */
  Status await(Duration timeout) throws Exception {
    return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  List<Score> scores() {
    synchronized (scores) {
      return new ArrayList<>(scores);
    }
  }
}
