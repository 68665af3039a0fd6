package org.vbsanomaly.trainer.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.events.SampleReader;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.trainer.data.EventSplit;

class HeldOutEventsTest {

  private static Sample sm;

  @BeforeAll
  static void readSample() throws IOException {
    Path file = SmallModels.ssww("ssww_sm_500.lhe.gz");
    sm = file == null ? null : new SampleReader(Selection.paper()).read(file);
  }

  @Test
  void testSplitKeepsOnlyTestEventsAndStillCarriesTheSelectedCrossSection() {
    assumeTrue(sm != null, "shared SSWW data not found");
    EventSplit split = new EventSplit(42, 0.2);

    HeldOutEvents held = HeldOutEvents.testSplit(sm, split);

    double[][] features = sm.features();
    int expected = 0;
    for (double[] row : features) {
      expected += split.isTest(row) ? 1 : 0;
    }
    assertThat(held.size()).isEqualTo(expected).isBetween(sm.size() / 10, sm.size() * 3 / 10);
    for (int row : held.rows()) {
      assertThat(split.isTest(features[row])).isTrue();
    }
    // SM weights are all equal: the scale is the ratio of event counts.
    assertThat(held.scale()).isCloseTo((double) sm.size() / expected, within(1e-12));
    assertThat(held.crossSectionPb())
        .isCloseTo(sm.selectedCrossSectionPb(), within(1e-12 * sm.selectedCrossSectionPb()));
  }

  @Test
  void twoRunsOfOneProcessCombineToOneCrossSection() {
    assumeTrue(sm != null, "shared SSWW data not found");
    HeldOutEvents all = HeldOutEvents.all(sm);

    List<HeldOutEvents> combined = HeldOutEvents.combinedAsOneProcess(List.of(all, all));

    double sum = combined.get(0).crossSectionPb() + combined.get(1).crossSectionPb();
    assertThat(sum).isCloseTo(sm.selectedCrossSectionPb(), within(1e-12));
  }

  @Test
  void trainingFileIsSplitByHashAndOtherFilesAreUsedWhole(@TempDir Path dir) throws IOException {
    assumeTrue(sm != null, "shared SSWW data not found");
    String hash = EvaluationSplit.sha256(sm.file());

    EvaluationSplit trained = EvaluationSplit.of(SmallModels.metadata(hash, "0.5"), false);
    EvaluationSplit unrelated = EvaluationSplit.of(SmallModels.metadata("00ff", null), false);
    EvaluationSplit forced = EvaluationSplit.of(SmallModels.metadata("00ff", null), true);

    assertThat(trained.heldOut(sm, hash).testSplitOnly()).isTrue();
    assertThat(trained.split().testFraction()).isEqualTo(0.5);
    assertThat(trained.describe()).contains("seed 42", "fraction 0.5", "from the model");
    assertThat(unrelated.heldOut(sm, hash).size()).isEqualTo(sm.size());
    assertThat(unrelated.describe()).contains("fraction 0.2", "default");
    assertThat(forced.heldOut(sm, hash).testSplitOnly()).isTrue();
  }

  @Test
  void sha256OfKnownContent(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("abc.txt"), "abc");

    assertThat(EvaluationSplit.sha256(file))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
