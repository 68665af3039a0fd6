package org.vbsanomaly.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightedHistogramTest {

  @Test
  void everyEntryLandsInABinOrInUnderOrOverflow() {
    WeightedHistogram h =
        WeightedHistogram.of(
            Binning.uniform(4, 0, 2),
            new float[] {-1f, 0f, 0.49f, 0.5f, 1.99f, 2f, 7f},
            new double[] {1, 2, 3, 4, 5, 6, 7});

    assertThat(h.underflow()).isEqualTo(1);
    assertThat(h.contents()).containsExactly(5, 4, 0, 5);
    assertThat(h.overflow()).isEqualTo(13); // the upper edge itself is overflow
    assertThat(h.totalSum()).isEqualTo(28);
    assertThat(h.entries()).isEqualTo(7);
  }

  @Test
  void signedWeightsSumAndErrorsComeFromSquaredWeights() {
    WeightedHistogram h = new WeightedHistogram(Binning.uniform(1, 0, 1));
    h.fill(0.2, 3);
    h.fill(0.7, -1);

    assertThat(h.content(0)).isEqualTo(2);
    assertThat(h.error(0)).isCloseTo(Math.sqrt(10), within(1e-15));
  }

  @Test
  void unitAreaNormalisationGivesDensitiesComputedByHand() {
    // Bins of width 0.5 on [0, 2); in range: 2 + 1 + 1 = 4; overflow 3.
    WeightedHistogram h =
        WeightedHistogram.of(
            Binning.uniform(4, 0, 2),
            new float[] {0.25f, 0.75f, 1.75f, 5f},
            new double[] {2, 1, 1, 3});

    WeightedHistogram n = h.normalisedToUnitArea();

    assertThat(n.contents()).containsExactly(new double[] {1, 0.5, 0, 0.5}, within(1e-15));
    assertThat(n.area()).isCloseTo(1.0, within(1e-15));
    assertThat(n.overflow()).isCloseTo(0.75, within(1e-15));
    assertThat(h.content(0)).isEqualTo(2); // the original is untouched
  }

  @Test
  void logarithmicBinsSplitDecadesAndSendZeroToUnderflow() {
    Binning b = Binning.logUniform(3, 1, 1000);

    assertThat(b.lowEdge(1)).isCloseTo(10, within(1e-12));
    assertThat(b.index(9.999)).isZero();
    assertThat(b.index(10)).isEqualTo(1);
    assertThat(b.index(100)).isEqualTo(2);
    assertThat(b.index(0)).isEqualTo(-1);
    assertThat(b.index(1000)).isEqualTo(3);
    assertThat(b.centre(1)).isCloseTo(Math.sqrt(1000), within(1e-9));
  }

  @Test
  void coveringBinningLeavesNoFlows() {
    float[] a = {0.3f, 2.5f};
    float[] b = {1.0f, 4.0f};

    WeightedHistogram h = WeightedHistogram.of(Binning.uniformCovering(5, a, b), b);
    WeightedHistogram l = WeightedHistogram.of(Binning.logUniformCovering(5, a, b), a);

    assertThat(h.underflow() + h.overflow()).isZero();
    assertThat(l.underflow() + l.overflow()).isZero();
    assertThat(h.inRangeSum()).isEqualTo(2);
  }

  @Test
  void refusesNanValueNamingTheEntry() {
    assertThatThrownBy(
            () -> WeightedHistogram.of(Binning.uniform(2, 0, 1), new float[] {0.1f, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 1");
  }

  @Test
  void refusesToNormaliseAnEmptyRange() {
    WeightedHistogram h = new WeightedHistogram(Binning.uniform(2, 0, 1));
    h.fill(5, 1);

    assertThatThrownBy(h::normalisedToUnitArea).isInstanceOf(IllegalStateException.class);
  }
}
