package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 14 hand-written files of {@code shared/cases}, each with the outcome EXPECTED.md states. */
class LheCasesTest {
  private static final double TOL = 1e-6;

  /** Everything read from one file: the events' key values, damage, and a final error if any. */
  private record Outcome(
      List<Double> weights,
      List<Integer> sizes,
      List<double[]> observables,
      List<Integer> masks,
      List<List<Double>> extraWeights,
      List<String> weightNames,
      List<LheFormatException> damage,
      ReadStats stats,
      LheInit init,
      LheFormatException error) {}

  private static Outcome read(String caseName) throws IOException {
    Path file = SharedData.caseFile(caseName);
    List<Double> weights = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<double[]> observables = new ArrayList<>();
    List<Integer> masks = new ArrayList<>();
    List<List<Double>> extra = new ArrayList<>();
    List<LheFormatException> damage = new ArrayList<>();
    LheFormatException error = null;
    try (LheReader reader = LheReader.open(file, damage::add)) {
      LheEvent event = new LheEvent();
      try {
        while (reader.next(event)) {
          weights.add(event.weight());
          sizes.add(event.size());
          double[] obs = new double[Observable.COUNT];
          masks.add(ObservableCalculator.compute(event, obs));
          observables.add(obs);
          List<Double> w = new ArrayList<>();
          for (int k = 0; k < event.weightCount(); k++) {
            w.add(event.weight(k));
          }
          extra.add(w);
        }
      } catch (LheFormatException e) {
        error = e;
      }
      return new Outcome(
          weights,
          sizes,
          observables,
          masks,
          extra,
          reader.weightNames(),
          damage,
          reader.stats(),
          reader.init(),
          error);
    }
  }

  private static double obs(Outcome o, int event, Observable which) {
    return o.observables().get(event)[which.ordinal()];
  }

  private static boolean missing(Outcome o, int event, Observable which) {
    return (o.masks().get(event) & which.maskBit()) != 0;
  }

  @Test
  void hashLinesAfterParticlesAreNotParticles() throws IOException {
    Outcome o = read("01-hash-lines-in-event.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.damage()).isEmpty();
    assertThat(o.weights()).containsExactly(1.0, 2.0);
    assertThat(o.sizes()).containsExactly(4, 4);
  }

  @Test
  void textAfterTheRootCloseIsIgnored() throws IOException {
    Outcome o = read("02-text-after-root-close.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.damage()).isEmpty();
    assertThat(o.weights()).hasSize(2);
  }

  @Test
  void fortranNumberFormatsParse() throws IOException {
    Outcome o = read("05-fortran-number-formats.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.damage()).isEmpty();
    assertThat(o.weights()).containsExactly(1.0);
    assertThat(o.init().crossSectionPb()).isEqualTo(1.0);
    assertThat(o.init().crossSectionErrorPb()).isEqualTo(0.01);
    // e- (30, 40, 60) and e+ (-30, -40, -20): E = 78.102497 + 53.851648, p = (0, 0, 40)
    double sumE = Math.sqrt(30 * 30 + 40 * 40 + 60 * 60) + Math.sqrt(30 * 30 + 40 * 40 + 20 * 20);
    assertThat(obs(o, 0, Observable.MLL)).isCloseTo(Math.sqrt(sumE * sumE - 40 * 40), within(1e-6));
    assertThat(obs(o, 0, Observable.MLL)).isCloseTo(125.745363, within(TOL));
    assertThat(obs(o, 0, Observable.PTL1)).isCloseTo(50.0, within(1e-12));
    assertThat(obs(o, 0, Observable.PTL2)).isCloseTo(50.0, within(1e-12));
    assertThat(obs(o, 0, Observable.MET)).isZero();
    assertThat(missing(o, 0, Observable.MET)).isFalse();
  }

  @Test
  void weightDeclaredOutsideAWeightGroupKeepsFileOrder() throws IOException {
    Outcome o = read("06-weight-outside-weightgroup.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.weightNames()).containsExactly("nominal", "muR2", "bsm42");
    assertThat(o.extraWeights().get(0)).containsExactly(1.0, 0.85, 3.25);
  }

  @Test
  void singleQuotedNamedWeightsAndAnEmptyDeclarationRead() throws IOException {
    Outcome o = read("08-named-ids-single-quotes.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.weightNames()).containsExactly("SM", "cW_m1");
    assertThat(o.extraWeights().get(0)).containsExactly(0.23886485, 0.241);
  }

  @Test
  void truncationMidEventDeliversTheCompleteEventThenFailsNamingTheCutEvent() throws IOException {
    Outcome o = read("10-truncated-mid-event.lhe");

    assertThat(o.weights()).containsExactly(1.0);
    assertThat(o.error()).isNotNull();
    assertThat(o.error().line()).isEqualTo(16);
    assertThat(o.error().getMessage()).contains("10-truncated-mid-event.lhe:16:", "truncated");
    assertThat(o.stats().eventsRead()).isEqualTo(1);
    assertThat(o.stats().sumOfWeights()).isEqualTo(1.0);
  }

  @Test
  void fewerParticleLinesThanDeclaredIsReportedAtTheEventLine() throws IOException {
    Outcome o = read("11-nup-mismatch.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.weights()).isEmpty();
    assertThat(o.damage()).hasSize(1);
    LheFormatException d = o.damage().get(0);
    assertThat(d.line()).isEqualTo(10);
    assertThat(d.problem()).contains("declares 5 particles", "3 particle lines");
    assertThat(o.stats().eventsDamaged()).isEqualTo(1);
    assertThat(o.stats().firstDamageMessages()).containsExactly(d.getMessage());
  }

  @Test
  void nanWeightAndNanMomentumRejectTheirEventsOnly() throws IOException {
    Outcome o = read("14-nan-weight-and-momentum.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.weights()).containsExactly(1.0);
    assertThat(o.damage()).extracting(LheFormatException::line).containsExactly(17L, 27L);
    assertThat(o.damage().get(0).problem()).contains("XWGTUP", "NaN");
    assertThat(o.damage().get(1).problem()).contains("PX", "NaN");
    assertThat(o.stats().sumOfWeights()).isEqualTo(1.0);
  }

  @Test
  void collinearJetsGiveZeroMassNotNaN() throws IOException {
    Outcome o = read("16-collinear-jets-negative-m2.lhe");

    assertThat(obs(o, 0, Observable.MJJ)).isZero();
    assertThat(obs(o, 0, Observable.DETAJJ)).isCloseTo(0.0, within(1e-9));
    assertThat(obs(o, 0, Observable.DPHIJJ)).isCloseTo(0.0, within(1e-9));
    assertThat(obs(o, 0, Observable.PTJ1)).isCloseTo(395.254580, within(TOL));
    assertThat(obs(o, 0, Observable.PTJ2)).isCloseTo(158.101832, within(TOL));
    assertThat(o.observables().get(0)).doesNotContain(Double.NaN);
  }

  @Test
  void deltaPhiAcrossThePiBoundaryIsFolded() throws IOException {
    Outcome o = read("17-dphi-wraparound.lhe");

    // phi1 = atan2(4, -100), phi2 = atan2(-3, -80): raw difference 6.2057, folded 2 pi - 6.2057
    double raw = Math.abs(Math.atan2(4, -100) - Math.atan2(-3, -80));
    assertThat(obs(o, 0, Observable.DPHIJJ)).isCloseTo(2 * Math.PI - raw, within(1e-12));
    assertThat(obs(o, 0, Observable.DPHIJJ)).isCloseTo(0.077461, within(TOL));
    assertThat(obs(o, 0, Observable.MJJ)).isCloseTo(89.710924, within(TOL));
    assertThat(obs(o, 0, Observable.DETAJJ)).isCloseTo(0.961752, within(TOL));
  }

  @Test
  void negativeWeightsAreKeptInTheSums() throws IOException {
    Outcome o = read("18-negative-weights.lhe");

    assertThat(o.weights()).containsExactly(1.5, -0.5, 2.0);
    assertThat(o.stats().sumOfWeights()).isEqualTo(3.0);
    assertThat(o.stats().sumOfSquaredWeights()).isEqualTo(6.5);
  }

  @Test
  void truncatedGzipFailsNamingTheFileAfterAtMost27Events() {
    Outcome o =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read("20-truncated-gzip.lhe.gz"));

    assertThat(o.error()).isNotNull();
    assertThat(o.error().getMessage()).contains("20-truncated-gzip.lhe.gz", "truncated");
    assertThat(o.error().problem()).contains("compressed stream");
    assertThat(o.weights()).hasSizeLessThanOrEqualTo(27);
    assertThat(o.weights()).hasSizeGreaterThan(0);
    assertThat(o.damage()).isEmpty();
  }

  @Test
  void emptyEventsAreReadOrReportedAndTheNextEventStillReads() throws IOException {
    Outcome o = read("21-empty-events.lhe");

    assertThat(o.error()).isNull();
    assertThat(o.sizes()).containsExactly(0, 4);
    assertThat(o.masks().get(0)).isEqualTo(ObservableCalculator.ALL_MISSING);
    assertThat(o.observables().get(0)).containsOnly(0.0);
    assertThat(Selection.paper().passes(o.observables().get(0), o.masks().get(0))).isFalse();
    assertThat(o.damage()).extracting(LheFormatException::line).containsExactly(12L);
    assertThat(o.damage().get(0).problem()).contains("empty <event> block");
    assertThat(obs(o, 1, Observable.MJJ)).isCloseTo(200.078049, within(TOL));
  }

  @Test
  void oneJetNoLeptonsLeavesPairObservablesMissing() throws IOException {
    Outcome o = read("25-fewer-than-two-jets.lhe");

    assertThat(o.weights()).hasSize(1);
    assertThat(obs(o, 0, Observable.PTJ1)).isCloseTo(30.0, within(1e-12));
    assertThat(obs(o, 0, Observable.ETAJ1)).isCloseTo(-0.327450, within(TOL));
    for (Observable m :
        List.of(Observable.MJJ, Observable.DETAJJ, Observable.DPHIJJ, Observable.MLL)) {
      assertThat(missing(o, 0, m)).as(m.featureName()).isTrue();
      assertThat(obs(o, 0, m)).isZero();
    }
    assertThat(missing(o, 0, Observable.PTJ1)).isFalse();
    assertThat(missing(o, 0, Observable.MET)).isFalse();
    assertThat(obs(o, 0, Observable.MET)).isZero();
    assertThat(Selection.paper().passes(o.observables().get(0), o.masks().get(0))).isFalse();
  }

  @Test
  void everyCaseFileIsCovered() throws IOException {
    try (var files = java.nio.file.Files.list(SharedData.dir().resolve("cases"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".lhe")))
          .containsExactlyInAnyOrder(
              "01-hash-lines-in-event.lhe",
              "02-text-after-root-close.lhe",
              "05-fortran-number-formats.lhe",
              "06-weight-outside-weightgroup.lhe",
              "08-named-ids-single-quotes.lhe",
              "10-truncated-mid-event.lhe",
              "11-nup-mismatch.lhe",
              "14-nan-weight-and-momentum.lhe",
              "16-collinear-jets-negative-m2.lhe",
              "17-dphi-wraparound.lhe",
              "18-negative-weights.lhe",
              "20-truncated-gzip.lhe.gz",
              "21-empty-events.lhe",
              "25-fewer-than-two-jets.lhe");
    }
  }
}
