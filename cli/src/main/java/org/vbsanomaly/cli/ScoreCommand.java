package org.vbsanomaly.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.vbsanomaly.events.DamageListener;
import org.vbsanomaly.events.FeatureTableWriter;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheFormatException;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.events.ReadStats;
import org.vbsanomaly.events.Selection;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.pipeline.CountingSink;
import org.vbsanomaly.inference.pipeline.EventPublisher;
import org.vbsanomaly.inference.pipeline.LatencyRecordingSink;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoredEvent;
import org.vbsanomaly.inference.pipeline.ScoringPipeline;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeedHeader;
import org.vbsanomaly.schema.v1.ScoreStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly score}: streams events from LHE files, or a protobuf feed on standard input,
 * through the scoring pipeline (one reading thread publishing into the Disruptor ring, one scoring
 * thread batching ONNX Runtime calls and writing the rows) and reports what happened to every
 * event: read, rejected by the selection, scored, flagged, failed.
 *
 * <p>Event ids for LHE input are the same as {@code features} gives: the event's position in the
 * concatenated input, counting every {@code <event>} block including damaged ones, so that an id
 * never changes with the selection or with damage elsewhere and the two commands' rows join on it.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores events with an exported model and writes one row per scored event: id, mse, kld,"
          + " score (VAE+NN models only) and flag (1 when the flag variable is above the cut).",
      "INPUT is LHE files (.lhe or .lhe.gz), or '-' for a length-delimited protobuf feed on"
          + " standard input (one FeedHeader, then Event messages with features or particles, as"
          + " 'features --out x.pb' writes).",
      "Ids: for LHE files, the event's position in the inputs taken one after the other, counting"
          + " every <event> block from 0 (damaged ones included): the first file's events are 0 to"
          + " N1-1, the second file's start at N1, and so on; the summary prints each file's"
          + " range. These are the ids 'features' writes. For a feed, the events' own ids.",
      "Events failing the selection are counted as rejected; an event that cannot be scored (NaN,"
          + " wrong feature count, missing observable) is counted as an error with its reason."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every event read and every selected event scored (a file without events is only a"
          + " warning)",
      "2:bad option, missing file or one that is not LHE (nothing is scored), unusable model or"
          + " device, unwritable output",
      "3:damaged input: events skipped, a file truncated, or a broken feed",
      "4:input intact, but some events could not be scored (see errors)"
    })
final class ScoreCommand implements Callable<Integer> {

  static final int DAMAGED_INPUT = 3;
  static final int EVENTS_FAILED = 4;

  private static final int PROGRESS_EVERY = 1024;
  private static final String STDIN = "-";
  private static final Path STDIN_NAME = Path.of("<stdin>");

  @Spec CommandSpec spec;

  @Mixin ModelChoice modelChoice;

  @Parameters(
      arity = "1..*",
      paramLabel = "INPUT",
      description = "LHE files, plain or gzip; or '-' for a protobuf feed on standard input.")
  List<String> inputs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "SCORES",
      description =
          "Write the rows to SCORES: .csv, or .pb (length-delimited protobuf: a ScoreHeader, then"
              + " one Score per row); '-' writes CSV to standard output. Without it only the"
              + " summary is printed.")
  String out;

  @Option(
      names = "--all-rows",
      description =
          "Write a row for every event, rejected, failed and damaged ones too (CSV gains the"
              + " columns status and error; a damaged LHE event gets status error and its damage"
              + " as the error).")
  boolean allRows;

  @Mixin SelectionChoice selectionChoice;

  @Option(
      names = "--max-messages",
      paramLabel = "N",
      defaultValue = "5",
      converter = MaxMessages.Converter.class,
      description = "Damage and error messages shown, 0 or more (default: ${DEFAULT-VALUE}).")
  int maxMessages;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar for LHE input (default: only in a terminal).")
  Boolean progress;

  /** What one LHE file gave. */
  private record FileResult(Path file, ReadStats stats, long firstId, LheFormatException error) {}

  /** What the whole input gave: events published, and what went wrong with the input. */
  private record InputResult(long eventsIn, List<FileResult> files, String feedDamage) {
    boolean damaged() {
      return feedDamage != null
          || files.stream().anyMatch(f -> f.error() != null || f.stats().eventsDamaged() > 0);
    }
  }

  @Override
  public Integer call() throws IOException, ModelException {
    Selection selection = selectionChoice.selection();
    List<Path> files = inputFiles();
    long totalBytes = checkFiles(files);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter report = STDIN.equals(out) ? err : spec.commandLine().getOut();

    try (AnomalyModel model = modelChoice.open(err)) {
      AnomalyFlag flag = modelChoice.flag(model);
      checkLhe(files);
      SelectionChoice.warnOnMismatch(model.metadata().getSelection(), selection, err);
      InputStream feed = files.isEmpty() ? openFeed() : null;
      ModelChoice.warmUp(model);

      Tally tally = new Tally(maxMessages);
      ScoreFileSink rows = out == null ? null : ScoreFileSink.open(out, model, flag, allRows);
      ScoreSink sink = rows == null ? tally : ScoreSink.tee(tally, rows);
      InputResult input;
      long started = System.nanoTime();
      try (ScoringPipeline pipeline = pipeline(model, flag, selection, sink, err)) {
        EventPublisher publisher = pipeline.newPublisher();
        input =
            feed != null
                ? scoreFeed(feed, publisher)
                : scoreFiles(files, totalBytes, publisher, rows);
      } catch (IOException | RuntimeException e) {
        closeRows(rows); // an unreadable disk, not damaged LHE: the reason is the exception's
        throw e;
      }
      long elapsedNanos = System.nanoTime() - started;
      String outputError = closeRows(rows);

      printSummary(report, model, flag, selection, input, tally, elapsedNanos, rows, outputError);
      warnOnEmptyFiles(input, err);
      if (outputError != null) {
        err.println("error: " + outputError);
        return ErrorHandler.USER_ERROR;
      }
      return input.damaged() ? DAMAGED_INPUT : tally.counts.errors() > 0 ? EVENTS_FAILED : 0;
    }
  }

  // --- input checks ----------------------------------------------------------------------------

  /** The LHE files given, or an empty list for standard input. */
  private List<Path> inputFiles() {
    if (inputs.contains(STDIN)) {
      if (inputs.size() > 1) {
        throw new IllegalArgumentException(
            "'-' (a protobuf feed on standard input) must be the only INPUT; got " + inputs);
      }
      return List.of();
    }
    List<Path> files = new ArrayList<>(inputs.size());
    for (String name : inputs) {
      files.add(Path.of(name));
    }
    return files;
  }

  /**
   * Checks that every file exists before anything is read; returns their total size. Whether they
   * are LHE is checked by {@link #checkLhe}, once the model and the cut have been checked.
   */
  private static long checkFiles(List<Path> files) throws IOException {
    long total = 0;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString());
      }
      total += Files.size(f);
    }
    return total;
  }

  /**
   * Checks, before any event is scored or any row written, that every file opens as LHE (root tag,
   * header and init block), as {@code features} does: a file that does not is a user error (exit
   * 2), not damaged input.
   */
  private static void checkLhe(List<Path> files) throws IOException {
    for (Path f : files) {
      try (LheReader reader = LheReader.open(f)) {
        // opening reads the header and the init block
      }
    }
  }

  /**
   * An LHE file (text or gzip) piped to '-' is a common slip: say so instead of a protobuf error.
   */
  private static void refuseLheOnStdin(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    boolean text = b0 == '<' && (b1 == 'L' || b1 == '?' || b1 == '!');
    if (gzip || text) {
      throw new IOException(
          STDIN_NAME
              + ": this looks like "
              + (gzip ? "a gzip file" : "an LHE/XML file")
              + ", not a protobuf event feed; give LHE files as paths (score --model M FILE...),"
              + " or make a feed with 'features FILE --out feed.pb'");
    }
  }

  /** Standard input, positioned after a valid feed header. */
  private static InputStream openFeed() throws IOException {
    InputStream in = new BufferedInputStream(System.in, 1 << 16);
    refuseLheOnStdin(in);
    FeedHeader header;
    try {
      header = FeedHeader.parseDelimitedFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(
          STDIN_NAME
              + ": the first message is not a length-delimited FeedHeader: "
              + e.getMessage(),
          e);
    }
    if (header == null) {
      throw new IOException(
          STDIN_NAME + ": no input; expected a length-delimited FeedHeader, then Event messages");
    }
    checkHeader(header);
    return in;
  }

  private static void checkHeader(FeedHeader header) {
    if (header.getFormatVersion() != FeatureTableWriter.FEED_FORMAT_VERSION) {
      throw new IllegalArgumentException(
          STDIN_NAME
              + ": feed format version "
              + header.getFormatVersion()
              + " is not supported; this version reads version "
              + FeatureTableWriter.FEED_FORMAT_VERSION);
    }
    List<String> names = header.getFeatureNamesList();
    if (!names.isEmpty() && !names.equals(Observable.names())) {
      throw new IllegalArgumentException(
          STDIN_NAME
              + ": the feed's features are "
              + names
              + "; the model reads "
              + Observable.names()
              + " in this order (a feed of particles may name none)");
    }
  }

  // --- scoring ---------------------------------------------------------------------------------

  private static ScoringPipeline pipeline(
      AnomalyModel model, AnomalyFlag flag, Selection selection, ScoreSink sink, PrintWriter err) {
    return ScoringPipeline.builder(model)
        .singleProducer(true)
        .threshold(flag.threshold())
        .selection(selection)
        .sink(sink)
        .warnings(message -> err.println("warning: " + message))
        .build();
  }

  private InputResult scoreFiles(
      List<Path> files, long totalBytes, EventPublisher publisher, ScoreFileSink rows)
      throws IOException {
    List<FileResult> results = new ArrayList<>();
    long eventsIn = 0;
    try (ByteProgress bar = ByteProgress.start("score", totalBytes, progress, System.err)) {
      long bytesDone = 0;
      long nextId = 0;
      for (Path file : files) {
        bar.message(" " + file.getFileName());
        FileResult r = scoreFile(file, nextId, publisher, rows, bar, bytesDone);
        results.add(r);
        eventsIn += r.stats().eventsRead();
        nextId += r.stats().eventsSeen();
        bytesDone += Files.size(file);
        bar.at(bytesDone);
      }
    }
    return new InputResult(eventsIn, results, null);
  }

  /**
   * Publishes every readable event of one file; damage is counted (and given to {@code rows}, which
   * writes it with {@code --all-rows}), truncation recorded.
   */
  private static FileResult scoreFile(
      Path file,
      long firstId,
      EventPublisher publisher,
      ScoreFileSink rows,
      ByteProgress bar,
      long bytesDone)
      throws IOException {
    LheEvent event = new LheEvent();
    double[] observables = new double[Observable.COUNT];
    // Every <event> block is either delivered or reported as damaged, in file order: the blocks
    // met so far give the damaged one's position, hence its id.
    long[] seen = {0};
    DamageListener damage =
        rows == null
            ? DamageListener.IGNORE
            : e -> rows.damaged(firstId + seen[0]++, "damaged: " + e.getMessage());
    LheReader reader = LheReader.open(file, damage);
    LheFormatException error = null;
    try (reader) {
      long count = 0;
      while (reader.next(event)) {
        seen[0]++;
        int missing = ObservableCalculator.compute(event, observables);
        publisher.publishObservables(firstId + event.ordinal(), observables, missing);
        if (++count % PROGRESS_EVERY == 0) {
          bar.at(bytesDone + reader.sourceBytesRead());
        }
      }
    } catch (LheFormatException e) {
      error = e; // truncated: every complete event before the cut has been published
    }
    return new FileResult(file, reader.stats(), firstId, error);
  }

  /** Publishes every event of the feed until its end or the first message that cannot be read. */
  private static InputResult scoreFeed(InputStream in, EventPublisher publisher) {
    long events = 0;
    String damage = null;
    try {
      Event event;
      while ((event = Event.parseDelimitedFrom(in)) != null) {
        publisher.publish(event);
        events++;
      }
    } catch (IOException e) {
      damage =
          STDIN_NAME
              + ": event message "
              + (events + 1)
              + " cannot be read ("
              + e.getMessage()
              + "); the "
              + events
              + " events before it were scored, nothing after it was read";
    }
    return new InputResult(events, List.of(), damage);
  }

  /** Closes the row output; returns why writing failed, or null. */
  private static String closeRows(ScoreFileSink rows) {
    if (rows == null) {
      return null;
    }
    try {
      rows.close();
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  // --- summary ---------------------------------------------------------------------------------

  /** Warns about each LHE file that holds no event at all: most likely not the file meant. */
  private static void warnOnEmptyFiles(InputResult input, PrintWriter err) {
    for (FileResult r : input.files()) {
      if (r.error() == null) {
        EmptyInputWarning.printIfEmpty(err, r.file(), r.stats());
      }
    }
    err.flush();
  }

  private void printSummary(
      PrintWriter w,
      AnomalyModel model,
      AnomalyFlag flag,
      Selection selection,
      InputResult input,
      Tally tally,
      long elapsedNanos,
      ScoreFileSink rows,
      String outputError) {
    CountingSink c = tally.counts;
    w.printf(
        Locale.ROOT,
        "model        %s (%s, %s, sha256 %s)%n",
        model.file(),
        model.modelKind(),
        model.device().name().toLowerCase(Locale.ROOT),
        model.sha256().substring(0, 12));
    w.printf(Locale.ROOT, "flag         %s%n", modelChoice.describe(flag));
    w.printf(Locale.ROOT, "selection    %s%n", selection.describe());
    printInput(w, input);
    w.printf(Locale.ROOT, "events in    %d%n", input.eventsIn());
    w.printf(Locale.ROOT, "rejected     %d (by the selection)%n", c.rejected());
    w.printf(Locale.ROOT, "scored       %d%n", c.scored());
    w.printf(
        Locale.ROOT,
        "flagged      %d (%s of scored)%n",
        c.anomalous(),
        c.scored() == 0
            ? "-"
            : String.format(Locale.ROOT, "%.3f%%", 100.0 * c.anomalous() / c.scored()));
    w.printf(Locale.ROOT, "errors       %d%n", c.errors());
    for (String message : tally.firstErrors) {
      w.printf(Locale.ROOT, "  %s%n", message);
    }
    if (c.total() != input.eventsIn()) {
      w.printf(
          Locale.ROOT,
          "  internal error: %d events went in but %d results came out%n",
          input.eventsIn(),
          c.total());
    }
    double seconds = elapsedNanos / 1e9;
    w.printf(
        Locale.ROOT,
        "throughput   %.0f events/s (%d events in %.3f s, reading included)%n",
        seconds > 0 ? input.eventsIn() / seconds : 0.0,
        input.eventsIn(),
        seconds);
    printLatency(w, tally.latency.cumulativeHistogram());
    if (rows != null && outputError == null) {
      w.printf(Locale.ROOT, "wrote        %d rows to %s%n", rows.rows(), rows.name());
    } else if (rows != null) {
      w.printf(Locale.ROOT, "wrote        FAILED: %s%n", outputError);
    }
    w.printf(Locale.ROOT, "status       %s%n", status(input, c, outputError));
    w.flush();
  }

  private void printInput(PrintWriter w, InputResult input) {
    if (input.files().isEmpty()) {
      w.printf(
          Locale.ROOT, "input        %s: protobuf feed, %d events%n", STDIN_NAME, input.eventsIn());
      if (input.feedDamage() != null) {
        w.printf(Locale.ROOT, "  damaged: %s%n", input.feedDamage());
      }
      return;
    }
    for (FileResult r : input.files()) {
      ReadStats s = r.stats();
      String ids =
          s.eventsSeen() == 0
              ? "no ids"
              : "ids " + r.firstId() + " to " + (r.firstId() + s.eventsSeen() - 1);
      w.printf(
          Locale.ROOT,
          "input        %s: %d events read, %d damaged, %s%n",
          r.file(),
          s.eventsRead(),
          s.eventsDamaged(),
          ids);
      List<String> messages = s.firstDamageMessages();
      int shown = MaxMessages.shown(maxMessages, messages.size());
      for (int i = 0; i < shown; i++) {
        w.printf(Locale.ROOT, "  damaged: %s%n", messages.get(i));
      }
      if (s.eventsDamaged() > shown) {
        w.printf(Locale.ROOT, "  ... %d more damaged events%n", s.eventsDamaged() - shown);
      }
      if (r.error() != null) {
        w.printf(Locale.ROOT, "  error: %s%n", r.error().getMessage());
      }
    }
  }

  private static void printLatency(PrintWriter w, Histogram h) {
    if (h.getTotalCount() == 0) {
      w.printf(Locale.ROOT, "latency      - (no events)%n");
      return;
    }
    w.printf(
        Locale.ROOT,
        "latency      p50 %s, p99 %s, p99.9 %s, max %s (from publishing an event to its row)%n",
        duration(h.getValueAtPercentile(50)),
        duration(h.getValueAtPercentile(99)),
        duration(h.getValueAtPercentile(99.9)),
        duration(h.getMaxValue()));
  }

  private static String duration(long nanos) {
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String status(InputResult input, CountingSink c, String outputError) {
    List<String> problems = new ArrayList<>();
    if (outputError != null) {
      problems.add("the output could not be written (exit " + ErrorHandler.USER_ERROR + ")");
    }
    if (input.damaged()) {
      problems.add("damaged input (exit " + DAMAGED_INPUT + ")");
    }
    if (c.errors() > 0) {
      problems.add(
          c.errors()
              + " events could not be scored"
              + (input.damaged() ? "" : " (exit " + EVENTS_FAILED + ")"));
    }
    return problems.isEmpty() ? "ok" : "FAILED: " + String.join("; ", problems);
  }

  /** Counts, latencies and the first error messages; on the pipeline's result thread. */
  private static final class Tally implements ScoreSink {
    final CountingSink counts = new CountingSink();
    final LatencyRecordingSink latency = new LatencyRecordingSink();
    final List<String> firstErrors = new ArrayList<>();
    private final int keep;

    Tally(int keep) {
      this.keep = keep;
    }

    @Override
    public void accept(ScoredEvent e) {
      counts.accept(e);
      latency.accept(e);
      if (e.status() == ScoreStatus.SCORE_STATUS_ERROR && firstErrors.size() < keep) {
        firstErrors.add("event " + Long.toUnsignedString(e.id()) + ": " + e.error());
      }
    }
  }
}
