package org.vbsanomaly.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.JavaForwardPass;
import org.vbsanomaly.inference.model.RandomModels;

class BatchScorerTest {

  private static final int F = Observable.COUNT;

  @TempDir Path dir;

  @Test
  void scoresEqualTheJavaForwardPassAcrossSeveralBatches() throws Exception {
    int n = 1000;
    float[] rows = RandomModels.events(5, n);
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] score = new float[n];
    String[] errors = new String[n];

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vaeWithClassifier(dir))) {
      int scored = model.newBatchScorer(256).score(rows, null, n, mse, kld, score, errors);
      assertThat(scored).isEqualTo(n);
    }

    JavaForwardPass reference =
        new JavaForwardPass(RandomModels.vae(8, 4, true), RandomModels.classifier(9));
    float[] refMse = new float[n];
    float[] refKld = new float[n];
    float[] refScore = new float[n];
    reference.score(rows, n, refMse, refKld, refScore);
    assertThat(errors).containsOnlyNulls();
    assertClose(mse, refMse);
    assertClose(kld, refKld);
    assertClose(score, refScore);
  }

  @Test
  void invalidRowsGetTheirOwnErrorAndTheRestAreScored() throws Exception {
    float[] rows = RandomModels.events(6, 5);
    rows[1 * F + 0] = Float.NaN;
    rows[3 * F + 13] = Float.POSITIVE_INFINITY;
    int[] masks = {0, 0, Observable.PTJ2.maskBit() | Observable.MJJ.maskBit(), 0, 0};
    float[] mse = new float[5];
    float[] kld = new float[5];
    String[] errors = new String[5];

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir))) {
      int scored = model.newBatchScorer(16).score(rows, masks, 5, mse, kld, null, errors);

      assertThat(scored).isEqualTo(2);
    }
    assertThat(errors[0]).isNull();
    assertThat(errors[1]).isEqualTo("feature 'mjj' is NaN, expected a finite value");
    assertThat(errors[2]).isEqualTo("missing observable(s): mjj, ptj2");
    assertThat(errors[3]).isEqualTo("feature 'dphijj' is Infinity, expected a finite value");
    assertThat(errors[4]).isNull();
    assertThat(mse[1]).isNaN();
    assertThat(kld[2]).isNaN();
    assertThat(mse[0]).isPositive();
    assertThat(mse[4]).isPositive();
  }

  @Test
  void rowWithWrongFeatureCountIsAnErrorForThatRowOnly() throws Exception {
    float[] rows = RandomModels.events(7, 2);

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir))) {
      BatchScorer scorer = model.newBatchScorer(4);
      int shortRow = scorer.add(rows, 0, 13, 0);
      int goodRow = scorer.add(rows, F, F, 0);
      int upstream = scorer.addError("particles: no leptons");
      scorer.run();

      assertThat(scorer.error(shortRow))
          .startsWith("expected 14 features [mjj, mll,")
          .endsWith("got 13");
      assertThat(scorer.isOk(goodRow)).isTrue();
      assertThat(scorer.mse(goodRow)).isPositive();
      assertThat(scorer.error(upstream)).isEqualTo("particles: no leptons");
      assertThat(scorer.score(goodRow)).isNaN();
    }
  }

  @Test
  void reusesTheSameInputBufferForEveryBatch() throws Exception {
    float[] rows = RandomModels.events(8, 100);

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir))) {
      BatchScorer scorer = model.newBatchScorer(32);
      FloatBuffer before = scorer.inputBuffer();
      float[] mse = new float[100];
      scorer.score(rows, null, 100, mse, new float[100], null, null);
      scorer.score(rows, null, 100, mse, new float[100], null, null);

      assertThat(scorer.inputBuffer()).isSameAs(before);
      assertThat(before.isDirect()).isTrue();
      assertThat(before.capacity()).isEqualTo(32 * F);
    }
  }

  @Test
  void sameRowsScoreIdenticallyAtAnyBatchPosition() throws Exception {
    float[] rows = RandomModels.events(9, 64);
    float[] alone = new float[1];
    float[] batched = new float[64];

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir))) {
      BatchScorer scorer = model.newBatchScorer(64);
      scorer.score(rows, null, 64, batched, new float[64], null, null);
      scorer.score(
          Arrays.copyOfRange(rows, 17 * F, 18 * F), null, 1, alone, new float[1], null, null);
    }
    assertThat(Math.abs(alone[0] - batched[17])).isLessThanOrEqualTo(1e-6f);
  }

  @Test
  void fullBatchRefusesAnotherRow() throws Exception {
    float[] row = RandomModels.events(10, 1);

    try (AnomalyModel model = AnomalyModel.open(TestModelFiles.vae(dir))) {
      BatchScorer scorer = model.newBatchScorer(1);
      scorer.add(row, 0, F, 0);

      assertThatThrownBy(() -> scorer.add(row, 0, F, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("batch is full");
    }
  }

  private static void assertClose(float[] actual, float[] expected) {
    for (int i = 0; i < expected.length; i++) {
      float tolerance = 1e-5f * Math.max(1f, Math.abs(expected[i]));
      assertThat(Math.abs(actual[i] - expected[i])).as("row %d", i).isLessThanOrEqualTo(tolerance);
    }
  }
}
