package org.vbsanomaly.inference.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.EventProcessorFactory;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.AnomalyModel;

/**
 * Streams events through an {@link AnomalyModel}: producers publish into a preallocated LMAX
 * Disruptor ring, scoring stages batch them into ONNX Runtime calls, and every result reaches a
 * {@link ScoreSink}.
 *
 * <pre>
 *   producers --publish--> ring --> scoring stage(s) --> [result stage] --> sink
 * </pre>
 *
 * <p><b>Guarantees.</b> Every event whose publish call returned leaves exactly one result with its
 * id, and results reach the sink in ring order, hence in publication order for each producer. An
 * event that cannot be scored (wrong feature count, NaN or infinite value, missing observable,
 * unreadable particles, ONNX Runtime failure) leaves an error result; an event failing the optional
 * selection leaves a rejected result; neither stops the stream. An exception in a stage becomes
 * error results and a warning, never a stalled ring. {@link #close()} accepts no further events,
 * waits for publish calls in progress, and returns once every accepted event's result has been
 * delivered.
 *
 * <p><b>Threads.</b> One thread per scoring stage ({@link Builder#scoringThreads(int)}, default 1),
 * plus one result thread when {@link Builder#resultThread(boolean)} is set or there is more than
 * one scoring stage; producers run on the caller's threads. Keep the total within the machine's
 * cores: on two cores, one scoring thread that also delivers results leaves a core to the
 * producers. Threads are daemons named {@code vbs-pipeline-N}, scoring stages first.
 *
 * <p><b>Batching.</b> A scoring stage runs the model when the ring has no more events ready (the
 * ring's end of batch) or when it holds {@link Builder#maxBatch(int)} events, so batches grow with
 * load: one event at a time when idle (lowest latency), full batches under load (highest
 * throughput).
 *
 * <p><b>Memory.</b> Ring slots are allocated once; the scorers' input and output buffers are
 * allocated once; publishing and scoring allocate nothing per event (a few objects per ONNX Runtime
 * call). Every tensor and run result is closed after each call.
 *
 * <p>The pipeline does not own the model or the sink: close them after closing the pipeline.
 */
public final class ScoringPipeline implements AutoCloseable {

  /** Default ring size: 16384 slots. */
  public static final int DEFAULT_RING_SIZE = 1 << 14;

  /** Default maximum events per ONNX Runtime call: 1024. */
  public static final int DEFAULT_MAX_BATCH = 1024;

  /** Default wait strategy: {@link WaitStrategyKind#SLEEPING}. */
  public static final WaitStrategyKind DEFAULT_WAIT_STRATEGY = WaitStrategyKind.SLEEPING;

  /** Default threshold: the model's cut at this SM efficiency (1%). */
  public static final double DEFAULT_SM_EFFICIENCY = 0.01;

  private static final System.Logger LOGGER = System.getLogger(ScoringPipeline.class.getName());

  private final AnomalyModel model;
  private final AnomalyFlag flag;
  private final Selection selection;
  private final Disruptor<EventSlot> disruptor;
  private final RingBuffer<EventSlot> ring;
  private final int maxBatch;
  private final List<EventPublisher> publishers = new CopyOnWriteArrayList<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder ringFull = new LongAdder();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong sinkFailures = new AtomicLong();
  private final Object closeLock = new Object();
  private volatile boolean closed;

  ScoringPipeline(Builder b, AnomalyFlag flag) {
    this.model = b.model;
    this.flag = flag;
    this.selection = b.selection;
    this.maxBatch = b.maxBatch;
    this.disruptor =
        new Disruptor<>(
            EventSlot::new,
            b.ringSize,
            new StageThreadFactory(),
            b.singleProducer ? ProducerType.SINGLE : ProducerType.MULTI,
            b.waitStrategy.create());
    StageExceptionHandler exceptions = new StageExceptionHandler(b.warnings);
    disruptor.setDefaultExceptionHandler(exceptions);
    CountDownLatch started = new CountDownLatch(stageCount(b));
    wireStages(b, exceptions, started::countDown);
    this.ring = disruptor.start();
    awaitStart(started);
  }

  /** A builder for a pipeline over {@code model}. */
  public static Builder builder(AnomalyModel model) {
    return new Builder(model);
  }

  /**
   * A new publisher for one producer thread.
   *
   * @throws IllegalStateException if the pipeline is closed
   */
  public EventPublisher newPublisher() {
    checkOpen();
    EventPublisher publisher = new EventPublisher(this, ring, selection);
    publishers.add(publisher);
    return publisher;
  }

  /** The model scored with. */
  public AnomalyModel model() {
    return model;
  }

  /** The anomaly flag applied to scored events. */
  public AnomalyFlag flag() {
    return flag;
  }

  /** The selection applied before scoring, or {@code null} for none. */
  public Selection selection() {
    return selection;
  }

  /** Number of ring slots. */
  public int ringSize() {
    return ring.getBufferSize();
  }

  /** The most events scored in one ONNX Runtime call. */
  public int maxBatch() {
    return maxBatch;
  }

  /** Events accepted so far (publish calls that returned normally). */
  public long published() {
    return published.sum();
  }

  /**
   * Publish calls so far that found the ring full and waited for a slot: how often the scoring side
   * held producers back (backpressure). Zero means no producer was ever delayed by the pipeline, so
   * a load generator's send times were its own.
   */
  public long ringFullWaits() {
    return ringFull.sum();
  }

  /** Results delivered to the sink so far. */
  public long completed() {
    return completed.get();
  }

  /** Exceptions thrown by the sink so far (the events still count as delivered). */
  public long sinkFailures() {
    return sinkFailures.get();
  }

  /** Whether {@link #close()} has begun. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops accepting events and drains: waits for publish calls in progress, then for every accepted
   * event's result to reach the sink, then stops the pipeline's threads. Idempotent; a concurrent
   * second call waits for the first.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      for (EventPublisher p : publishers) {
        while (p.publishing) {
          LockSupport.parkNanos(10_000L);
        }
      }
      // Every accepted event is now counted; wait for its result, then stop the threads.
      long accepted = published.sum();
      while (completed.get() < accepted) {
        LockSupport.parkNanos(50_000L);
      }
      disruptor.shutdown();
    }
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the scoring pipeline is closed; it accepts no more events");
    }
  }

  void countPublished() {
    published.increment();
  }

  void countRingFull() {
    ringFull.increment();
  }

  private static boolean separateResults(Builder b) {
    return b.resultThread || b.scoringThreads > 1;
  }

  private static int stageCount(Builder b) {
    return b.scoringThreads + (separateResults(b) ? 1 : 0);
  }

  /** Waits until every stage thread runs, so that nothing published can miss a stage. */
  private static void awaitStart(CountDownLatch started) {
    boolean interrupted = false;
    while (true) {
      try {
        started.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void wireStages(Builder b, StageExceptionHandler exceptions, Runnable onStart) {
    ResultDelivery delivery = new ResultDelivery(b.sink, b.warnings, completed, sinkFailures);
    boolean separateResults = separateResults(b);
    @SuppressWarnings({"unchecked", "rawtypes"})
    EventProcessorFactory<EventSlot>[] scoring = new EventProcessorFactory[b.scoringThreads];
    for (int k = 0; k < b.scoringThreads; k++) {
      ScoringStage stage =
          new ScoringStage(
              model.newBatchScorer(b.maxBatch),
              flag,
              k,
              b.scoringThreads,
              separateResults ? null : delivery,
              b.warnings,
              onStart);
      scoring[k] = processor(stage, b.maxBatch * b.scoringThreads, exceptions);
    }
    EventHandlerGroup<EventSlot> group = disruptor.handleEventsWith(scoring);
    if (separateResults) {
      group.then(processor(new ResultStage(delivery, onStart), Integer.MAX_VALUE, exceptions));
    }
  }

  /** A batch processor whose ring batches (and so its sequence updates) span at most maxBatch. */
  private static EventProcessorFactory<EventSlot> processor(
      EventHandler<EventSlot> handler, int maxBatch, StageExceptionHandler exceptions) {
    return (ringBuffer, barrierSequences) -> {
      BatchEventProcessor<EventSlot> processor =
          new BatchEventProcessorBuilder()
              .setMaxBatchSize(maxBatch)
              .build(ringBuffer, ringBuffer.newBarrier(barrierSequences), handler);
      processor.setExceptionHandler(exceptions);
      return processor;
    };
  }

  /** Names the stage threads {@code vbs-pipeline-N} and makes them daemons. */
  private static final class StageThreadFactory implements ThreadFactory {
    private final AtomicInteger created = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "vbs-pipeline-" + created.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }

  /**
   * Configures and starts a {@link ScoringPipeline}. Every option has a named default; options are
   * validated by {@link #build()}, before any thread starts. Not thread-safe.
   */
  public static final class Builder {
    private final AnomalyModel model;
    private int ringSize = DEFAULT_RING_SIZE;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private WaitStrategyKind waitStrategy = DEFAULT_WAIT_STRATEGY;
    private int scoringThreads = 1;
    private boolean resultThread;
    private boolean singleProducer;
    private Double thresholdValue;
    private double smEfficiency = DEFAULT_SM_EFFICIENCY;
    private Selection selection;
    private ScoreSink sink;
    private Consumer<String> warnings = msg -> LOGGER.log(System.Logger.Level.WARNING, msg);

    private Builder(AnomalyModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Ring slots, a power of two (default {@value ScoringPipeline#DEFAULT_RING_SIZE}). */
    public Builder ringSize(int ringSize) {
      this.ringSize = ringSize;
      return this;
    }

    /** Most events per ONNX Runtime call (default {@value ScoringPipeline#DEFAULT_MAX_BATCH}). */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /** How consumer threads wait (default {@link WaitStrategyKind#SLEEPING}). */
    public Builder waitStrategy(WaitStrategyKind waitStrategy) {
      this.waitStrategy = Objects.requireNonNull(waitStrategy, "waitStrategy");
      return this;
    }

    /**
     * Scoring stages, each with its own thread and scorer over the model's session (default 1).
     * ONNX Runtime's intra-op threads per call are set when opening the model ({@code
     * ModelOptions}).
     */
    public Builder scoringThreads(int scoringThreads) {
      this.scoringThreads = scoringThreads;
      return this;
    }

    /**
     * Whether results go to the sink from a thread of their own (default false: the scoring thread
     * delivers them after each batch). Always true with more than one scoring thread.
     */
    public Builder resultThread(boolean resultThread) {
      this.resultThread = resultThread;
      return this;
    }

    /** Promise that only one thread publishes, for a cheaper ring claim (default: many). */
    public Builder singleProducer(boolean singleProducer) {
      this.singleProducer = singleProducer;
      return this;
    }

    /** Flag events whose flag variable exceeds this value (replaces the SM-efficiency choice). */
    public Builder threshold(double value) {
      this.thresholdValue = value;
      return this;
    }

    /**
     * Flag with the model's stored threshold at this SM efficiency (default {@value
     * ScoringPipeline#DEFAULT_SM_EFFICIENCY}); replaces a threshold given by value.
     */
    public Builder thresholdAtSmEfficiency(double smEfficiency) {
      this.thresholdValue = null;
      this.smEfficiency = smEfficiency;
      return this;
    }

    /**
     * Apply this selection before scoring; failing events leave rejected results (default: none,
     * every event is scored).
     */
    public Builder selection(Selection selection) {
      this.selection = selection;
      return this;
    }

    /** Where results go (required). */
    public Builder sink(ScoreSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Receives warnings: sink failures, ONNX Runtime failures (default: System.Logger). */
    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    /**
     * Validates the options and starts the pipeline's threads.
     *
     * @throws IllegalArgumentException naming the option that is out of range
     * @throws IllegalStateException if no sink was given or the model is closed
     */
    public ScoringPipeline build() {
      if (ringSize < 1 || Integer.bitCount(ringSize) != 1) {
        throw new IllegalArgumentException(
            "ring size is " + ringSize + ", expected a power of two");
      }
      if (maxBatch < 1 || maxBatch > ringSize) {
        throw new IllegalArgumentException(
            "maximum batch is " + maxBatch + ", expected 1 to the ring size " + ringSize);
      }
      if (scoringThreads < 1) {
        throw new IllegalArgumentException(
            "scoring threads is " + scoringThreads + ", expected >= 1");
      }
      if (sink == null) {
        throw new IllegalStateException("no score sink given: call sink(...) before build()");
      }
      if (model.isClosed()) {
        throw new IllegalStateException("model " + model.file() + " is closed");
      }
      AnomalyFlag flag =
          thresholdValue != null
              ? model.flagAtValue(thresholdValue)
              : model.flagAtSmEfficiency(smEfficiency);
      return new ScoringPipeline(this, flag);
    }
  }
}
