package org.vbsanomaly.trainer.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignificanceTest {

  @Test
  void sigmaAtHandComputedPoint() {
    // |0.5 * 10 + 0.25 * 40| / sqrt(100) = 15 / 10
    assertThat(Significance.sigma(0.5, 10, 40, 100)).isEqualTo(1.5);
  }

  @Test
  void smYieldIsFlooredAtOneEvent() {
    assertThat(Significance.sigma(2, 1, 1, 0.25)).isEqualTo(6.0);
    assertThat(Significance.sigma(2, 1, 1, 0.0)).isEqualTo(6.0);
  }

  @Test
  void crossingsOnBothSidesSolveTheQuadraticsExactly() {
    // 3 sigma with SM = 100: |40 c^2 + 10 c| = 30. c > 0: 40c^2 + 10c - 30 = 0 -> c = 0.75.
    // c < 0, c = -t: 40t^2 - 10t - 30 = 0 -> t = 1 (the +30 branch has no real root).
    assertThat(Significance.crossing(10, 40, 100, 3, true)).isCloseTo(0.75, within(1e-15));
    assertThat(Significance.crossing(10, 40, 100, 3, false)).isCloseTo(-1.0, within(1e-15));
  }

  @Test
  void negativeInterferenceCrossesFirstBeforeItsZero() {
    // LIN = -100, QUAD = 10, SM floored at 1: c LIN + c^2 QUAD dips to -250 at c = 5, so 3
    // sigma is first reached on the way down: 10c^2 - 100c + 3 = 0, the smaller root.
    double expected = (100 - Math.sqrt(100 * 100 - 4 * 10 * 3)) / (2 * 10);

    double c = Significance.crossing(-100, 10, 0.5, 3, true);

    assertThat(c).isCloseTo(expected, within(1e-12));
    assertThat(Significance.sigma(c, -100, 10, 0.5)).isCloseTo(3, within(1e-9));
  }

  @Test
  void pureQuadraticAndPureLinearCases() {
    // 4 c^2 = 3 * 3 -> |c| = 1.5; 6 |c| = 3 * 2 -> |c| = 1.
    assertThat(Significance.crossing(0, 4, 9, 3, true)).isCloseTo(1.5, within(1e-15));
    assertThat(Significance.crossing(0, 4, 9, 3, false)).isCloseTo(-1.5, within(1e-15));
    assertThat(Significance.crossing(6, 0, 4, 3, false)).isCloseTo(-1.0, within(1e-15));
  }

  @Test
  void noSignalNeverCrosses() {
    assertThat(Significance.crossing(0, 0, 100, 3, true)).isNaN();
  }
}
