package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vbsanomaly.events.Observable;

class BenchmarkEventsTest {

  private static final int F = Observable.COUNT;

  @Test
  void syntheticEventsAreFixedBySeed() {
    assertThat(BenchmarkEvents.synthetic(9, 100).rows())
        .isEqualTo(BenchmarkEvents.synthetic(9, 100).rows());
    assertThat(BenchmarkEvents.synthetic(9, 100).rows())
        .isNotEqualTo(BenchmarkEvents.synthetic(10, 100).rows());
  }

  @Test
  void syntheticDijetMassFollowsFromTheJetKinematics() {
    float[] rows = BenchmarkEvents.synthetic(4, 10).rows();
    for (int e = 0; e < 10; e++) {
      int at = e * F;
      double pt1 = rows[at + Observable.PTJ1.ordinal()];
      double pt2 = rows[at + Observable.PTJ2.ordinal()];
      double deta = rows[at + Observable.DETAJJ.ordinal()];
      double dphi = rows[at + Observable.DPHIJJ.ordinal()];
      // Massless jets: m^2 = 2 pt1 pt2 (cosh(deta) - cos(dphi)).
      double mjj = Math.sqrt(2 * pt1 * pt2 * (Math.cosh(deta) - Math.cos(dphi)));
      assertThat(rows[at + Observable.MJJ.ordinal()])
          .isCloseTo((float) mjj, within(1e-3f * (float) mjj));
      assertThat(deta)
          .isCloseTo(
              Math.abs(
                  rows[at + Observable.ETAJ1.ordinal()] - rows[at + Observable.ETAJ2.ordinal()]),
              within(1e-5));
    }
  }

  @Test
  void poolCyclesThroughItsEvents() {
    BenchmarkEvents events = BenchmarkEvents.synthetic(1, 10);
    assertThat(events.offset(3)).isEqualTo(3 * F);
    assertThat(events.offset(13)).isEqualTo(3 * F);
  }

  @Test
  void readsCompleteEventsOfTheSmSample() throws Exception {
    Path file =
        Path.of(System.getProperty("vbs.shared.dir", "../../shared"), "data/ssww/ssww_sm.lhe.gz");
    assumeTrue(Files.isRegularFile(file), "shared SSWW data not present");

    BenchmarkEvents events = BenchmarkEvents.fromLhe(file, 500);

    assertThat(events.count()).isBetween(1, 500);
    assertThat(events.source()).contains("ssww_sm.lhe.gz");
    for (int i = 0; i < events.count() * F; i++) {
      assertThat(events.rows()[i]).isFinite();
    }
  }
}
