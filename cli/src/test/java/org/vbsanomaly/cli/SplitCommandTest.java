package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.trainer.data.EventSplit;
import picocli.CommandLine;

class SplitCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesExactlyTheTestEventsVerbatimWithTheirInitBlock() throws Exception {
    Path sm = shared("ssww_sm_500.lhe.gz");
    assumeTrue(sm != null, "shared SSWW data not found");
    Path test = dir.resolve("test.lhe.gz");
    Path train = dir.resolve("train.lhe");

    int s1 = run("split", "--seed", "7", sm.toString(), "-o", test.toString());
    int s2 = run("split", "--seed", "7", "--part", "train", sm.toString(), "-o", train.toString());

    assertThat(s1).as(err.toString()).isZero();
    assertThat(s2).as(err.toString()).isZero();
    EventSplit split = new EventSplit(7, 0.2);
    List<double[]> all = observables(sm);
    List<double[]> testRows = observables(test);
    List<double[]> trainRows = observables(train);
    assertThat(testRows.size() + trainRows.size()).isEqualTo(all.size());
    assertThat(testRows).allMatch(split::isTest).isNotEmpty();
    assertThat(trainRows).noneMatch(split::isTest);
    long expectedTest = all.stream().filter(split::isTest).count();
    assertThat(testRows).hasSize((int) expectedTest);
    try (LheReader original = LheReader.open(sm);
        LheReader subset = LheReader.open(test)) {
      assertThat(subset.init()).isEqualTo(original.init());
    }
    assertThat(out.toString()).contains(expectedTest + " of 500 events in the test split");
  }

  @Test
  void refusesAnUnknownPart() {
    Path sm = shared("ssww_sm_500.lhe.gz");
    assumeTrue(sm != null, "shared SSWW data not found");

    int status = run("split", "--seed", "7", "--part", "validation", sm.toString(), "-o", "x.lhe");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--part must be 'test' or 'train', got 'validation'");
  }

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static List<double[]> observables(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    LheEvent event = new LheEvent();
    try (LheReader reader = LheReader.open(file)) {
      while (reader.next(event)) {
        double[] obs = new double[Observable.COUNT];
        ObservableCalculator.compute(event, obs);
        rows.add(obs);
      }
      assertThat(reader.stats().eventsDamaged()).isZero();
    }
    return rows;
  }

  private static Path shared(String name) {
    Path p = Path.of(System.getProperty("vbs.shared.dir", "../../shared"), "data", "ssww", name);
    return Files.isRegularFile(p) ? p : null;
  }
}
