package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.events.SampleReader;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeedHeader;
import picocli.CommandLine;

class FeaturesCommandTest {
  @TempDir Path dir;

  /** A valid LHE file that holds no event: the header and init block, then the closing tag. */
  static final String HEADER_AND_INIT_ONLY =
      "<LesHouchesEvents version=\"3.0\">\n"
          + "<header>\n"
          + "</header>\n"
          + "<init>\n"
          + " 2212 2212 6.5000000e+03 6.5000000e+03 0 0 303600 303600 -4 1\n"
          + " 1.0000000e+00 1.0000000e-02 1.0000000e+00 1\n"
          + "</init>\n"
          + "</LesHouchesEvents>\n";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static Path shared(String... parts) {
    Path p = Path.of(System.getProperty("vbs.shared.dir", "../../shared"), parts);
    assumeTrue(Files.exists(p), "shared data not found: " + p);
    return p;
  }

  private static List<String[]> rows(Path csv) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  @Test
  void writesEveryEventWithWeightsNormalisedToTheCrossSection() throws IOException {
    Path csv = dir.resolve("t.csv");

    int status =
        run(
            "features",
            shared("cases", "18-negative-weights.lhe").toString(),
            "--no-selection",
            "-o",
            csv.toString());

    assertThat(status).as(err.toString()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("id,weight_pb," + String.join(",", Observable.names()));
    List<String[]> rows = rows(csv);
    assertThat(rows).hasSize(3);
    // sigma 1 pb, XWGTUP 1.5, -0.5, 2.0: weight_pb = XWGTUP / 3
    assertThat(rows).extracting(r -> r[0]).containsExactly("0", "1", "2");
    assertThat(Double.parseDouble(rows.get(0)[1])).isCloseTo(0.5, within(1e-15));
    assertThat(Double.parseDouble(rows.get(1)[1])).isCloseTo(-0.5 / 3, within(1e-15));
    assertThat(Double.parseDouble(rows.get(2)[1])).isCloseTo(2.0 / 3, within(1e-15));
    // gluon jets only: the lepton cells are empty, the jet cells hold the standard event
    assertThat(Double.parseDouble(rows.get(0)[2 + Observable.MJJ.ordinal()]))
        .isCloseTo(200.078049, within(1e-6));
    assertThat(rows.get(0)[2 + Observable.MLL.ordinal()]).isEmpty();
    assertThat(rows.get(0)[2 + Observable.PTL1.ordinal()]).isEmpty();
    assertThat(out.toString())
        .contains("events read          3", "damaged              0", "passing selection    3")
        .contains("cross section        1.00000e+00 +- 1.000e-02 pb (IDWTUP -4, 1 process)")
        .contains("sum of weights       3.000000e+00", "selection: none", "wrote 3 rows");
  }

  @Test
  void paperSelectionRowsMatchTheSampleReader() throws IOException {
    Path file = shared("data", "ssww", "ssww_sm_500.lhe.gz");
    Path csv = dir.resolve("sm.csv");

    int status = run("features", file.toString(), "--out", csv.toString());

    assertThat(status).as(err.toString()).isZero();
    Sample sample = new SampleReader(Selection.paper()).read(file);
    List<String[]> rows = rows(csv);
    assertThat(rows).hasSize(sample.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(Long.parseLong(rows.get(i)[0])).isEqualTo(sample.id(i));
      assertThat(Double.parseDouble(rows.get(i)[1])).isEqualTo(sample.weightPb(i));
      for (Observable o : Observable.values()) {
        assertThat(Double.parseDouble(rows.get(i)[2 + o.ordinal()]))
            .isEqualTo(sample.observable(i, o));
      }
    }
    assertThat(out.toString())
        .contains("passing selection    " + sample.size())
        .contains(
            "selection: 2 jets, 2 leptons; ptj1 > 30 GeV, ptj2 > 30 GeV, mjj > 200 GeV,"
                + " detajj > 2");
  }

  @Test
  void protobufFeedCarriesTheSameRows() throws IOException {
    Path file = shared("data", "ssww", "ssww_sm_500.lhe.gz");
    Path csv = dir.resolve("sm.csv");
    Path pb = dir.resolve("sm.pb");
    run("features", file.toString(), "--mjj-min", "500", "-o", csv.toString());

    int status = run("features", file.toString(), "--mjj-min", "500", "-o", pb.toString());

    assertThat(status).isZero();
    List<String[]> rows = rows(csv);
    try (InputStream in = Files.newInputStream(pb)) {
      FeedHeader header = FeedHeader.parseDelimitedFrom(in);
      assertThat(header.getFormatVersion()).isEqualTo(1);
      assertThat(header.getFeatureNamesList()).isEqualTo(Observable.names());
      assertThat(header.getSource()).contains("ssww_sm_500.lhe.gz");
      for (String[] row : rows) {
        Event e = Event.parseDelimitedFrom(in);
        assertThat(e.getId()).isEqualTo(Long.parseLong(row[0]));
        assertThat(e.getWeightPb()).isEqualTo(Double.parseDouble(row[1]));
        assertThat(e.getFeatures().getValues(Observable.MJJ.ordinal()))
            .isEqualTo((float) Double.parseDouble(row[2]))
            .isGreaterThan(500f);
        assertThat(e.getFeatures().getMissingMask()).isZero();
      }
      assertThat(Event.parseDelimitedFrom(in)).isNull();
    }
  }

  @Test
  void damagedEventsAreListedAndTheStatusSaysSo() throws IOException {
    Path csv = dir.resolve("d.csv");

    int status =
        run(
            "features",
            shared("cases", "14-nan-weight-and-momentum.lhe").toString(),
            "--no-selection",
            "-o",
            csv.toString());

    assertThat(status).isEqualTo(FeaturesCommand.DAMAGED_INPUT);
    assertThat(rows(csv)).hasSize(1);
    assertThat(out.toString())
        .contains("damaged              2")
        .contains("14-nan-weight-and-momentum.lhe:17: XWGTUP (the event weight) is NaN")
        .contains("14-nan-weight-and-momentum.lhe:27: particle 3 of 4: PX is NaN");
  }

  @Test
  void truncatedFileKeepsItsCompleteEventsAndFails() throws IOException {
    Path csv = dir.resolve("t.csv");

    int status =
        run(
            "features",
            shared("cases", "20-truncated-gzip.lhe.gz").toString(),
            "--no-selection",
            "-o",
            csv.toString());

    assertThat(status).isEqualTo(FeaturesCommand.DAMAGED_INPUT);
    assertThat(rows(csv)).hasSize(27);
    assertThat(out.toString()).contains("error", "compressed stream is truncated");
  }

  @Test
  void idsRunOnAcrossFilesAndEachFileKeepsItsOwnNormalisation() throws IOException {
    Path csv = dir.resolve("two.csv");

    int status =
        run(
            "features",
            shared("cases", "18-negative-weights.lhe").toString(),
            shared("cases", "01-hash-lines-in-event.lhe").toString(),
            "--no-selection",
            "-o",
            csv.toString());

    assertThat(status).isZero();
    List<String[]> rows = rows(csv);
    assertThat(rows).extracting(r -> r[0]).containsExactly("0", "1", "2", "3", "4");
    // second file: sigma 1 pb, XWGTUP 1 and 2
    assertThat(Double.parseDouble(rows.get(3)[1])).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(Double.parseDouble(rows.get(4)[1])).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(out.toString()).contains("ids                  3 to 4", "total: 5 events read");
  }

  @Test
  void eventsWithoutLeptonsFailThePaperSelection() {
    int status = run("features", shared("cases", "01-hash-lines-in-event.lhe").toString());

    assertThat(status).isZero();
    assertThat(out.toString()).contains("passing selection    0").doesNotContain("wrote");
  }

  @Test
  void conflictingOptionsAreRefusedBeforeReading() {
    int status =
        run(
            "features",
            shared("cases", "18-negative-weights.lhe").toString(),
            "--no-selection",
            "--mjj-min",
            "100");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--no-selection conflicts with");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void missingFileIsAUserError() {
    int status = run("features", dir.resolve("absent.lhe").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("no such file", "absent.lhe");
  }

  @Test
  void aFileThatIsNotLheStopsTheCommandBeforeAnyRowIsWritten() throws IOException {
    Path notLhe = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    Path csv = dir.resolve("t.csv");

    int status =
        run(
            "features",
            shared("cases", "18-negative-weights.lhe").toString(),
            notLhe.toString(),
            "-o",
            csv.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("notes.txt:1: not a Les Houches event file");
    assertThat(csv).doesNotExist();
  }

  @Test
  void aFileWithoutEventsIsAWarningNamingTheFile() throws IOException {
    Path empty = Files.writeString(dir.resolve("no-events.lhe"), HEADER_AND_INIT_ONLY);
    Path csv = dir.resolve("t.csv");

    int status = run("features", empty.toString(), "--no-selection", "-o", csv.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString()).contains("warning: " + empty + ": no events").contains("no <event>");
    assertThat(Files.readAllLines(csv)).hasSize(1); // the header only
  }

  @Test
  void negativeCutIsAParameterErrorNamingTheOptionAndTheValue() {
    int status = run("features", dir.resolve("absent.lhe").toString(), "--ptj-min", "-5");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--ptj-min'", "'-5' is negative")
        .doesNotContain("no such file"); // refused while parsing, before any file is looked at
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void negativeDetaCutIsRefusedAndZeroIsAccepted() {
    Path file = shared("cases", "18-negative-weights.lhe");

    int refused = run("features", file.toString(), "--detajj-min=-0.5");
    String refusal = err.toString();
    int zero = run("features", file.toString(), "--detajj-min", "0", "--mjj-min", "0");

    assertThat(refused).isEqualTo(2);
    assertThat(refusal).contains("'--detajj-min'", "'-0.5' is negative");
    assertThat(zero).as(err.toString()).isZero();
    assertThat(out.toString()).contains("mjj > 0 GeV, detajj > 0");
  }

  @Test
  void negativeMaxMessagesIsAParameterErrorNamingTheOptionAndTheValue() {
    int status =
        run(
            "features",
            shared("cases", "18-negative-weights.lhe").toString(),
            "--max-messages",
            "-1");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--max-messages'", "'-1' is negative");
    // refused while parsing: no summary, so no "... 1 more" on an intact file
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void zeroMaxMessagesShowsNoMessageButCountsTheDamage() {
    int status =
        run(
            "features",
            shared("cases", "14-nan-weight-and-momentum.lhe").toString(),
            "--no-selection",
            "--max-messages",
            "0");

    assertThat(status).isEqualTo(FeaturesCommand.DAMAGED_INPUT);
    assertThat(out.toString())
        .contains("damaged              2\n    ... 2 more\n")
        .doesNotContain("XWGTUP (the event weight) is NaN");
  }

  @Test
  void aFullStandardOutputIsAnUnwritableOutput() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "no /dev/full on this system");

    Launch.Result r =
        Launch.withStdoutTo(
            full,
            "features",
            shared("data", "ssww", "ssww_sm_500.lhe.gz").toAbsolutePath().toString(),
            "-o",
            "-");

    assertThat(r.status()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .containsPattern("error: cannot write the table to standard output: \\S")
        .doesNotContain("wrote");
  }

  @Test
  void tableOnStandardOutputIsTheTableOfAFile() throws Exception {
    Path file = shared("data", "ssww", "ssww_sm_500.lhe.gz").toAbsolutePath();
    Path csv = dir.resolve("t.csv");
    Path stdout = dir.resolve("stdout.csv");
    assertThat(run("features", file.toString(), "-o", csv.toString())).isZero();

    Launch.Result r = Launch.withStdoutTo(stdout, "features", file.toString(), "-o", "-");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.err()).contains("wrote 419 rows to standard output");
    assertThat(Files.readAllLines(stdout)).hasSize(420).isEqualTo(Files.readAllLines(csv));
  }

  @Test
  void unknownTableFormatIsAUserError() {
    int status =
        run(
            "features",
            shared("cases", "18-negative-weights.lhe").toString(),
            "-o",
            dir.resolve("t.xlsx").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("t.xlsx", ".csv", ".pb");
  }
}
