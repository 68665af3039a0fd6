package org.vbsanomaly.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LheReadBenchmarkTest {

  /** The shipped sample, from the perf module's folder (the tests' working directory). */
  private static final String SHIPPED = "../data/sample/ssww_cW_lin_test.lhe.gz";

  @Test
  void aPathToAnExistingFileIsTakenAsItIs() {
    assertThat(LheReadBenchmark.dataFile(SHIPPED)).isEqualTo(Path.of(SHIPPED));
  }

  @Test
  void aMissingInputNamesItselfAndTheShippedAlternative() {
    assertThatThrownBy(() -> LheReadBenchmark.dataFile("ssww/no-such-file.lhe.gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssww/no-such-file.lhe.gz")
        .hasMessageContaining("-Dvbs.shared.dir")
        .hasMessageContaining("data/sample/ssww_cW_lin_test.lhe.gz");
  }

  @Test
  void everyBenchmarkReadsTheWholeShippedSample() throws Exception {
    LheReadBenchmark bench = new LheReadBenchmark();
    bench.file = SHIPPED;
    bench.load();
    byte[] gz = Files.readAllBytes(Path.of(SHIPPED));
    long events = LheReadBenchmark.countEvents(gz);

    assertThat(events).isGreaterThan(1000);
    assertThat(bench.gunzip()).isEqualTo(LheReadBenchmark.gunzipAll(gz).length);
    assertThat(bench.readEvents()).isFinite().isNotZero();
    assertThat(bench.readEventsAndObservables()).isEqualTo(bench.parseUncompressed()).isFinite();
  }
}
