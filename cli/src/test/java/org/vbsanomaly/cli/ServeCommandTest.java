package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.RandomModels;
import org.vbsanomaly.schema.v1.AnomalyScorerGrpc;
import org.vbsanomaly.schema.v1.DescribeRequest;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeatureRow;
import org.vbsanomaly.schema.v1.ModelDescription;
import org.vbsanomaly.schema.v1.Score;
import org.vbsanomaly.schema.v1.ScoreStatus;
import picocli.CommandLine;

class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void servesDescribeAndScoresOnLoopbackThenStopsGracefully() throws Exception {
    Path model = dir.resolve("vae.onnx");
    OnnxModelWriter.write(RandomModels.vae(7, 3, false), null, model);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    ServeCommand serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cl.execute("serve", "-m", model.toString(), "--port", "0"));
    int port = serve.awaitPort();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    ModelDescription description;
    List<Score> scores;
    try {
      description =
          AnomalyScorerGrpc.newBlockingStub(channel).describe(DescribeRequest.getDefaultInstance());
      scores = scoreTen(channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    serve.stop();

    assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(description.getFeatureNamesList()).isEqualTo(Observable.names());
    assertThat(scores)
        .extracting(Score::getId)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(scores).allMatch(s -> s.getStatus() == ScoreStatus.SCORE_STATUS_OK);
    assertThat(out.toString())
        .contains(
            "listening    127.0.0.1:" + port,
            "flag         mse > 0.05 (the model's cut at 1% SM efficiency)",
            "stopped      1 streams served, 10 events received, 10 scores sent");
    assertThat(err.toString()).doesNotContain("warning");
  }

  private static List<Score> scoreTen(ManagedChannel channel) throws Exception {
    float[] rows = RandomModels.events(3, 10);
    List<Score> scores = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<Event> requests =
        AnomalyScorerGrpc.newStub(channel)
            .scoreStream(
                new StreamObserver<>() {
                  @Override
                  public void onNext(Score s) {
                    scores.add(s);
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    for (int i = 0; i < 10; i++) {
      FeatureRow.Builder f = FeatureRow.newBuilder();
      for (int k = 0; k < Observable.COUNT; k++) {
        f.addValues(rows[i * Observable.COUNT + k]);
      }
      requests.onNext(Event.newBuilder().setId(i).setFeatures(f).build());
    }
    requests.onCompleted();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    return scores;
  }
}
