package org.vbsanomaly.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vbsanomaly.events.DamageListener;
import org.vbsanomaly.events.FeatureTableWriter;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheFormatException;
import org.vbsanomaly.events.LheInit;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Normalisation;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.events.ReadStats;
import org.vbsanomaly.events.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly features}: reads LHE files and writes the 14 observables of every event that
 * passes the analysis selection, with its weight in pb, as CSV or as a protobuf feed.
 *
 * <p>Each file is read twice, streaming, so memory stays constant however large it is: the first
 * pass sums the event weights (needed for the weights in pb, see {@link Normalisation}), the second
 * writes the rows. Ids are the events' positions in the concatenated input, damaged events
 * included, so that an id never changes with the selection or with damage elsewhere.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Computes the 14 observables (mjj, mll, ptj1, ptj2, ptl1, ptl2, ptll, met, etaj1, etaj2,"
          + " etal1, etal2, detajj, dphijj; GeV for masses and momenta, rad for dphijj) of each"
          + " event of LHE files (.lhe or .lhe.gz) and writes one row per event passing the"
          + " selection: id, weight in pb, the observables (a missing one is an empty CSV cell).",
      "Weights: each file is normalised to its own cross section (sum of XSECUP), weight_pb ="
          + " XWGTUP * sigma / sum of XWGTUP over the file's events, negative weights kept.",
      "Damaged events are reported with file and line, counted and skipped; a truncated file is"
          + " reported after all its complete events have been written."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every event read (a file without events is only a warning)",
      "2:bad option, missing file or one that is not LHE (nothing is read), unwritable output",
      "3:damaged input: events skipped or a file truncated; the table holds every readable event"
    })
final class FeaturesCommand implements Callable<Integer> {
  static final int DAMAGED_INPUT = 3;

  private static final int PROGRESS_EVERY = 1024;

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "LHE files, plain or gzip (recognised by content, not name).")
  List<Path> files;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "TABLE",
      description =
          "Write the table to TABLE: .csv (text) or .pb (length-delimited protobuf: a FeedHeader,"
              + " then one Event per row); '-' writes CSV to standard output. Without it only the"
              + " summary is printed.")
  String out;

  @Option(
      names = "--no-selection",
      description = "Write every readable event, whatever it lacks (the paper's cuts are off).")
  boolean noSelection;

  @Mixin CutOptions cuts;

  @Option(
      names = "--max-messages",
      paramLabel = "N",
      defaultValue = "5",
      converter = MaxMessages.Converter.class,
      description = "Damage messages shown per file, 0 or more (default: ${DEFAULT-VALUE}).")
  int maxMessages;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar (default: only in a terminal).")
  Boolean progress;

  /** What one file gave. */
  private record FileResult(
      Path file,
      LheInit init,
      ReadStats stats,
      long selected,
      double selectedPb,
      long firstId,
      LheFormatException error) {}

  @Override
  public Integer call() throws IOException {
    Selection selection = selection();
    long totalBytes = checkFiles();
    boolean tableOnStdout = "-".equals(out);
    PrintWriter report = tableOnStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();

    List<FileResult> results = new ArrayList<>();
    try (FeatureTableWriter table = openTable();
        ByteProgress bar = ByteProgress.start("features", 2 * totalBytes, progress, System.err)) {
      long bytesDone = 0;
      long nextId = 0;
      for (Path file : files) {
        bar.message(" " + file.getFileName());
        FileResult r = readFile(file, selection, table, nextId, bar, bytesDone);
        results.add(r);
        nextId += r.stats().eventsSeen();
        bytesDone += 2 * Files.size(file);
      }
      bar.at(bytesDone);
    }

    printSummary(report, selection, results);
    warnOnEmptyFiles(results);
    boolean damaged =
        results.stream().anyMatch(r -> r.error() != null || r.stats().eventsDamaged() > 0);
    return damaged ? DAMAGED_INPUT : 0;
  }

  /** The selection from the options, validated once. */
  private Selection selection() {
    return SelectionChoice.of(noSelection, cuts, Selection.none());
  }

  /**
   * Checks, before any row is written, that every input exists and opens as LHE (root tag, header
   * and init block); returns their total size.
   */
  private long checkFiles() throws IOException {
    long total = 0;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString());
      }
      try (LheReader reader = LheReader.open(f)) {
        total += reader.sourceSize();
      }
    }
    return total;
  }

  private FeatureTableWriter openTable() throws IOException {
    if (out == null) {
      return NO_TABLE;
    }
    String source = files.stream().map(Path::toString).collect(Collectors.joining(", "));
    if ("-".equals(out)) {
      return naming(FeatureTableWriter.csv(StandardOutput.open()), StandardOutput.NAME);
    }
    return naming(FeatureTableWriter.open(Path.of(out), source), out);
  }

  /**
   * The table, its write failures naming where it goes: an unwritable output (exit 2) must not read
   * like a problem with the input.
   */
  private static FeatureTableWriter naming(FeatureTableWriter table, String name) {
    return new FeatureTableWriter() {
      @Override
      public void write(long id, double weightPb, double[] observables, int missingMask)
          throws IOException {
        try {
          table.write(id, weightPb, observables, missingMask);
        } catch (IOException e) {
          throw cannotWrite(name, e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          table.close();
        } catch (IOException e) {
          throw cannotWrite(name, e);
        }
      }
    };
  }

  private static IOException cannotWrite(String name, IOException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    return new IOException("cannot write the table to " + name + ": " + reason, e);
  }

  /** What the first pass over a file gives: its init block, its counts and sums, any cut. */
  private record FirstPass(LheInit init, ReadStats stats, LheFormatException truncation) {}

  /** The two passes over one file. */
  private FileResult readFile(
      Path file,
      Selection selection,
      FeatureTableWriter table,
      long firstId,
      ByteProgress bar,
      long bytesDone)
      throws IOException {
    FirstPass first = sumWeights(file, bar, bytesDone);
    ReadStats stats = first.stats();
    if (stats.eventsRead() == 0) {
      return new FileResult(file, first.init(), stats, 0, 0, firstId, first.truncation());
    }

    Normalisation norm = Normalisation.of(first.init(), stats);
    LheEvent event = new LheEvent();
    double[] obs = new double[Observable.COUNT];
    long selected = 0;
    double selectedWeight = 0;
    long read = 0;
    long base = bytesDone + Files.size(file);
    try (LheReader reader = LheReader.open(file, DamageListener.IGNORE)) {
      while (nextOrTruncated(reader, event, first.truncation())) {
        read++;
        int mask = ObservableCalculator.compute(event, obs);
        if (selection.passes(obs, mask)) {
          double weightPb = norm.weightPb(event.weight());
          table.write(firstId + event.ordinal(), weightPb, obs, mask);
          selected++;
          selectedWeight += weightPb;
        }
        if (read % PROGRESS_EVERY == 0) {
          bar.at(base + reader.sourceBytesRead());
        }
      }
    }
    if (read != stats.eventsRead()) {
      throw new IOException(
          file
              + ": the file changed while it was read: "
              + stats.eventsRead()
              + " events in the first pass, "
              + read
              + " in the second");
    }
    return new FileResult(
        file, first.init(), stats, selected, selectedWeight, firstId, first.truncation());
  }

  /** The first pass: reads every event for the counts and the sum of weights. */
  private static FirstPass sumWeights(Path file, ByteProgress bar, long bytesDone)
      throws IOException {
    LheEvent event = new LheEvent();
    LheFormatException truncation = null;
    try (LheReader reader = LheReader.open(file)) {
      try {
        long count = 0;
        while (reader.next(event)) {
          if (++count % PROGRESS_EVERY == 0) {
            bar.at(bytesDone + reader.sourceBytesRead());
          }
        }
      } catch (LheFormatException e) {
        truncation = e;
      }
      bar.at(bytesDone + reader.sourceSize());
      return new FirstPass(reader.init(), reader.stats(), truncation);
    }
  }

  /** Next event of the second pass; the truncation the first pass reported ends it quietly. */
  private static boolean nextOrTruncated(LheReader reader, LheEvent event, LheFormatException known)
      throws IOException {
    try {
      return reader.next(event);
    } catch (LheFormatException e) {
      if (known == null) {
        throw e;
      }
      return false;
    }
  }

  /** Warns about each file that holds no event at all: most likely not the file meant. */
  private void warnOnEmptyFiles(List<FileResult> results) {
    PrintWriter err = spec.commandLine().getErr();
    for (FileResult r : results) {
      if (r.error() == null) {
        EmptyInputWarning.printIfEmpty(err, r.file(), r.stats());
      }
    }
    err.flush();
  }

  private void printSummary(PrintWriter w, Selection selection, List<FileResult> results) {
    long read = 0;
    long damaged = 0;
    long selected = 0;
    for (FileResult r : results) {
      printFile(w, r);
      read += r.stats().eventsRead();
      damaged += r.stats().eventsDamaged();
      selected += r.selected();
    }
    w.printf(Locale.ROOT, "selection: %s%n", selection.describe());
    if (results.size() > 1) {
      w.printf(
          Locale.ROOT,
          "total: %d events read, %d damaged, %d passing the selection (%d files)%n",
          read,
          damaged,
          selected,
          results.size());
    }
    if (out != null) {
      w.printf(
          Locale.ROOT,
          "wrote %d rows to %s%n",
          selected,
          "-".equals(out) ? StandardOutput.NAME : out);
    }
    w.flush();
  }

  private void printFile(PrintWriter w, FileResult r) {
    ReadStats s = r.stats();
    w.printf(Locale.ROOT, "%s%n", r.file());
    w.printf(Locale.ROOT, "  events read          %d%n", s.eventsRead());
    w.printf(Locale.ROOT, "  damaged              %d%n", s.eventsDamaged());
    List<String> messages = s.firstDamageMessages();
    int shown = MaxMessages.shown(maxMessages, messages.size());
    for (int i = 0; i < shown; i++) {
      w.printf(Locale.ROOT, "    %s%n", messages.get(i));
    }
    if (s.eventsDamaged() > shown) {
      w.printf(Locale.ROOT, "    ... %d more%n", s.eventsDamaged() - shown);
    }
    if (r.error() != null) {
      w.printf(Locale.ROOT, "  error                %s%n", r.error().getMessage());
    }
    w.printf(Locale.ROOT, "  passing selection    %d%n", r.selected());
    w.printf(
        Locale.ROOT,
        "  cross section        %.5e +- %.3e pb (IDWTUP %d, %d process%s)%n",
        r.init().crossSectionPb(),
        r.init().crossSectionErrorPb(),
        r.init().weightStrategy(),
        r.init().processes().size(),
        r.init().processes().size() == 1 ? "" : "es");
    w.printf(
        Locale.ROOT,
        "  sum of weights       %.6e (XWGTUP; effective events %.1f)%n",
        s.sumOfWeights(),
        s.effectiveEvents());
    w.printf(Locale.ROOT, "  selected weight      %.5e pb%n", r.selectedPb());
    if (s.eventsSeen() > 0) {
      w.printf(
          Locale.ROOT,
          "  ids                  %d to %d%n",
          r.firstId(),
          r.firstId() + s.eventsSeen() - 1);
    }
  }

  /** The table writer when no table is asked for. */
  private static final FeatureTableWriter NO_TABLE =
      new FeatureTableWriter() {
        @Override
        public void write(long id, double weightPb, double[] observables, int missingMask) {}

        @Override
        public void close() {}
      };
}
