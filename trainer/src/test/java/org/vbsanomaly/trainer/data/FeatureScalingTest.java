package org.vbsanomaly.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.schema.v1.FeatureSpec;

class FeatureScalingTest {
  private static final int N = Observable.COUNT;

  /** Three events; the third is not in the training split and must not move the constants. */
  private static double[] events() {
    double[] obs = new double[3 * N];
    for (int k = 0; k < N; k++) {
      obs[k] = 10;
      obs[N + k] = 1000;
      obs[2 * N + k] = 1e6;
    }
    obs[Observable.ETAJ1.ordinal()] = -2;
    obs[N + Observable.ETAJ1.ordinal()] = 3;
    return obs;
  }

  @Test
  void fitsLog10OfMomentaAndLinearAnglesOnTheTrainingRowsOnly() {
    FeatureScaling s = FeatureScaling.fit(events(), new boolean[] {true, true, false});

    // mjj: log10 10 = 1, log10 1000 = 3.
    assertThat(s.min(Observable.MJJ.ordinal())).isEqualTo(1.0);
    assertThat(s.max(Observable.MJJ.ordinal())).isEqualTo(3.0);
    assertThat(s.scale(Observable.MJJ.ordinal(), 100)).isCloseTo(0.5, within(1e-12));
    // etaj1 is not log-scaled: (0 - (-2)) / (3 - (-2)) = 0.4.
    assertThat(s.scale(Observable.ETAJ1.ordinal(), 0)).isCloseTo(0.4, within(1e-12));
    // an out-of-range event scales outside [0, 1], unclipped: (6 - 1) / 2 = 2.5.
    assertThat(s.scale(Observable.MJJ.ordinal(), 1e6)).isCloseTo(2.5, within(1e-12));
  }

  @Test
  void floorsNonPositiveMomentaBeforeTheLogarithm() {
    FeatureScaling s = FeatureScaling.fit(events(), new boolean[] {true, true, false});

    // log10(1e-6) = -6: (-6 - 1) / 2 = -3.5.
    assertThat(s.scale(Observable.MET.ordinal(), 0)).isCloseTo(-3.5, within(1e-12));
  }

  @Test
  void unscaleInvertsScale() {
    FeatureScaling s = FeatureScaling.fit(events(), new boolean[] {true, true, false});

    assertThat(s.unscale(Observable.PTJ1.ordinal(), s.scale(Observable.PTJ1.ordinal(), 237.5)))
        .isCloseTo(237.5, within(1e-9));
    assertThat(s.unscale(Observable.DPHIJJ.ordinal(), s.scale(Observable.DPHIJJ.ordinal(), 1.2)))
        .isCloseTo(1.2, within(1e-12));
  }

  @Test
  void featureSpecsCarryNamesUnitsFlagsAndConstants() {
    FeatureScaling s = FeatureScaling.fit(events(), new boolean[] {true, true, false});

    FeatureSpec mjj = s.featureSpecs().get(0);
    FeatureSpec dphi = s.featureSpecs().get(N - 1);

    assertThat(s.featureSpecs()).hasSize(N);
    assertThat(mjj.getName()).isEqualTo("mjj");
    assertThat(mjj.getUnit()).isEqualTo("GeV");
    assertThat(mjj.getLog10()).isTrue();
    assertThat(mjj.getMin()).isEqualTo(1.0);
    assertThat(dphi.getName()).isEqualTo("dphijj");
    assertThat(dphi.getLog10()).isFalse();
  }

  @Test
  void refusesAFeatureWithASingleValueNamingIt() {
    double[] obs = events();

    assertThatThrownBy(() -> FeatureScaling.fit(obs, new boolean[] {true, false, false}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature mjj takes the single value")
        .hasMessageContaining("1 training events");
  }
}
