package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleReaderTest {
  @TempDir Path dir;

  @Test
  void weightsInPbSumToTheCrossSectionWithNegativeWeightsKept() throws IOException {
    Sample s =
        new SampleReader(Selection.none()).read(SharedData.caseFile("18-negative-weights.lhe"));

    // sigma = 1 pb, XWGTUP 1.5, -0.5, 2.0 summing to 3: weight_pb = XWGTUP / 3
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.weightsPb()).containsExactly(new double[] {0.5, -0.5 / 3, 2.0 / 3}, within(1e-15));
    assertThat(s.selectedCrossSectionPb()).isCloseTo(1.0, within(1e-15));
    assertThat(s.crossSectionPb()).isEqualTo(1.0);
    assertThat(s.stats().effectiveEvents()).isCloseTo(9 / 6.5, within(1e-15));
    assertThat(s.expectedEvents(300)).isCloseTo(300_000, within(1e-6));
  }

  @Test
  void eventNormAverageGivesXwgtupOverN() throws IOException {
    Path file = SharedData.sample("ssww", "ssww_sm_500.lhe.gz");

    Sample s = new SampleReader(Selection.none()).read(file);

    assertThat(s.size()).isEqualTo(500);
    for (int i = 0; i < s.size(); i++) {
      assertThat(s.weightPb(i)).isCloseTo(s.generatorWeight(i) / 500, within(1e-5 * 5.79e-3 / 500));
    }
    assertThat(Arrays.stream(s.weightsPb()).sum()).isCloseTo(s.crossSectionPb(), within(1e-15));
  }

  @Test
  void paperSelectionKeepsOnlyEventsThatPassAndTheirFiducialCrossSection() throws IOException {
    Path file = SharedData.sample("ssww", "ssww_cW_lin.lhe.gz");

    Sample all = new SampleReader(Selection.none()).read(file);
    Sample selected = new SampleReader(Selection.paper()).read(file);

    assertThat(selected.size()).isPositive().isLessThan(all.size());
    double[][] allFeatures = all.features();
    double[][] selectedFeatures = selected.features();
    double fiducial = 0;
    int j = 0;
    for (int i = 0; i < all.size(); i++) {
      double[] obs = allFeatures[i];
      if (Selection.paper().passes(obs, all.missingMask(i))) {
        assertThat(selected.id(j)).isEqualTo(all.id(i));
        assertThat(selectedFeatures[j]).containsExactly(obs);
        fiducial += all.weightPb(i);
        j++;
      }
    }
    assertThat(j).isEqualTo(selected.size());
    assertThat(selected.selectedCrossSectionPb())
        .isCloseTo(fiducial, within(1e-12 * Math.abs(fiducial) + 1e-18));
    assertThat(selected.sumOfWeights()).isEqualTo(all.sumOfWeights());
    assertThat(selected.featuresAsFloat()[0][Observable.MJJ.ordinal()])
        .isEqualTo((float) selected.observable(0, Observable.MJJ));
    assertThat(selected.featuresAsFloat()[0]).hasSize(Observable.COUNT);
  }

  @Test
  void damagedEventsAreCountedAndLeftOutOfTheSums() throws IOException {
    Sample s =
        new SampleReader(Selection.none())
            .read(SharedData.caseFile("14-nan-weight-and-momentum.lhe"));

    assertThat(s.eventsRead()).isEqualTo(1);
    assertThat(s.eventsDamaged()).isEqualTo(2);
    assertThat(s.damageMessages()).hasSize(2);
    assertThat(s.weightsPb()).containsExactly(1.0);
    assertThat(s.ids()).containsExactly(0L);
  }

  @Test
  void truncatedFilesAreRefused() {
    assertThatThrownBy(
            () ->
                new SampleReader(Selection.none())
                    .read(SharedData.caseFile("10-truncated-mid-event.lhe")))
        .isInstanceOf(LheFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aFileWithoutEventsCannotBeNormalised() throws IOException {
    Path empty = dir.resolve("empty.lhe");
    Files.writeString(
        empty,
        "<LesHouchesEvents version=\"3.0\">\n"
            + "<init>\n"
            + "2212 2212 6500 6500 0 0 0 0 3 1\n"
            + "1 0 1 1\n"
            + "</init>\n"
            + "</LesHouchesEvents>\n");

    assertThatThrownBy(() -> new SampleReader(Selection.none()).read(empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sum to zero");
  }
}
