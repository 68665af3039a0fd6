package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SelectionTest {

  /** Observables of an event with all objects present and the given jet quantities. */
  private static double[] event(double ptj1, double ptj2, double mjj, double detajj) {
    double[] obs = new double[Observable.COUNT];
    obs[Observable.PTJ1.ordinal()] = ptj1;
    obs[Observable.PTJ2.ordinal()] = ptj2;
    obs[Observable.MJJ.ordinal()] = mjj;
    obs[Observable.DETAJJ.ordinal()] = detajj;
    obs[Observable.PTL1.ordinal()] = 50;
    obs[Observable.PTL2.ordinal()] = 40;
    return obs;
  }

  @Test
  void paperSelectionCutsStrictlyAboveEachThreshold() {
    Selection paper = Selection.paper();

    assertThat(paper.passes(event(31, 31, 201, 2.1), 0)).isTrue();
    assertThat(paper.passes(event(31, 30, 201, 2.1), 0)).isFalse();
    assertThat(paper.passes(event(30, 31, 201, 2.1), 0)).isFalse();
    assertThat(paper.passes(event(31, 31, 200, 2.1), 0)).isFalse();
    assertThat(paper.passes(event(31, 31, 201, 2.0), 0)).isFalse();
  }

  @Test
  void paperSelectionNeedsTwoLeptons() {
    int noSecondLepton = Observable.PTL2.maskBit() | Observable.MLL.maskBit();

    assertThat(Selection.paper().passes(event(31, 31, 201, 2.1), noSecondLepton)).isFalse();
  }

  @Test
  void aCutOnAMissingObservableFailsEvenWithoutTheObjectRequirement() {
    Selection jetsOnly = new Selection(false, 30, 200, 2);

    assertThat(jetsOnly.passes(event(31, 31, 201, 2.1), Observable.PTL1.maskBit())).isTrue();
    assertThat(jetsOnly.passes(event(31, 0, 0, 0), Observable.MJJ.maskBit())).isFalse();
  }

  @Test
  void noneAcceptsEventsWithEverythingMissing() {
    assertThat(Selection.none().passes(new double[14], ObservableCalculator.ALL_MISSING)).isTrue();
    assertThat(Selection.none().acceptsAll()).isTrue();
  }

  @Test
  void describesItselfOnOneLine() {
    assertThat(Selection.paper().describe())
        .isEqualTo("2 jets, 2 leptons; ptj1 > 30 GeV, ptj2 > 30 GeV, mjj > 200 GeV, detajj > 2");
    assertThat(Selection.none().describe()).isEqualTo("none");
    assertThat(new Selection(false, Double.NEGATIVE_INFINITY, 500, 2.5).describe())
        .isEqualTo("mjj > 500 GeV, detajj > 2.5");
  }

  @Test
  void refusesNaNThresholds() {
    assertThatThrownBy(() -> new Selection(true, Double.NaN, 200, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ptjMin = NaN");
  }

  @Test
  void refusesNegativeThresholdsButNotTheSwitchedOffCut() {
    assertThatThrownBy(() -> new Selection(true, 30, -200, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mjjMin = -200.0")
        .hasMessageContaining("0 or more");
    assertThatThrownBy(() -> new Selection(true, 30, 200, -0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detajjMin = -0.5");
    assertThat(new Selection(true, 0, 0, Double.NEGATIVE_INFINITY).describe())
        .isEqualTo("2 jets, 2 leptons; ptj1 > 0 GeV, ptj2 > 0 GeV, mjj > 0 GeV");
  }
}
