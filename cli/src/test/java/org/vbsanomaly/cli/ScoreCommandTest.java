package org.vbsanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.OnnxModelWriter;
import org.vbsanomaly.inference.model.RandomModels;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeatureRow;
import org.vbsanomaly.schema.v1.FeedHeader;
import org.vbsanomaly.schema.v1.Score;
import org.vbsanomaly.schema.v1.ScoreHeader;
import org.vbsanomaly.schema.v1.ScoreStatus;
import picocli.CommandLine;

class ScoreCommandTest {

  private static final int F = Observable.COUNT;

  /** The random VAE+NN's stored cut at 1% SM efficiency, on its classifier score. */
  private static final double CUT = 0.05;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void lheFileGivesTheRowsOfTheSynchronousScorerOnTheSelectedEvents() throws Exception {
    Path lhe = shared("data", "ssww", "ssww_sm_500.lhe.gz");
    Path model = vaeWithClassifier();
    Path csv = dir.resolve("scores.csv");
    Sample sample = new SampleReader(Selection.paper()).read(lhe);
    Expected expected = scoreSynchronously(model, flatten(sample.featuresAsFloat()), sample.size());

    int status = run("score", "-m", model.toString(), lhe.toString(), "-o", csv.toString());

    assertThat(status).as(err.toString()).isZero();
    List<String[]> rows = rows(csv);
    assertThat(Files.readAllLines(csv).get(0)).isEqualTo("id,mse,kld,score,flag");
    assertThat(rows).hasSize(sample.size());
    for (int i = 0; i < sample.size(); i++) {
      String[] row = rows.get(i);
      assertThat(Long.parseLong(row[0])).isEqualTo(sample.id(i));
      assertThat(Float.parseFloat(row[1])).as("mse of event %s", row[0]).isEqualTo(expected.mse[i]);
      assertThat(Float.parseFloat(row[2])).isEqualTo(expected.kld[i]);
      assertThat(Float.parseFloat(row[3])).isEqualTo(expected.score[i]);
      assertThat(row[4]).isEqualTo(expected.score[i] > CUT ? "1" : "0");
    }
  }

  @Test
  void summaryAccountsForEveryEventOfTheFile() throws Exception {
    Path lhe = shared("data", "ssww", "ssww_sm_500.lhe.gz");
    Sample sample = new SampleReader(Selection.paper()).read(lhe);
    long rejected = sample.eventsRead() - sample.size();

    int status = run("score", "-m", vaeWithClassifier().toString(), lhe.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "events in    500\n",
            "rejected     " + rejected + " (by the selection)\n",
            "scored       " + sample.size() + "\n",
            "errors       0\n",
            "ids 0 to 499",
            "score > 0.05 (the model's cut at 1% SM efficiency)",
            "latency      p50 ",
            "p99.9 ",
            "status       ok");
  }

  @Test
  void secondFileIdsContinueAfterTheFirstFilesEvents() throws Exception {
    Path lhe = shared("data", "ssww", "ssww_sm_500.lhe.gz");
    Path csv = dir.resolve("scores.csv");
    Sample sample = new SampleReader(Selection.paper()).read(lhe);

    int status =
        run(
            "score",
            "-m",
            vaeWithClassifier().toString(),
            lhe.toString(),
            lhe.toString(),
            "-o",
            csv.toString());

    assertThat(status).as(err.toString()).isZero();
    List<String[]> rows = rows(csv);
    assertThat(rows).hasSize(2 * sample.size());
    String[] firstOfSecondFile = rows.get(sample.size());
    assertThat(Long.parseLong(firstOfSecondFile[0])).isEqualTo(500 + sample.id(0));
    assertThat(firstOfSecondFile[1]).isEqualTo(rows.get(0)[1]);
    assertThat(out.toString()).contains("ids 500 to 999");
  }

  @Test
  void protobufFeedOnStandardInputIsScoredAndABadEventIsAnError() throws Exception {
    int n = 300;
    float[] features = RandomModels.events(17, n);
    ByteArrayOutputStream feed = new ByteArrayOutputStream();
    FeedHeader.newBuilder()
        .setFormatVersion(1)
        .addAllFeatureNames(Observable.names())
        .build()
        .writeDelimitedTo(feed);
    for (int i = 0; i < n; i++) {
      int count = i == 7 ? F - 1 : F; // event 7 lacks its last feature
      event(1000 + i, features, i * F, count).writeDelimitedTo(feed);
    }
    Path model = vaeWithClassifier();
    Path csv = dir.resolve("scores.csv");
    Expected expected = scoreSynchronously(model, features, n);

    int status =
        withStdin(
            feed.toByteArray(),
            () ->
                run("score", "-m", model.toString(), "-", "--no-selection", "-o", csv.toString()));

    assertThat(status).as(err.toString()).isEqualTo(ScoreCommand.EVENTS_FAILED);
    assertThat(out.toString())
        .contains(
            "<stdin>: protobuf feed, 300 events",
            "scored       299",
            "errors       1",
            "event 1007: expected 14 features",
            "FAILED: 1 events could not be scored (exit 4)");
    List<String[]> rows = rows(csv);
    assertThat(rows).hasSize(n - 1);
    for (String[] row : rows) {
      int i = (int) (Long.parseLong(row[0]) - 1000);
      assertThat(i).isNotEqualTo(7);
      assertThat(Float.parseFloat(row[1])).isEqualTo(expected.mse[i]);
      assertThat(Float.parseFloat(row[3])).isEqualTo(expected.score[i]);
    }
  }

  @Test
  void protobufOutputIsAScoreHeaderThenOneScorePerEvent() throws Exception {
    Path lhe = shared("data", "ssww", "ssww_sm_500.lhe.gz");
    Path model = vaeWithClassifier();
    Path pb = dir.resolve("scores.pb");

    int status =
        run("score", "-m", model.toString(), lhe.toString(), "--all-rows", "-o", pb.toString());

    assertThat(status).as(err.toString()).isZero();
    try (InputStream in = Files.newInputStream(pb)) {
      ScoreHeader header = ScoreHeader.parseDelimitedFrom(in);
      assertThat(header.getFormatVersion()).isEqualTo(1);
      assertThat(header.getModel()).isEqualTo("vae-nn.onnx");
      assertThat(header.getFlagVariable()).isEqualTo("score");
      assertThat(header.getThreshold()).isEqualTo(CUT);
      List<Score> scores = new ArrayList<>();
      Score s;
      while ((s = Score.parseDelimitedFrom(in)) != null) {
        scores.add(s);
      }
      assertThat(scores).hasSize(500);
      assertThat(scores).extracting(Score::getId).startsWith(0L, 1L, 2L).endsWith(499L);
      assertThat(scores)
          .filteredOn(x -> x.getStatus() == ScoreStatus.SCORE_STATUS_REJECTED)
          .allSatisfy(x -> assertThat(x.getError()).startsWith("failed the selection"));
    }
  }

  @Test
  void allRowsCsvGivesTheStatusAndReasonOfARejectedEvent() throws Exception {
    Path oneJet = shared("cases", "25-fewer-than-two-jets.lhe");
    Path csv = dir.resolve("all.csv");

    int status =
        run(
            "score",
            "-m",
            vaeWithClassifier().toString(),
            oneJet.toString(),
            "--no-selection",
            "--all-rows",
            "-o",
            csv.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(Files.readAllLines(csv))
        .containsExactly(
            "id,status,mse,kld,score,flag,error",
            "0,rejected,,,,,\"failed the selection: 2 jets, 2 leptons\"");
    assertThat(out.toString()).contains("rejected     1 (by the selection)", "scored       0");
  }

  @Test
  void truncatedFileIsDamagedInputReportedWithItsLine() throws Exception {
    Path truncated = shared("cases", "10-truncated-mid-event.lhe");

    int status =
        run("score", "-m", vaeWithClassifier().toString(), truncated.toString(), "--no-selection");

    assertThat(status).isEqualTo(ScoreCommand.DAMAGED_INPUT);
    assertThat(out.toString())
        .contains(
            "1 events read, 0 damaged",
            "10-truncated-mid-event.lhe:16:",
            "truncated",
            "FAILED: damaged input (exit 3)");
  }

  @Test
  void allRowsGivesEveryDamagedEventARowWithItsDamageInIdOrder() throws Exception {
    Path damaged = shared("cases", "14-nan-weight-and-momentum.lhe");
    Path intact = shared("cases", "18-negative-weights.lhe");
    Path csv = dir.resolve("all.csv");

    int status =
        run(
            "score",
            "-m",
            vaeWithClassifier().toString(),
            damaged.toString(),
            intact.toString(),
            "--no-selection",
            "--all-rows",
            "-o",
            csv.toString());

    assertThat(status).as(err.toString()).isEqualTo(ScoreCommand.DAMAGED_INPUT);
    String rejected = "rejected,,,,,\"failed the selection: 2 jets, 2 leptons\"";
    assertThat(Files.readAllLines(csv))
        .containsExactly(
            "id,status,mse,kld,score,flag,error",
            "0," + rejected,
            "1,error,,,,,\"damaged: "
                + damaged
                + ":17: XWGTUP (the event weight) is NaN; expected a finite number\"",
            "2,error,,,,,\"damaged: "
                + damaged
                + ":27: particle 3 of 4: PX is NaN; expected a finite number\"",
            "3," + rejected,
            "4," + rejected,
            "5," + rejected);
    assertThat(out.toString())
        .contains("events in    4\n", "rejected     4 (by the selection)\n", "errors       0\n")
        .contains("wrote        6 rows");
  }

  @Test
  void damagedEventsGetNoRowWithoutAllRows() throws Exception {
    Path damaged = shared("cases", "14-nan-weight-and-momentum.lhe");
    Path csv = dir.resolve("scored.csv");

    int status =
        run(
            "score",
            "-m",
            vaeWithClassifier().toString(),
            damaged.toString(),
            "-o",
            csv.toString());

    assertThat(status).isEqualTo(ScoreCommand.DAMAGED_INPUT);
    assertThat(Files.readAllLines(csv)).containsExactly("id,mse,kld,score,flag");
  }

  @Test
  void aFileThatIsNotLheIsAUserErrorAsInFeatures() throws Exception {
    Path intact = shared("cases", "18-negative-weights.lhe");
    Path notLhe = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    Path csv = dir.resolve("scores.csv");

    int status =
        run(
            "score",
            "-m",
            vaeWithClassifier().toString(),
            intact.toString(),
            notLhe.toString(),
            "-o",
            csv.toString());

    assertThat(status).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(err.toString()).contains("notes.txt:1: not a Les Houches event file");
    assertThat(out.toString()).isEmpty(); // nothing scored: no summary
    assertThat(csv).doesNotExist();
    assertThat(run("features", intact.toString(), notLhe.toString())).isEqualTo(status);
  }

  @Test
  void aFileWithoutEventsIsAWarningNamingTheFile() throws Exception {
    Path empty =
        Files.writeString(dir.resolve("no-events.lhe"), FeaturesCommandTest.HEADER_AND_INIT_ONLY);

    int status = run("score", "-m", vaeWithClassifier().toString(), empty.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(err.toString()).contains("warning: " + empty + ": no events");
    assertThat(out.toString()).contains("0 events read, 0 damaged, no ids", "status       ok");
  }

  @Test
  void negativeCutIsAParameterErrorNamingTheOptionAndTheValue() throws Exception {
    Path intact = shared("cases", "18-negative-weights.lhe");

    int status =
        run("score", "-m", vaeWithClassifier().toString(), intact.toString(), "--mjj-min=-200");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--mjj-min'", "'-200' is negative");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void negativeMaxMessagesIsAParameterErrorNamingTheOptionAndTheValue() throws Exception {
    Path intact = shared("cases", "18-negative-weights.lhe");

    int status =
        run("score", "-m", vaeWithClassifier().toString(), intact.toString(), "--max-messages=-2");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--max-messages'", "'-2' is negative");
    assertThat(out.toString()).isEmpty(); // refused while parsing: no "... 2 more damaged events"
  }

  @Test
  void aFullStandardOutputIsAnUnwritableOutput() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "no /dev/full on this system");
    Path lhe = shared("data", "ssww", "ssww_sm_500.lhe.gz").toAbsolutePath();

    Launch.Result r =
        Launch.withStdoutTo(
            full, "score", "-m", vaeWithClassifier().toString(), lhe.toString(), "-o", "-");

    assertThat(r.status()).as(r.err()).isEqualTo(ErrorHandler.USER_ERROR);
    assertThat(r.err())
        .containsPattern("wrote        FAILED: cannot write the scores to standard output: \\S")
        .contains("status       FAILED: the output could not be written (exit 2)")
        .containsPattern("\nerror: cannot write the scores to standard output: \\S")
        .doesNotContainPattern("wrote +\\d+ rows");
  }

  @Test
  void cudaOnAMachineWithoutItExitsWithTheReasonAndTheAlternative() throws Exception {
    assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this build has the CUDA provider");
    Path input = Files.writeString(dir.resolve("empty.lhe"), "");

    int status =
        run("score", "-m", vaeWithClassifier().toString(), "--device", "cuda", input.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("error: CUDA was requested")
        .contains("no CUDA execution provider", "-Pcuda", "--device cpu");
  }

  @Test
  void thresholdAndEfficiencyTogetherAreRefused() throws Exception {
    Path input = Files.writeString(dir.resolve("empty.lhe"), "");

    int status =
        run(
            "score",
            "-m",
            vaeWithClassifier().toString(),
            "--threshold",
            "0.3",
            "--efficiency",
            "0.01",
            input.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--threshold and --efficiency both choose the cut");
  }

  @Test
  void feedOfAnotherFormatVersionIsRefusedNamingTheSupportedOne() throws Exception {
    ByteArrayOutputStream feed = new ByteArrayOutputStream();
    FeedHeader.newBuilder().setFormatVersion(2).build().writeDelimitedTo(feed);
    Path model = vaeWithClassifier();

    int status = withStdin(feed.toByteArray(), () -> run("score", "-m", model.toString(), "-"));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("feed format version 2 is not supported; this version reads version 1");
  }

  @Test
  void lheFilePipedToStandardInputIsNamedAsSuch() throws Exception {
    byte[] lhe = "<LesHouchesEvents version=\"3.0\">\n<init>\n".getBytes(StandardCharsets.UTF_8);
    Path model = vaeWithClassifier();

    int status = withStdin(lhe, () -> run("score", "-m", model.toString(), "-"));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("this looks like an LHE/XML file, not a protobuf event feed")
        .contains("give LHE files as paths");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private int run(String... args) {
    CommandLine cl = VbsAnomaly.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private interface Command {
    int run() throws Exception;
  }

  private static int withStdin(byte[] bytes, Command command) throws Exception {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(bytes));
    try {
      return command.run();
    } finally {
      System.setIn(saved);
    }
  }

  private Path vaeWithClassifier() throws IOException {
    Path file = dir.resolve("vae-nn.onnx");
    if (!Files.exists(file)) {
      OnnxModelWriter.write(RandomModels.vae(8, 4, true), RandomModels.classifier(9), file);
    }
    return file;
  }

  private record Expected(float[] mse, float[] kld, float[] score) {}

  /** The independent route: the model's synchronous batch scorer on the same feature rows. */
  private static Expected scoreSynchronously(Path modelFile, float[] rows, int n) throws Exception {
    float[] mse = new float[n];
    float[] kld = new float[n];
    float[] score = new float[n];
    try (AnomalyModel model = AnomalyModel.open(modelFile)) {
      model.newBatchScorer(64).score(rows, null, n, mse, kld, score, null);
    }
    return new Expected(mse, kld, score);
  }

  private static float[] flatten(float[][] rows) {
    float[] flat = new float[rows.length * F];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * F, F);
    }
    return flat;
  }

  private static Event event(long id, float[] values, int offset, int count) {
    FeatureRow.Builder row = FeatureRow.newBuilder();
    for (int k = 0; k < count; k++) {
      row.addValues(values[offset + k]);
    }
    return Event.newBuilder().setId(id).setFeatures(row).build();
  }

  private static Path shared(String... parts) {
    Path p = Path.of(System.getProperty("vbs.shared.dir", "../../shared"), parts);
    assumeTrue(Files.exists(p), "shared data not found: " + p);
    return p;
  }

  private static List<String[]> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }
}
