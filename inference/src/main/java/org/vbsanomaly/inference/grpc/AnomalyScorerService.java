package org.vbsanomaly.inference.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.pipeline.EventPublisher;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import org.vbsanomaly.inference.pipeline.WaitStrategyKind;
import org.vbsanomaly.schema.v1.AnomalyScorerGrpc;
import org.vbsanomaly.schema.v1.DescribeRequest;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.ModelDescription;
import org.vbsanomaly.schema.v1.Score;
import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * The {@code AnomalyScorer} gRPC service over one {@link AnomalyModel}: {@code Describe} returns
 * the model's feature order and thresholds; {@code ScoreStream} takes a stream of events and
 * returns one {@link Score} per event, in the order the events were sent, under the event's own id.
 * Register it with any gRPC server ({@link ScoringServer} is a ready-made one).
 *
 * <p><b>One pipeline for all streams.</b> Every stream publishes into the same {@link
 * ScoringPipeline}, so events of concurrent clients share ONNX Runtime batches. Inside the ring an
 * event carries its stream's slot number as id; the stream keeps the client's ids in order and puts
 * them back on the scores.
 *
 * <p><b>Bad events, not broken streams.</b> An event with the wrong number of features, a NaN or
 * infinite value, a missing observable, or neither features nor particles gets a {@code
 * SCORE_STATUS_ERROR} score saying why, and the stream goes on. With a selection, failing events
 * get {@code SCORE_STATUS_REJECTED}.
 *
 * <p><b>Memory is bounded.</b> Each stream reads at most {@link Builder#window(int)} events ahead
 * of the scores the client has taken (see {@link StreamSession}); at most {@link
 * Builder#maxStreams(int)} streams are open at once, further ones fail with {@code
 * RESOURCE_EXHAUSTED}. Message sizes are limited by the server ({@link ScoringServer}).
 *
 * <p><b>Threads.</b> The pipeline's thread(s), plus {@link Builder#senderThreads(int)} daemon
 * threads named {@code vbs-grpc-send-N} that write scores to the streams, plus gRPC's own. When the
 * ring is full, the gRPC thread publishing an event waits for a free slot.
 *
 * <p><b>Lifecycle.</b> {@link #drain(Duration)} stops reading new events and ends each stream once
 * everything it received has been answered; {@link #close()} then stops the pipeline. The service
 * does not own the model: close it after the service.
 */
public final class AnomalyScorerService extends AnomalyScorerGrpc.AnomalyScorerImplBase
    implements AutoCloseable {

  /** Version of the score stream and model description this service writes. */
  public static final int FORMAT_VERSION = 1;

  /** Default events a stream reads ahead of the scores its client has taken: 2048. */
  public static final int DEFAULT_WINDOW = 2048;

  /** Default most streams open at once: 256. */
  public static final int DEFAULT_MAX_STREAMS = 256;

  /** Default threads writing scores to streams: 2. */
  public static final int DEFAULT_SENDER_THREADS = 2;

  /**
   * Default wait strategy of the pipeline: {@link WaitStrategyKind#BLOCKING}. A server waits for
   * clients most of the time; a blocked scoring thread costs no CPU, and the lock it adds per event
   * is small beside the cost of a gRPC message.
   */
  public static final WaitStrategyKind DEFAULT_WAIT_STRATEGY = WaitStrategyKind.BLOCKING;

  private static final System.Logger LOGGER =
      System.getLogger(AnomalyScorerService.class.getName());

  private final AnomalyModel model;
  private final ScoringPipeline pipeline;
  private final EventPublisher publisher;
  private final ModelDescription description;
  private final int window;
  private final int maxStreams;
  private final Consumer<String> warnings;
  private final ExecutorService sender;

  private final AtomicReferenceArray<StreamSession> sessions;
  private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
  private final Object slotLock = new Object();
  private int activeStreams;

  private final LongAdder streamsOpened = new LongAdder();
  private final LongAdder eventsReceived = new LongAdder();
  private final LongAdder scoresSent = new LongAdder();
  private final LongAdder errorResults = new LongAdder();
  private final LongAdder rejectedResults = new LongAdder();
  private volatile boolean draining;

  private AnomalyScorerService(Builder b) {
    this.model = b.model;
    this.window = b.window;
    this.maxStreams = b.maxStreams;
    this.warnings = b.warnings;
    this.sessions = new AtomicReferenceArray<>(b.maxStreams);
    for (int slot = 0; slot < b.maxStreams; slot++) {
      freeSlots.addLast(slot);
    }
    ScoringPipeline.Builder pipe =
        ScoringPipeline.builder(model)
            .ringSize(b.ringSize)
            .maxBatch(b.maxBatch)
            .waitStrategy(b.waitStrategy)
            .selection(b.selection)
            .sink(new ResultRouter(sessions, b.warnings))
            .warnings(b.warnings);
    if (b.thresholdValue != null) {
      pipe.threshold(b.thresholdValue);
    } else {
      pipe.thresholdAtSmEfficiency(b.smEfficiency);
    }
    this.pipeline = pipe.build();
    this.publisher = pipeline.newPublisher();
    this.description = describe(model, pipeline.flag());
    this.sender = Executors.newFixedThreadPool(b.senderThreads, new SenderThreadFactory());
  }

  /** A builder for a service over {@code model}. */
  public static Builder builder(AnomalyModel model) {
    return new Builder(model);
  }

  // --- the two calls ---------------------------------------------------------------------------

  @Override
  public void describe(DescribeRequest request, StreamObserver<ModelDescription> responses) {
    responses.onNext(description);
    responses.onCompleted();
  }

  @Override
  public StreamObserver<Event> scoreStream(StreamObserver<Score> responses) {
    ServerCallStreamObserver<Score> call = (ServerCallStreamObserver<Score>) responses;
    call.disableAutoRequest();
    StreamSession session = open(call);
    if (session == null) {
      call.onError(refusal().asRuntimeException());
      return IgnoredEvents.INSTANCE;
    }
    call.setOnReadyHandler(session::signal);
    call.setOnCancelHandler(session::cancelled);
    call.request(window);
    return session;
  }

  // --- facts and counters ----------------------------------------------------------------------

  /** What {@code Describe} returns: feature order and units, flag variable, thresholds. */
  public ModelDescription description() {
    return description;
  }

  /** The anomaly flag applied to scored events. */
  public AnomalyFlag flag() {
    return pipeline.flag();
  }

  /** The selection applied before scoring, or {@code null} for none. */
  public Selection selection() {
    return pipeline.selection();
  }

  /** The model scored with. */
  public AnomalyModel model() {
    return model;
  }

  /** Events each stream reads ahead of the scores its client has taken. */
  public int window() {
    return window;
  }

  /** The most streams open at once. */
  public int maxStreams() {
    return maxStreams;
  }

  /** Counters since the service started. */
  public Stats stats() {
    int active;
    synchronized (slotLock) {
      active = activeStreams;
    }
    return new Stats(
        streamsOpened.sum(),
        active,
        eventsReceived.sum(),
        scoresSent.sum(),
        errorResults.sum(),
        rejectedResults.sum());
  }

  /**
   * Counters of a service.
   *
   * @param streamsOpened score streams accepted so far
   * @param streamsActive score streams open now
   * @param eventsReceived events read from all streams
   * @param scoresSent scores handed to the transport
   * @param errorResults events answered with an error score
   * @param rejectedResults events answered as rejected by the selection
   */
  public record Stats(
      long streamsOpened,
      int streamsActive,
      long eventsReceived,
      long scoresSent,
      long errorResults,
      long rejectedResults) {}

  // --- shutdown --------------------------------------------------------------------------------

  /** Whether {@link #drain(Duration)} or {@link #close()} has begun. */
  public boolean isDraining() {
    return draining;
  }

  /**
   * Stops reading new events: new streams are refused with {@code UNAVAILABLE}; each open stream is
   * ended with {@code UNAVAILABLE} (or completed, if its client already finished sending) once
   * every event it has received has been scored and its score handed to the transport. Waits up to
   * {@code timeout} for every stream to end.
   *
   * @return true if every stream ended in time; false if some are still open (for example a client
   *     that stopped reading its scores)
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    synchronized (slotLock) {
      draining = true; // under the lock: a stream is either open now or will be refused
    }
    for (int slot = 0; slot < sessions.length(); slot++) {
      StreamSession session = sessions.get(slot);
      if (session != null) {
        session.signal();
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (slotLock) {
      while (activeStreams > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(slotLock, left);
      }
    }
    return true;
  }

  /**
   * Refuses further events, waits for the results of the events already accepted, and stops the
   * pipeline and the sender threads. Call after {@link #drain(Duration)} and after stopping the
   * server for a graceful end. Does not close the model. Idempotent.
   */
  @Override
  public void close() {
    draining = true;
    pipeline.close();
    sender.shutdown();
    try {
      if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  // --- for the streams -------------------------------------------------------------------------

  /** Publishes one event of the stream in {@code slot}; false if the pipeline is closed. */
  boolean publish(int slot, Event event) {
    synchronized (publisher) {
      try {
        publisher.publish(slot, event);
        return true;
      } catch (IllegalStateException e) {
        return false;
      }
    }
  }

  void countReceived() {
    eventsReceived.increment();
  }

  void countSent(int n) {
    scoresSent.add(n);
  }

  void countResult(ScoreStatus status) {
    if (status == ScoreStatus.SCORE_STATUS_REJECTED) {
      rejectedResults.increment();
    } else if (status != ScoreStatus.SCORE_STATUS_OK) {
      errorResults.increment();
    }
  }

  void warn(String message) {
    warnings.accept(message);
  }

  /** Frees a finished stream's slot; called once per stream, when nothing of it is in flight. */
  void release(StreamSession session) {
    synchronized (slotLock) {
      sessions.set(session.slot(), null);
      freeSlots.addLast(session.slot());
      activeStreams--;
      slotLock.notifyAll();
    }
  }

  /** A new stream in a free slot; null when draining or when every slot is taken. */
  private StreamSession open(ServerCallStreamObserver<Score> call) {
    synchronized (slotLock) {
      Integer slot = draining ? null : freeSlots.pollFirst();
      if (slot == null) {
        return null;
      }
      StreamSession session = new StreamSession(this, call, slot, window, sender);
      sessions.set(slot, session);
      activeStreams++;
      streamsOpened.increment();
      return session;
    }
  }

  private Status refusal() {
    if (draining) {
      return Status.UNAVAILABLE.withDescription(
          "the server is shutting down and accepts no new streams");
    }
    return Status.RESOURCE_EXHAUSTED.withDescription(
        maxStreams + " score streams are open, the most this server allows; retry later");
  }

  private static ModelDescription describe(AnomalyModel model, AnomalyFlag flag) {
    return ModelDescription.newBuilder()
        .setFormatVersion(FORMAT_VERSION)
        .setModel(String.valueOf(model.file().getFileName()))
        .setModelSha256(model.sha256())
        .addAllFeatureNames(model.featureNames())
        .addAllFeatureUnits(model.featureUnits())
        .setFlagVariable(flag.variable().wireName())
        .setThreshold(flag.threshold())
        .addAllThresholds(model.thresholds())
        .setModelKind(model.modelKind())
        .build();
  }

  /** The request observer of a refused stream: whatever still arrives is dropped. */
  private enum IgnoredEvents implements StreamObserver<Event> {
    INSTANCE;

    @Override
    public void onNext(Event value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  /** Names the sender threads {@code vbs-grpc-send-N} and makes them daemons. */
  private static final class SenderThreadFactory implements ThreadFactory {
    private final AtomicInteger created = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "vbs-grpc-send-" + created.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }

  /**
   * Configures an {@link AnomalyScorerService}; every option has a named default and is checked by
   * {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private final AnomalyModel model;
    private Double thresholdValue;
    private double smEfficiency = ScoringPipeline.DEFAULT_SM_EFFICIENCY;
    private Selection selection;
    private int window = DEFAULT_WINDOW;
    private int maxStreams = DEFAULT_MAX_STREAMS;
    private int senderThreads = DEFAULT_SENDER_THREADS;
    private int ringSize = ScoringPipeline.DEFAULT_RING_SIZE;
    private int maxBatch = ScoringPipeline.DEFAULT_MAX_BATCH;
    private WaitStrategyKind waitStrategy = DEFAULT_WAIT_STRATEGY;
    private Consumer<String> warnings = msg -> LOGGER.log(System.Logger.Level.WARNING, msg);

    private Builder(AnomalyModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Flag events whose flag variable exceeds this value. */
    public Builder threshold(double value) {
      this.thresholdValue = value;
      return this;
    }

    /** Flag with the model's stored cut at this SM efficiency (default 0.01). */
    public Builder thresholdAtSmEfficiency(double smEfficiency) {
      this.thresholdValue = null;
      this.smEfficiency = smEfficiency;
      return this;
    }

    /** Apply this selection before scoring (default: none, every event is scored). */
    public Builder selection(Selection selection) {
      this.selection = selection;
      return this;
    }

    /**
     * Events a stream reads ahead of the scores its client has taken (default {@value
     * AnomalyScorerService#DEFAULT_WINDOW}). Larger hides more network latency; each unit costs
     * about 100 bytes per stream.
     */
    public Builder window(int window) {
      this.window = window;
      return this;
    }

    /** Most streams open at once (default {@value AnomalyScorerService#DEFAULT_MAX_STREAMS}). */
    public Builder maxStreams(int maxStreams) {
      this.maxStreams = maxStreams;
      return this;
    }

    /** Threads writing scores (default {@value AnomalyScorerService#DEFAULT_SENDER_THREADS}). */
    public Builder senderThreads(int senderThreads) {
      this.senderThreads = senderThreads;
      return this;
    }

    /** Ring slots of the pipeline, a power of two (default 16384). */
    public Builder ringSize(int ringSize) {
      this.ringSize = ringSize;
      return this;
    }

    /** Most events per ONNX Runtime call (default 1024). */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * How the pipeline's scoring thread waits for events (default {@link
     * WaitStrategyKind#BLOCKING}).
     */
    public Builder waitStrategy(WaitStrategyKind waitStrategy) {
      this.waitStrategy = Objects.requireNonNull(waitStrategy, "waitStrategy");
      return this;
    }

    /** Receives warnings: ONNX Runtime failures, sending failures (default: System.Logger). */
    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    /**
     * Checks the options and starts the pipeline.
     *
     * @throws IllegalArgumentException naming the option out of range, or when the model has no
     *     threshold at the requested SM efficiency
     */
    public AnomalyScorerService build() {
      requireAtLeast(window, 1, "window");
      requireAtLeast(maxStreams, 1, "maximum streams");
      requireAtLeast(senderThreads, 1, "sender threads");
      return new AnomalyScorerService(this);
    }

    private static void requireAtLeast(int value, int min, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " is " + value + ", expected >= " + min);
      }
    }
  }
}
