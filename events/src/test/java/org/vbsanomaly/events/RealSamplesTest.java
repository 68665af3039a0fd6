package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real file of {@code shared/data} reads completely, without damage, with the event counts,
 * cross sections and weight signs that SOURCES.md and PROVENANCE.md state.
 */
class RealSamplesTest {

  /** Reads a whole file; returns its stats and counts negative and |weight| extremes. */
  private record Read(
      ReadStats stats,
      LheInit init,
      int weightNames,
      long negative,
      double minAbs,
      double maxAbs) {}

  private static Read readAll(Path file) throws IOException {
    try (LheReader reader = LheReader.open(file)) {
      LheEvent event = new LheEvent();
      double[] obs = new double[Observable.COUNT];
      long negative = 0;
      double minAbs = Double.POSITIVE_INFINITY;
      double maxAbs = 0;
      while (reader.next(event)) {
        negative += event.weight() < 0 ? 1 : 0;
        minAbs = Math.min(minAbs, Math.abs(event.weight()));
        maxAbs = Math.max(maxAbs, Math.abs(event.weight()));
        ObservableCalculator.compute(event, obs);
        for (double v : obs) {
          assertThat(v).as("observable of event %d", event.ordinal()).isFinite();
        }
      }
      return new Read(
          reader.stats(), reader.init(), reader.weightNames().size(), negative, minAbs, maxAbs);
    }
  }

  @ParameterizedTest(name = "{0}: {1} events")
  @CsvSource({
    "pylhe-testfile-madgraph5-3.5.8-pp_to_jj.lhe.gz, 1000, 145",
    "pylhe-testfile-madgraph-2.2.1-Z-fxfx.lhe.gz, 10000, 0",
    "pylhe-testfile-powheg-box-v2-W.lhe, 100, 1",
    "pylhe-testfile-sherpa-3.0.1-eejjj.lhe, 100, 0",
    "pylhe-testfile-pythia-8.3.14-weakbosons.lhe, 100, 0",
    "pythia8-example-w_production_tree_2.lhe, 200, 0",
    "madgraph-2.9-smeft-zz-llvv.lhe.gz, 10000, 19",
  })
  void publicSampleReadsCompletely(String name, long events, int namedWeights) throws IOException {
    Read r = readAll(SharedData.sample("lhe-samples", name));

    assertThat(r.stats().eventsRead()).isEqualTo(events);
    assertThat(r.stats().eventsDamaged()).isZero();
    assertThat(r.stats().firstDamageMessages()).isEmpty();
    assertThat(r.weightNames()).isEqualTo(namedWeights);
  }

  @ParameterizedTest(name = "{0}: weight names")
  @CsvSource({
    "pylhe-testfile-madgraph5-3.5.8-pp_to_jj.lhe.gz, 145, 1, 145",
    "pylhe-testfile-powheg-box-v2-W.lhe, 1, ct10, ct10",
    "madgraph-2.9-smeft-zz-llvv.lhe.gz, 19, SM, cqq31_m1",
  })
  void namedWeightsAreDeclaredInFileOrder(String name, int count, String first, String last)
      throws IOException {
    try (LheReader reader = LheReader.open(SharedData.sample("lhe-samples", name))) {
      LheEvent event = new LheEvent();
      reader.next(event);

      assertThat(reader.weightNames()).hasSize(count);
      assertThat(reader.weightNames().get(0)).isEqualTo(first);
      assertThat(reader.weightNames().get(count - 1)).isEqualTo(last);
      for (int k = 0; k < count; k++) {
        assertThat(event.weight(k)).as("weight %d", k).isFinite();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, events, negative-weight events, |XWGTUP| (pb), cross section (pb, 0 = see file)
    "ssww_sm.lhe.gz, 8740, 0, 5.9314e-03, 5.9310e-03",
    "ssww_sm_500.lhe.gz, 500, 0, 5.7901e-03, 5.7900e-03",
    "ssww_cW_lin.lhe.gz, 10000, 4342, 1.8815e-03, 2.3600e-04",
    "ssww_cW_quad.lhe.gz, 10000, 0, 2.9901e-03, 2.9900e-03",
    "ssww_cHq1_lin.lhe.gz, 2000, 703, 3.1201e-04, 8.9160e-05",
    "ssww_cHq1_quad.lhe.gz, 1000, 0, 9.1696e-05, 0",
    "ssww_cHW_lin.lhe.gz, 1000, 286, 2.1282e-04, 0",
    "ssww_cHW_quad.lhe.gz, 1000, 0, 2.6262e-05, 2.6260e-05",
    "ssww_cqq1_lin.lhe.gz, 1000, 734, 1.9528e-03, -9.4900e-04",
    "ssww_cqq1_quad.lhe.gz, 360, 0, 1.4092e-02, 1.4090e-02",
  })
  void ssWwSampleMatchesItsProvenance(
      String name, long events, long negative, double absWeight, double crossSection)
      throws IOException {
    Read r = readAll(SharedData.sample("ssww", name));

    assertThat(r.stats().eventsRead()).isEqualTo(events);
    assertThat(r.stats().eventsDamaged()).isZero();
    assertThat(r.negative()).isEqualTo(negative);
    assertThat(r.minAbs()).isCloseTo(absWeight, within(absWeight * 1e-4));
    assertThat(r.maxAbs()).isCloseTo(absWeight, within(absWeight * 1e-4));
    assertThat(r.init().weightStrategy()).isEqualTo(-4);
    assertThat(r.init().beamEnergy1()).isEqualTo(6500.0);
    assertThat(r.init().pdfSet1()).isEqualTo(247000);
    assertThat(r.init().version()).isEqualTo("3.0");
    if (crossSection != 0) {
      assertThat(r.init().crossSectionPb())
          .isCloseTo(crossSection, within(Math.abs(crossSection) * 1e-3));
    }
  }
}
