package org.vbsanomaly.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.RandomModels;
import org.vbsanomaly.schema.v1.AnomalyScorerGrpc;
import org.vbsanomaly.schema.v1.DescribeRequest;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeatureRow;
import org.vbsanomaly.schema.v1.ModelDescription;
import org.vbsanomaly.schema.v1.Score;
import org.vbsanomaly.schema.v1.ScoreStatus;

class AnomalyScorerServiceTest {

  private static final int F = Observable.COUNT;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private AnomalyModel model;
  private AnomalyScorerService service;
  private ScoringServer server;
  private ManagedChannel channel;

  @BeforeEach
  void openModel() throws Exception {
    Path file = dir.resolve("vae.onnx");
    OnnxModelWriter.write(RandomModels.vae(7, 3, false), null, file);
    model = AnomalyModel.open(file);
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
    if (service != null) {
      service.close();
    }
    model.close();
  }

  private void serve(AnomalyScorerService.Builder builder) throws Exception {
    service = builder.build();
    server =
        ScoringServer.start(
            service, "127.0.0.1", 0, ScoringServer.DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
    channel = StreamingClient.channel(server.port());
  }

  @Test
  void streams100000EventsAndReturnsEveryScoreInOrderEqualToTheBatchScorer() throws Exception {
    serve(AnomalyScorerService.builder(model));
    int n = 100_000;
    float[] rows = RandomModels.events(31, n);
    float[] mse = new float[n];
    float[] kld = new float[n];
    model.newBatchScorer(4096).score(rows, null, n, mse, kld, null, null);

    StreamingClient client = StreamingClient.start(channel, i -> featureEvent(id(i), rows, i), n);

    assertThat(client.await(WAIT).getCode()).isEqualTo(Status.Code.OK);
    List<Score> scores = client.scores();
    assertThat(scores).hasSize(n);
    for (int i = 0; i < n; i++) {
      Score s = scores.get(i);
      assertThat(s.getId()).as("score %d", i).isEqualTo(id(i));
      assertThat(s.getStatus()).isEqualTo(ScoreStatus.SCORE_STATUS_OK);
      assertThat(s.getMse()).as("mse of event %d", i).isEqualTo(mse[i]);
      assertThat(s.getKld()).as("kld of event %d", i).isEqualTo(kld[i]);
      assertThat(s.getAnomalous()).isEqualTo(mse[i] > 0.05);
      assertThat(s.hasScore()).isFalse();
    }
    assertThat(service.stats().eventsReceived()).isEqualTo(n);
  }

  @Test
  void concurrentStreamsEachGetTheirOwnScoresInOrder() throws Exception {
    serve(AnomalyScorerService.builder(model).window(512));
    int n = 10_000;
    int streams = 4;
    List<float[]> rows = new ArrayList<>();
    List<StreamingClient> clients = new ArrayList<>();
    for (int k = 0; k < streams; k++) {
      float[] r = RandomModels.events(100 + k, n);
      rows.add(r);
      long base = 1_000_000L * k;
      clients.add(StreamingClient.start(channel, i -> featureEvent(base + i, r, i), n));
    }

    for (int k = 0; k < streams; k++) {
      assertThat(clients.get(k).await(WAIT).getCode()).isEqualTo(Status.Code.OK);
      float[] mse = new float[n];
      model.newBatchScorer(1024).score(rows.get(k), null, n, mse, new float[n], null, null);
      List<Score> scores = clients.get(k).scores();
      assertThat(scores).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(scores.get(i).getId()).isEqualTo(1_000_000L * k + i);
        assertThat(scores.get(i).getMse()).isEqualTo(mse[i]);
      }
    }
  }

  @Test
  void describeReturnsTheFeatureOrderAndTheThresholds() throws Exception {
    serve(AnomalyScorerService.builder(model));

    ModelDescription d =
        AnomalyScorerGrpc.newBlockingStub(channel).describe(DescribeRequest.getDefaultInstance());

    assertThat(d.getFeatureNamesList())
        .containsExactly(
            "mjj", "mll", "ptj1", "ptj2", "ptl1", "ptl2", "ptll", "met", "etaj1", "etaj2", "etal1",
            "etal2", "detajj", "dphijj");
    assertThat(d.getFeatureUnitsList()).hasSize(F).startsWith("GeV").endsWith("rad");
    assertThat(d.getFlagVariable()).isEqualTo("mse");
    assertThat(d.getThreshold()).isEqualTo(0.05); // the model's cut at 1% SM efficiency
    assertThat(d.getThresholdsList()).hasSize(3);
    assertThat(d.getModelKind()).isEqualTo("vae");
    assertThat(d.getModel()).isEqualTo("vae.onnx");
    assertThat(d.getModelSha256()).isEqualTo(model.sha256());
    assertThat(d.getFormatVersion()).isEqualTo(1);
  }

  @Test
  void invalidEventsGetErrorScoresAndTheStreamGoesOn() throws Exception {
    serve(AnomalyScorerService.builder(model));
    float[] good = RandomModels.events(5, 1);
    float[] withNan = good.clone();
    withNan[Observable.MLL.ordinal()] = Float.NaN;
    List<Event> events =
        List.of(
            featureEvent(10, good, 0),
            eventWith(11, java.util.Arrays.copyOf(good, 13)),
            eventWith(12, withNan),
            Event.newBuilder().setId(13).build(),
            featureEvent(14, good, 0));

    StreamingClient client = StreamingClient.start(channel, events::get, events.size());

    assertThat(client.await(WAIT).getCode()).isEqualTo(Status.Code.OK);
    List<Score> scores = client.scores();
    assertThat(scores).extracting(Score::getId).containsExactly(10L, 11L, 12L, 13L, 14L);
    assertThat(scores)
        .extracting(Score::getStatus)
        .containsExactly(
            ScoreStatus.SCORE_STATUS_OK,
            ScoreStatus.SCORE_STATUS_ERROR,
            ScoreStatus.SCORE_STATUS_ERROR,
            ScoreStatus.SCORE_STATUS_ERROR,
            ScoreStatus.SCORE_STATUS_OK);
    assertThat(scores.get(1).getError()).contains("expected 14 features", "got 13");
    assertThat(scores.get(2).getError()).contains("mll", "NaN");
    assertThat(scores.get(3).getError()).contains("neither features nor particles");
    assertThat(scores.get(4).getMse()).isEqualTo(scores.get(0).getMse());
    assertThat(service.stats().errorResults()).isEqualTo(3);
  }

  @Test
  void messageAboveTheSizeLimitFailsOnlyItsOwnStream() throws Exception {
    service = AnomalyScorerService.builder(model).build();
    server = ScoringServer.start(service, "127.0.0.1", 0, 1024);
    channel = StreamingClient.channel(server.port());
    Event huge = eventWith(1, new float[400]); // about 1.6 kB

    StreamingClient tooBig = StreamingClient.start(channel, i -> huge, 1);
    Status status = tooBig.await(WAIT);
    float[] good = RandomModels.events(6, 1);
    StreamingClient next = StreamingClient.start(channel, i -> featureEvent(i, good, 0), 3);

    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(next.await(WAIT).getCode()).isEqualTo(Status.Code.OK);
    assertThat(next.scores()).hasSize(3);
  }

  @Test
  void slowReaderIsHeldBackInsteadOfGrowingServerMemory() throws Exception {
    int window = 256;
    serve(AnomalyScorerService.builder(model).window(window));
    int n = 60_000;
    float[] rows = RandomModels.events(41, n);

    StreamingClient client =
        StreamingClient.start(channel, i -> featureEvent(i, rows, i), n, false, true);
    long received = awaitStable(() -> service.stats().eventsReceived(), window);
    AnomalyScorerService.Stats paused = service.stats();

    assertThat(received).isLessThan(20_000);
    assertThat(paused.eventsReceived() - paused.scoresSent()).isLessThanOrEqualTo(window);
    assertThat(client.sent()).isLessThan(n);

    client.readAll();
    assertThat(client.await(WAIT).getCode()).isEqualTo(Status.Code.OK);
    List<Score> scores = client.scores();
    assertThat(scores).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(scores.get(i).getId()).isEqualTo(i);
    }
  }

  @Test
  void cancelledStreamFreesItsSlotForTheNextClient() throws Exception {
    serve(AnomalyScorerService.builder(model).maxStreams(1));
    float[] rows = RandomModels.events(8, 100);
    StreamingClient first =
        StreamingClient.start(channel, i -> featureEvent(i, rows, i), 100, true, false);
    awaitValue(first::received, 100);

    StreamingClient refused = StreamingClient.start(channel, i -> featureEvent(i, rows, i), 1);
    Status refusal = refused.await(WAIT);
    first.cancel();
    awaitValue(() -> service.stats().streamsActive(), 0);
    StreamingClient second = StreamingClient.start(channel, i -> featureEvent(i, rows, i), 100);

    assertThat(refusal.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(second.await(WAIT).getCode()).isEqualTo(Status.Code.OK);
    assertThat(second.scores()).hasSize(100);
  }

  @Test
  void shutdownAnswersEveryEventReceivedThenEndsTheStreamAsUnavailable() throws Exception {
    serve(AnomalyScorerService.builder(model));
    float[] rows = RandomModels.events(9, 1000);
    StreamingClient client =
        StreamingClient.start(channel, i -> featureEvent(i, rows, i), 1000, true, false);
    awaitValue(client::received, 1000);

    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return server.shutdown(Duration.ofSeconds(20));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Status status = client.await(WAIT);

    assertThat(drained.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).contains("all 1000 events received");
    assertThat(client.scores()).hasSize(1000);
    server = null;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static long id(int i) {
    return 5_000_000_000L + 3L * i;
  }

  private static Event featureEvent(long id, float[] rows, int row) {
    FeatureRow.Builder features = FeatureRow.newBuilder();
    for (int f = 0; f < F; f++) {
      features.addValues(rows[row * F + f]);
    }
    return Event.newBuilder().setId(id).setFeatures(features).build();
  }

  private static Event eventWith(long id, float[] values) {
    FeatureRow.Builder features = FeatureRow.newBuilder();
    for (float v : values) {
      features.addValues(v);
    }
    return Event.newBuilder().setId(id).setFeatures(features).build();
  }

  /** Polls until the value is at least {@code min} and unchanged for half a second; returns it. */
  private static long awaitStable(java.util.function.LongSupplier value, long min)
      throws Exception {
    long last = -1;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      long now = value.getAsLong();
      if (now != last || now < min) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 500_000_000L) {
        return now;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("value kept changing: " + last);
  }

  private static void awaitValue(java.util.function.IntSupplier value, int expected)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (value.getAsInt() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + expected + ", still " + value.getAsInt());
      }
      Thread.sleep(10);
    }
  }
}
