package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.vbsanomaly.inference.pipeline.WaitStrategyKind;

/** Runs each benchmark method once outside JMH: they work and agree with each other. */
class ScoringBenchmarkTest {

  private static final String BLACKHOLE_CONSENT =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  @Test
  void everyWayScoresAllEventsAndTheyAgree() throws Exception {
    ScoringBenchmark b = new ScoringBenchmark();
    b.batch = 64;
    b.model = BenchmarkModel.RANDOM;
    b.intraOpThreads = 1;
    b.setUp();
    ScoringBenchmark.SessionState session = new ScoringBenchmark.SessionState();
    ScoringBenchmark.RingState ring = new ScoringBenchmark.RingState();
    ring.wait = WaitStrategyKind.SLEEPING;
    try {
      session.open(b);
      ring.start(b);

      float lastBatch = b.batchScorer();
      double loopSum = b.scorerLoop();
      float javaLast = b.javaForwardPass();
      float sessionLast = b.onnxSession(session);
      b.ringPipeline(ring, new Blackhole(BLACKHOLE_CONSENT));

      assertThat(ring.sink.delivered()).isEqualTo(ScoringBenchmark.EVENTS);
      assertThat(ring.sink.mseSum).isPositive();
      assertThat(loopSum).isPositive();
      // Both return the sum over batches of the last event's mse plus the first event's kld.
      assertThat(javaLast).isCloseTo(lastBatch, within(1e-4f * Math.abs(lastBatch)));
      assertThat(sessionLast).isFinite();
    } finally {
      ring.stop();
      session.close();
      b.tearDown();
    }
  }
}
