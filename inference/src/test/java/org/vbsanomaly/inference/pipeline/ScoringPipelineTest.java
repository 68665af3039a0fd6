package org.vbsanomaly.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.RandomModels;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeatureRow;
import org.vbsanomaly.schema.v1.ScoreStatus;

class ScoringPipelineTest {

  private static final int F = Observable.COUNT;

  @TempDir Path dir;
  private AnomalyModel model;

  @BeforeEach
  void openModel() throws Exception {
    Path file = dir.resolve("vae-nn.onnx");
    OnnxModelWriter.write(RandomModels.vae(8, 4, true), RandomModels.classifier(9), file);
    model = AnomalyModel.open(file);
  }

  @AfterEach
  void closeModel() {
    model.close();
  }

  @ParameterizedTest(name = "scoring threads {0}, result thread {1}, wait {2}")
  @CsvSource({"1, false, SLEEPING", "1, true, BLOCKING", "2, true, YIELDING"})
  void resultsEqualTheSynchronousScorerBitForBit(
      int scoringThreads, boolean resultThread, WaitStrategyKind wait) throws Exception {
    int n = 20_000;
    float[] rows = RandomModels.events(21, n);
    rows[5 * F + 3] = Float.NaN;
    rows[777 * F] = Float.NEGATIVE_INFINITY;
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] score = new float[n];
    String[] errors = new String[n];
    model.newBatchScorer(4096).score(rows, null, n, mse, kld, score, errors);

    List<ScoreRecord> results = new ArrayList<>();
    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .ringSize(1024)
            .maxBatch(256)
            .scoringThreads(scoringThreads)
            .resultThread(resultThread)
            .waitStrategy(wait)
            .sink(e -> results.add(ScoreRecord.copyOf(e)))
            .build()) {
      EventPublisher publisher = pipeline.newPublisher();
      for (int i = 0; i < n; i++) {
        publisher.publishFeatures(i, rows, i * F, F, 0);
      }
    }

    assertThat(results).hasSize(n);
    double cut = model.threshold(0.01);
    for (int i = 0; i < n; i++) {
      ScoreRecord r = results.get(i);
      assertThat(r.id()).isEqualTo(i);
      assertThat(r.error()).as("error of %d", i).isEqualTo(errors[i]);
      assertThat(bits(r.mse())).as("mse of %d", i).isEqualTo(bits(mse[i]));
      assertThat(bits(r.kld())).as("kld of %d", i).isEqualTo(bits(kld[i]));
      assertThat(bits(r.score())).as("score of %d", i).isEqualTo(bits(score[i]));
      assertThat(r.anomalous()).isEqualTo(errors[i] == null && score[i] > cut);
    }
    assertThat(results.get(5).status()).isEqualTo(ScoreStatus.SCORE_STATUS_ERROR);
  }

  @Test
  void fourProducersPublishingAMillionEventsGetEveryIdBackExactlyOnceInOrder() throws Exception {
    int producers = 4;
    int perProducer = 250_000;
    int pool = 1024;
    float[] rows = RandomModels.events(22, pool);
    int[] seen = new int[producers * perProducer];
    long[] lastIndex = new long[producers];
    java.util.Arrays.fill(lastIndex, -1);
    AtomicLong outOfOrder = new AtomicLong();
    ScoreSink sink =
        e -> {
          int producer = (int) (e.id() / perProducer);
          long index = e.id() % perProducer;
          seen[(int) e.id()]++;
          if (index <= lastIndex[producer] || !e.isOk()) {
            outOfOrder.incrementAndGet();
          }
          lastIndex[producer] = index;
        };

    ScoringPipeline pipeline =
        ScoringPipeline.builder(model).ringSize(8192).maxBatch(4096).sink(sink).build();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      EventPublisher publisher = pipeline.newPublisher();
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  long id = (long) producer * perProducer + i;
                  publisher.publishFeatures(id, rows, (i % pool) * F, F, 0);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    pipeline.close();

    assertThat(pipeline.published()).isEqualTo(producers * perProducer);
    assertThat(pipeline.completed()).isEqualTo(producers * perProducer);
    assertThat(outOfOrder.get()).isZero();
    for (int i = 0; i < seen.length; i++) {
      if (seen[i] != 1) {
        assertThat(seen[i]).as("results for id %d", i).isEqualTo(1);
      }
    }
  }

  @Test
  void poisonedEventsInTheStreamGiveErrorResultsAndTheRestAreScored() throws Exception {
    int n = 5000;
    float[] rows = RandomModels.events(23, n);
    Map<Long, String> expected = new java.util.HashMap<>();
    List<ScoreRecord> results = new ArrayList<>();

    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .maxBatch(512)
            .sink(e -> results.add(ScoreRecord.copyOf(e)))
            .build()) {
      EventPublisher publisher = pipeline.newPublisher();
      for (int i = 0; i < n; i++) {
        switch (i) {
          case 1000:
            rows[i * F + 6] = Float.NaN;
            expected.put((long) i, "feature 'ptll' is NaN, expected a finite value");
            publisher.publishFeatures(i, rows, i * F, F, 0);
            break;
          case 1001:
            expected.put((long) i, "expected 14 features " + Observable.names() + ", got 13");
            publisher.publishFeatures(i, rows, i * F, 13, 0);
            break;
          case 1002:
            expected.put((long) i, "expected 14 features " + Observable.names() + ", got 15");
            publisher.publishFeatures(i, new float[15]);
            break;
          case 1003:
            expected.put((long) i, "missing observable(s): mll, ptl2");
            publisher.publishFeatures(
                i, rows, i * F, F, Observable.MLL.maskBit() | Observable.PTL2.maskBit());
            break;
          case 1004:
            expected.put((long) i, "event has neither features nor particles");
            publisher.publish(Event.newBuilder().setId(i).build());
            break;
          case 1005:
            expected.put((long) i, "missing observable(s): mll, ptl1, ptl2, ptll, etal1, etal2");
            publishTwoJetsAndNoLeptons(publisher, i);
            break;
          default:
            publisher.publishFeatures(i, rows, i * F, F, 0);
        }
      }
    }

    assertThat(results).hasSize(n);
    for (ScoreRecord r : results) {
      String error = expected.get(r.id());
      if (error == null) {
        assertThat(r.isOk()).as("event %d", r.id()).isTrue();
        assertThat(r.mse()).isFinite();
      } else {
        assertThat(r.status()).isEqualTo(ScoreStatus.SCORE_STATUS_ERROR);
        assertThat(r.error()).isEqualTo(error);
        assertThat(r.mse()).isNaN();
        assertThat(r.anomalous()).isFalse();
      }
    }
  }

  @Test
  void closingUnderLoadLosesNoAcceptedEvent() throws Exception {
    int producers = 4;
    float[] rows = RandomModels.events(24, 256);
    AtomicLong[] accepted = new AtomicLong[producers];
    Set<Long> delivered = Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
    AtomicLong duplicates = new AtomicLong();
    ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .ringSize(4096)
            .maxBatch(1024)
            .sink(
                e -> {
                  if (!delivered.add(e.id())) {
                    duplicates.incrementAndGet();
                  }
                })
            .build();
    CountDownLatch running = new CountDownLatch(producers);
    List<Thread> threads = new ArrayList<>();
    AtomicLong refused = new AtomicLong();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      accepted[p] = new AtomicLong();
      EventPublisher publisher = pipeline.newPublisher();
      threads.add(
          new Thread(
              () -> {
                running.countDown();
                try {
                  for (long i = 0; ; i++) {
                    publisher.publishFeatures(
                        producer * 1_000_000_000L + i, rows, (int) (i % 256) * F, F, 0);
                    accepted[producer].incrementAndGet();
                  }
                } catch (IllegalStateException closed) {
                  refused.incrementAndGet();
                }
              }));
    }
    threads.forEach(Thread::start);
    running.await();
    Thread.sleep(200);

    pipeline.close();
    for (Thread t : threads) {
      t.join();
    }

    long total = 0;
    for (AtomicLong a : accepted) {
      total += a.get();
    }
    assertThat(refused.get()).isEqualTo(producers);
    assertThat(total).isPositive();
    assertThat(pipeline.published()).isEqualTo(total);
    assertThat(pipeline.completed()).isEqualTo(total);
    assertThat((long) delivered.size()).isEqualTo(total);
    assertThat(duplicates.get()).isZero();
  }

  @Test
  void publishingAndScoringAllocateNothingPerEvent() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = 400_000;
    float[] rows = RandomModels.events(25, 1024);
    long[] consumerBytes = new long[2];
    Map<ScoredEvent, Boolean> slots = new IdentityHashMap<>();
    ScoreSink sink =
        e -> {
          if (e.id() == 100_000) {
            consumerBytes[0] = threads.getCurrentThreadAllocatedBytes();
          } else if (e.id() == n - 1) {
            consumerBytes[1] = threads.getCurrentThreadAllocatedBytes();
          }
          if (e.id() % 1000 == 0 || slots.size() < 2048) {
            slots.put(e, Boolean.TRUE);
          }
        };
    long producerBytes;

    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model).ringSize(2048).maxBatch(1024).sink(sink).build()) {
      EventPublisher publisher = pipeline.newPublisher();
      for (int i = 0; i < 100_000; i++) {
        publisher.publishFeatures(i, rows, (i % 1024) * F, F, 0);
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 100_000; i < n; i++) {
        publisher.publishFeatures(i, rows, (i % 1024) * F, F, 0);
      }
      producerBytes = threads.getCurrentThreadAllocatedBytes() - before;
    }

    double consumerPerEvent = (consumerBytes[1] - consumerBytes[0]) / (double) (n - 100_000);
    assertThat(producerBytes)
        .as("bytes allocated by the producer for 300000 events")
        .isLessThan(10_000);
    assertThat(consumerPerEvent)
        .as("bytes allocated per event by the scoring thread")
        .isLessThan(16.0);
    assertThat(slots.size()).as("distinct ring slots seen").isLessThanOrEqualTo(2048);
  }

  @Test
  void sinkExceptionsAreReportedAndDoNotStallTheRing() throws Exception {
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    CountingSink counts = new CountingSink();
    float[] rows = RandomModels.events(26, 100);

    ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .warnings(warnings::add)
            .sink(
                ScoreSink.tee(
                    counts,
                    e -> {
                      if (e.id() % 10 == 0) {
                        throw new IllegalStateException("disk full");
                      }
                    }))
            .build();
    EventPublisher publisher = pipeline.newPublisher();
    for (int i = 0; i < 100; i++) {
      publisher.publishFeatures(i, rows, i * F, F, 0);
    }
    pipeline.close();

    assertThat(counts.total()).isEqualTo(100);
    assertThat(pipeline.completed()).isEqualTo(100);
    assertThat(pipeline.sinkFailures()).isEqualTo(10);
    assertThat(warnings).hasSize(5);
    assertThat(warnings.get(0)).contains("score sink failed on event 0").contains("disk full");
  }

  @Test
  void aFailingModelGivesErrorResultsNotACrash() throws Exception {
    List<ScoreRecord> results = new ArrayList<>();
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    float[] rows = RandomModels.events(27, 10);
    ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .warnings(warnings::add)
            .sink(e -> results.add(ScoreRecord.copyOf(e)))
            .build();
    model.close();

    EventPublisher publisher = pipeline.newPublisher();
    for (int i = 0; i < 10; i++) {
      publisher.publishFeatures(i, rows, i * F, F, 0);
    }
    pipeline.close();

    assertThat(results).hasSize(10);
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(ScoreStatus.SCORE_STATUS_ERROR);
              assertThat(r.error()).contains("is closed");
            });
  }

  @Test
  void selectionRejectsEventsOutsideItWithoutScoringThem() throws Exception {
    float[] rows = RandomModels.events(28, 2);
    rows[Observable.MJJ.ordinal()] = 150f; // below the paper's 200 GeV
    rows[F + Observable.MJJ.ordinal()] = 900f;
    rows[F + Observable.PTJ1.ordinal()] = 120f;
    rows[F + Observable.PTJ2.ordinal()] = 60f;
    rows[F + Observable.DETAJJ.ordinal()] = 3.5f;
    List<ScoreRecord> results = new ArrayList<>();

    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .selection(Selection.paper())
            .sink(e -> results.add(ScoreRecord.copyOf(e)))
            .build()) {
      EventPublisher publisher = pipeline.newPublisher();
      publisher.publishFeatures(1, rows, 0, F, 0);
      publisher.publishFeatures(2, rows, F, F, 0);
    }

    assertThat(results.get(0).status()).isEqualTo(ScoreStatus.SCORE_STATUS_REJECTED);
    assertThat(results.get(0).error()).startsWith("failed the selection");
    assertThat(results.get(0).mse()).isNaN();
    assertThat(results.get(1).isOk()).isTrue();
  }

  @Test
  void aNanOrInfiniteCutVariableIsAnErrorNotARejection() throws Exception {
    float[] rows = RandomModels.events(29, 2);
    rows[Observable.PTJ2.ordinal()] = Float.NaN;
    rows[F + Observable.MJJ.ordinal()] = Float.POSITIVE_INFINITY;
    List<ScoreRecord> results = new ArrayList<>();

    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model)
            .selection(Selection.paper())
            .sink(e -> results.add(ScoreRecord.copyOf(e)))
            .build()) {
      EventPublisher publisher = pipeline.newPublisher();
      publisher.publishFeatures(1, rows, 0, F, 0);
      publisher.publishFeatures(2, rows, F, F, 0);
    }

    assertThat(results)
        .extracting(ScoreRecord::status)
        .containsOnly(ScoreStatus.SCORE_STATUS_ERROR);
    assertThat(results.get(0).error()).contains("ptj2").contains("NaN");
    assertThat(results.get(1).error()).contains("mjj").contains("Infinity");
  }

  @Test
  void particlesScoreLikeTheObservablesComputedFromThem() throws Exception {
    int[] pdg = {2, 1, -11, 12, -13, 14};
    int[] status = {1, 1, 1, 1, 1, 1};
    double[] px = {80.0, -60.0, 40.0, 20.0, -30.0, 10.0};
    double[] py = {30.0, -20.0, -10.0, 15.0, 25.0, -5.0};
    double[] pz = {400.0, -300.0, 50.0, 10.0, -20.0, 30.0};
    double[] e = new double[6];
    for (int i = 0; i < 6; i++) {
      e[i] = Math.sqrt(px[i] * px[i] + py[i] * py[i] + pz[i] * pz[i]);
    }
    double[] obs = new double[F];
    int mask = ObservableCalculator.compute(6, pdg, status, px, py, pz, e, obs);
    float[] features = new float[F];
    for (int i = 0; i < F; i++) {
      features[i] = (float) obs[i];
    }
    List<ScoreRecord> results = new ArrayList<>();

    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model).sink(r -> results.add(ScoreRecord.copyOf(r))).build()) {
      EventPublisher publisher = pipeline.newPublisher();
      publisher.publishParticles(1, 6, pdg, status, px, py, pz, e);
      publisher.publishFeatures(2, features);
      publisher.publishObservables(3, obs, mask);
      publisher.publish(
          Event.newBuilder()
              .setId(4)
              .setFeatures(FeatureRow.newBuilder().addAllValues(asList(features)))
              .build());
    }

    assertThat(mask).isZero();
    assertThat(results).extracting(ScoreRecord::status).containsOnly(ScoreStatus.SCORE_STATUS_OK);
    assertThat(results).extracting(ScoreRecord::mse).containsOnly(results.get(0).mse());
    assertThat(results).extracting(ScoreRecord::score).containsOnly(results.get(0).score());
  }

  @Test
  void publishesThatFindTheRingFullAreCountedAndStillDelivered() throws Exception {
    // A sink held shut keeps the 16 slots of the ring taken: publishes beyond them must wait.
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong delivered = new AtomicLong();
    ScoreSink heldSink =
        event -> {
          awaitQuietly(release);
          delivered.incrementAndGet();
        };
    float[] rows = RandomModels.events(31, 40);
    ScoringPipeline pipeline =
        ScoringPipeline.builder(model).ringSize(16).maxBatch(4).sink(heldSink).build();
    EventPublisher publisher = pipeline.newPublisher();
    for (int i = 0; i < 16; i++) {
      publisher.publishFeatures(i, rows, i * F, F, 0);
    }
    assertThat(pipeline.ringFullWaits()).isZero();

    Thread producer =
        new Thread(
            () -> {
              for (int i = 16; i < 40; i++) {
                publisher.publishFeatures(i, rows, i * F, F, 0);
              }
            });
    producer.start();
    while (pipeline.ringFullWaits() == 0) {
      Thread.onSpinWait();
    }
    release.countDown();
    producer.join();
    pipeline.close();

    assertThat(delivered.get()).isEqualTo(40);
    assertThat(pipeline.ringFullWaits()).isBetween(1L, 24L);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void publishingAfterCloseIsRefused() throws Exception {
    ScoringPipeline pipeline = ScoringPipeline.builder(model).sink(e -> {}).build();
    EventPublisher publisher = pipeline.newPublisher();
    pipeline.close();

    assertThatThrownBy(() -> publisher.publishFeatures(1, new float[F]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(pipeline.published()).isZero();
    assertThatThrownBy(pipeline::newPublisher).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsBadOptionsBeforeStartingThreads() {
    assertThatThrownBy(() -> ScoringPipeline.builder(model).ringSize(1000).sink(e -> {}).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ring size is 1000, expected a power of two");
    assertThatThrownBy(
            () -> ScoringPipeline.builder(model).ringSize(64).maxBatch(128).sink(e -> {}).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum batch is 128");
    assertThatThrownBy(() -> ScoringPipeline.builder(model).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no score sink");
    assertThatThrownBy(
            () -> ScoringPipeline.builder(model).thresholdAtSmEfficiency(0.2).sink(e -> {}).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no threshold for SM efficiency 0.2");
  }

  @Test
  void thresholdByValueFlagsEventsAboveIt() throws Exception {
    float[] rows = RandomModels.events(29, 200);
    float[] score = new float[200];
    model.newBatchScorer(256).score(rows, null, 200, new float[200], new float[200], score, null);
    float[] sorted = score.clone();
    java.util.Arrays.sort(sorted);
    float cut = sorted[150];
    CountingSink counts = new CountingSink();

    try (ScoringPipeline pipeline =
        ScoringPipeline.builder(model).threshold(cut).sink(counts).build()) {
      EventPublisher publisher = pipeline.newPublisher();
      for (int i = 0; i < 200; i++) {
        publisher.publishFeatures(i, rows, i * F, F, 0);
      }
    }

    long above = 0;
    for (float s : score) {
      above += s > cut ? 1 : 0;
    }
    assertThat(counts.anomalous()).isEqualTo(above);
    assertThat(counts.scored()).isEqualTo(200);
  }

  private static void publishTwoJetsAndNoLeptons(EventPublisher publisher, long id) {
    int[] pdg = {21, 1, 12};
    int[] status = {1, 1, 1};
    double[] px = {50, -40, 5};
    double[] py = {10, 20, -3};
    double[] pz = {300, -200, 4};
    double[] e = {305, 205, 8};
    publisher.publishParticles(id, 3, pdg, status, px, py, pz, e);
  }

  private static int bits(float value) {
    return Float.floatToRawIntBits(value);
  }

  private static List<Float> asList(float[] values) {
    List<Float> list = new ArrayList<>();
    for (float v : values) {
      list.add(v);
    }
    return list;
  }
}
