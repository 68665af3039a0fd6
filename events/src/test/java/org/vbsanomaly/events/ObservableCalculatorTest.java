package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observables checked against values worked out by hand. */
class ObservableCalculatorTest {
  private static final double TOL = 1e-6;

  /** Builds particle arrays line by line: pdg, status, px, py, pz, and E from a given mass. */
  private static final class Particles {
    final List<double[]> rows = new ArrayList<>();

    Particles add(int pdg, int status, double px, double py, double pz, double mass) {
      double e = Math.sqrt(px * px + py * py + pz * pz + mass * mass);
      rows.add(new double[] {pdg, status, px, py, pz, e});
      return this;
    }

    Particles add(int pdg, int status, double px, double py, double pz) {
      return add(pdg, status, px, py, pz, 0);
    }

    double[] out = new double[Observable.COUNT];
    int mask;

    Particles compute() {
      int n = rows.size();
      int[] pdg = new int[n];
      int[] status = new int[n];
      double[] px = new double[n];
      double[] py = new double[n];
      double[] pz = new double[n];
      double[] e = new double[n];
      for (int i = 0; i < n; i++) {
        double[] r = rows.get(i);
        pdg[i] = (int) r[0];
        status[i] = (int) r[1];
        px[i] = r[2];
        py[i] = r[3];
        pz[i] = r[4];
        e[i] = r[5];
      }
      mask = ObservableCalculator.compute(n, pdg, status, px, py, pz, e, out);
      return this;
    }

    double get(Observable o) {
      return out[o.ordinal()];
    }

    boolean missing(Observable o) {
      return (mask & o.maskBit()) != 0;
    }
  }

  private static Particles standardJj() {
    return new Particles()
        .add(2, -1, 0, 0, 110.69288161)
        .add(-2, -1, 0, 0, -90.692881605)
        .add(21, 1, 40, 30, 100)
        .add(21, 1, -35, -20, -80);
  }

  @Test
  void standardJjEventMatchesItsHandValues() {
    Particles p = standardJj().compute();

    assertThat(p.get(Observable.PTJ1)).isCloseTo(50.0, within(1e-12));
    assertThat(p.get(Observable.PTJ2)).isCloseTo(Math.sqrt(35 * 35 + 20 * 20), within(1e-12));
    assertThat(p.get(Observable.ETAJ1)).isCloseTo(1.443635, within(TOL));
    assertThat(p.get(Observable.ETAJ2)).isCloseTo(-1.436707, within(TOL));
    assertThat(p.get(Observable.MJJ)).isCloseTo(200.078049, within(TOL));
    assertThat(p.get(Observable.DETAJJ)).isCloseTo(2.880343, within(TOL));
    assertThat(p.get(Observable.DPHIJJ)).isCloseTo(3.017238, within(TOL));
    // dphi as 2 pi minus the raw difference of the azimuths
    double raw = Math.atan2(30, 40) - Math.atan2(-20, -35);
    assertThat(p.get(Observable.DPHIJJ)).isCloseTo(2 * Math.PI - raw, within(1e-12));
  }

  @Test
  void etaIsAsinhOfPzOverPtAndAccurateAtBothEnds() {
    // eta of (40, 30, 100): pT 50, asinh(2) = ln(2 + sqrt 5)
    assertThat(ObservableCalculator.eta(100, 50))
        .isCloseTo(Math.log(2 + Math.sqrt(5)), within(1e-15));
    assertThat(ObservableCalculator.eta(-100, 50))
        .isCloseTo(-Math.log(2 + Math.sqrt(5)), within(1e-15));
    // small angle: asinh(x) = x - x^3/6 to double precision for x = 1e-8
    assertThat(ObservableCalculator.eta(1e-8, 1)).isCloseTo(1e-8, within(1e-22));
    // along the beam: asinh(x) = ln(2x) + 1/(4x^2) with 1/(4x^2) below double precision
    assertThat(ObservableCalculator.eta(1e6, 1e-3)).isCloseTo(Math.log(2e9), within(1e-12));
    assertThat(ObservableCalculator.eta(1e300, 1e-300)).isFinite();
  }

  @Test
  void particleAlongTheBeamGetsAFiniteEta() {
    Particles p =
        new Particles().add(21, 1, 0, 0, 300).add(21, 1, 0, 0, -200).add(21, 1, 0, 0, 0).compute();

    assertThat(p.out)
        .doesNotContain(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    assertThat(p.get(Observable.ETAJ1)).isEqualTo(ObservableCalculator.ETA_AT_ZERO_PT);
    assertThat(p.get(Observable.ETAJ2)).isEqualTo(-ObservableCalculator.ETA_AT_ZERO_PT);
    assertThat(ObservableCalculator.eta(0, 0)).isZero();
  }

  @Test
  void jetsAreTheTwoHardestQuarksOrGluonsInFinalState() {
    Particles p =
        new Particles()
            .add(1, 1, 10, 0, 0) // pT 10
            .add(21, 2, 500, 0, 0) // not final state
            .add(6, 1, 400, 0, 0, 172.76) // top is not a jet
            .add(22, 1, 300, 0, 0) // photon is not a jet
            .add(-5, 1, 0, 60, 0) // b-bar, pT 60
            .add(21, 1, 0, -30, 40) // gluon, pT 30
            .compute();

    assertThat(p.get(Observable.PTJ1)).isEqualTo(60.0);
    assertThat(p.get(Observable.PTJ2)).isEqualTo(30.0);
    // back to back in phi: dphi = pi; mjj of (0,60,0,60) + (0,-30,40,50): E 110, p (0,30,40)
    assertThat(p.get(Observable.DPHIJJ)).isCloseTo(Math.PI, within(1e-15));
    assertThat(p.get(Observable.MJJ)).isCloseTo(Math.sqrt(110 * 110 - 50 * 50), within(1e-12));
  }

  @Test
  void leptonsAreElectronsAndMuonsOfEitherChargeNotTaus() {
    Particles p =
        new Particles()
            .add(15, 1, 900, 0, 0, 1.777) // tau is not a lepton
            .add(-11, 1, 20, 0, 0) // e+, pT 20
            .add(13, 1, 0, 45, 60, 0.105658) // mu-, pT 45
            .add(11, 1, 5, 0, 0) // third lepton, softest
            .compute();

    assertThat(p.get(Observable.PTL1)).isEqualTo(45.0);
    assertThat(p.get(Observable.PTL2)).isEqualTo(20.0);
    assertThat(p.get(Observable.PTLL)).isCloseTo(Math.hypot(20, 45), within(1e-12));
    double e = 20 + Math.sqrt(45 * 45 + 60 * 60 + 0.105658 * 0.105658);
    double mll = Math.sqrt(e * e - (20 * 20 + 45 * 45 + 60 * 60));
    assertThat(p.get(Observable.MLL)).isCloseTo(mll, within(1e-9));
    assertThat(p.get(Observable.ETAL2)).isZero();
    assertThat(p.get(Observable.ETAL1))
        .isCloseTo(Math.log(60.0 / 45 + Math.hypot(60.0 / 45, 1)), within(1e-12));
  }

  @Test
  void metIsTheVectorSumOfFinalStateNeutrinos() {
    Particles p =
        new Particles()
            .add(12, 1, 10, 0, 5)
            .add(-14, 1, 0, 10, -5)
            .add(16, 1, -3, -4, 0)
            .add(12, 2, 1000, 0, 0) // not final state
            .add(11, 1, 50, 50, 0) // leptons do not count
            .compute();

    assertThat(p.get(Observable.MET)).isCloseTo(Math.hypot(7, 6), within(1e-12));
    assertThat(p.missing(Observable.MET)).isFalse();
  }

  @Test
  void oneLeptonLeavesThePairObservablesMissingWithZeros() {
    Particles p = standardJj().add(-13, 1, 25, 0, 0).compute();

    assertThat(p.missing(Observable.PTL1)).isFalse();
    assertThat(p.get(Observable.PTL1)).isEqualTo(25.0);
    int expected =
        Observable.MLL.maskBit()
            | Observable.PTLL.maskBit()
            | Observable.PTL2.maskBit()
            | Observable.ETAL2.maskBit();
    assertThat(p.mask).isEqualTo(expected);
    assertThat(p.get(Observable.MLL)).isZero();
    assertThat(p.get(Observable.PTLL)).isZero();
  }

  @Test
  void eventWithoutFinalStateHasEveryObservableMissing() {
    Particles p = new Particles().add(2, -1, 0, 0, 100).add(24, 2, 0, 0, 50, 80).compute();

    assertThat(p.mask).isEqualTo(ObservableCalculator.ALL_MISSING);
    assertThat(p.out).containsOnly(0.0);
  }

  @Test
  void overwritesEveryOutputSlotOfAReusedArray() {
    Particles p = standardJj().compute();
    p.out[Observable.MLL.ordinal()] = Double.NaN;

    p.compute();

    assertThat(p.get(Observable.MLL)).isZero();
  }

  @Test
  void refusesShortArrays() {
    assertThatThrownBy(
            () ->
                ObservableCalculator.compute(
                    2,
                    new int[2],
                    new int[2],
                    new double[2],
                    new double[1],
                    new double[2],
                    new double[2],
                    new double[14]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("py 1");
    assertThatThrownBy(
            () ->
                ObservableCalculator.compute(
                    0,
                    new int[0],
                    new int[0],
                    new double[0],
                    new double[0],
                    new double[0],
                    new double[0],
                    new double[13]))
        .hasMessageContaining("output array has 13 slots; expected at least 14");
  }

  @Test
  void observableEnumDescribesTheFeatureOrder() {
    assertThat(Observable.names())
        .containsExactly(
            "mjj", "mll", "ptj1", "ptj2", "ptl1", "ptl2", "ptll", "met", "etaj1", "etaj2", "etal1",
            "etal2", "detajj", "dphijj");
    assertThat(Observable.values()).hasSize(Observable.COUNT);
    assertThat(Observable.values()).filteredOn(Observable::logScaled).hasSize(8);
    assertThat(Observable.DPHIJJ.unit()).isEqualTo("rad");
    assertThat(Observable.ETAJ1.unit()).isEmpty();
    assertThat(Observable.MET.unit()).isEqualTo("GeV");
    assertThat(Observable.fromName("detajj")).isEqualTo(Observable.DETAJJ);
    assertThatThrownBy(() -> Observable.fromName("deta"))
        .hasMessage(
            "unknown observable 'deta'; expected one of mjj, mll, ptj1, ptj2, ptl1, ptl2, ptll,"
                + " met, etaj1, etaj2, etal1, etal2, detajj, dphijj");
  }
}
