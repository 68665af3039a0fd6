package org.vbsanomaly.trainer.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.events.SampleReader;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.JavaForwardPass;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.trainer.eval.WeightedScores;

class HeldOutScoringTest {

  @TempDir Path dir;

  @Test
  void scoresEqualThePlainJavaForwardPassAndKeepTheirWeights() throws Exception {
    Path file = SmallModels.ssww("ssww_sm_500.lhe.gz");
    assumeTrue(file != null, "shared SSWW data not found");
    Sample sm = new SampleReader(Selection.paper()).read(file);
    VaeWeights vae = SmallModels.vae(7, SmallModels.metadata(null, null));
    Path onnx = dir.resolve("small.onnx");
    OnnxModelWriter.write(vae, null, onnx);

    WeightedScores scores;
    try (AnomalyModel model = AnomalyModel.open(onnx)) {
      scores = HeldOutScoring.score(model, List.of(HeldOutEvents.all(sm)));
    }

    // Independent route: the plain-Java forward pass over the same rows, sorted the same way.
    float[] rows = new float[sm.size() * Observable.COUNT];
    for (int r = 0; r < sm.size(); r++) {
      for (Observable o : Observable.values()) {
        rows[r * Observable.COUNT + o.ordinal()] = (float) sm.observable(r, o);
      }
    }
    float[] mse = new float[sm.size()];
    new JavaForwardPass(vae, null).score(rows, sm.size(), mse, new float[sm.size()], null);
    WeightedScores expected = WeightedScores.of(mse, sm.weightsPb());
    assertThat(scores.size()).isEqualTo(sm.size());
    assertThat(scores.totalWeight())
        .isCloseTo(sm.selectedCrossSectionPb(), within(1e-12 * sm.selectedCrossSectionPb()));
    for (int rank = 0; rank < scores.size(); rank++) {
      assertThat(scores.scoreAtRank(rank)).isCloseTo(expected.scoreAtRank(rank), within(1e-5f));
    }
  }
}
