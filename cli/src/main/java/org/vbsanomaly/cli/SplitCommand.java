package org.vbsanomaly.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.trainer.data.EventSplit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vbs-anomaly split}: writes the events of an LHE file that fall in one part of the
 * project's content-based train/test split ({@link EventSplit}), verbatim, header and init block
 * included. Used to ship held-out samples and to hand colleagues exactly the events a model never
 * trained on.
 */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes the events of an LHE file that belong to the test (or training) split of the"
          + " project's seeded, content-based 80/20 split, verbatim. The seed and test fraction"
          + " come from a model's metadata (--model) or are given.",
      "The header and <init> block are copied unchanged: the init cross section still describes"
          + " the process, and readers normalise each event to it through the sum of weights."
    })
final class SplitCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SplitSource source;

  static final class SplitSource {
    @Option(
        names = "--model",
        paramLabel = "MODEL.onnx",
        description = "Take the seed and test fraction this model was trained with.")
    Path model;

    @Option(names = "--seed", paramLabel = "SEED", description = "The split seed.")
    Long seed;
  }

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0.2",
      description = "Test fraction with --seed (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(
      names = "--part",
      paramLabel = "test|train",
      defaultValue = "test",
      description = "Which part to write (default: ${DEFAULT-VALUE}).")
  String part;

  @Option(
      names = "--max-events",
      paramLabel = "N",
      description = "Write at most N events (the first N of the part, in file order).")
  Long maxEvents;

  @Parameters(index = "0", paramLabel = "INPUT", description = "LHE file (.lhe or .lhe.gz).")
  Path input;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "OUTPUT",
      description = "Output LHE file; gzip-compressed when its name ends in .gz.")
  Path output;

  @Override
  public Integer call() throws IOException, ModelException {
    boolean wantTest = parsePart(part);
    EventSplit split = split();
    long limit = maxEvents == null ? Long.MAX_VALUE : maxEvents;
    if (limit < 1) {
      throw new IllegalArgumentException("--max-events must be at least 1, got " + limit);
    }

    Chosen chosen = choose(split, wantTest, limit);
    long written = copy(chosen.ordinals);
    if (written != chosen.count) {
      throw new IllegalStateException(
          input + ": found " + written + " of the " + chosen.count + " chosen events on the copy");
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %d of %d events in the %s split (seed %d, test fraction %s) -> %s%n",
            input,
            written,
            chosen.read,
            wantTest ? "test" : "training",
            split.seed(),
            split.testFraction(),
            output);
    return chosen.damaged > 0 ? 1 : 0;
  }

  private static boolean parsePart(String part) {
    return switch (part) {
      case "test" -> true;
      case "train" -> false;
      default ->
          throw new IllegalArgumentException(
              "--part must be 'test' or 'train', got '" + part + "'");
    };
  }

  private EventSplit split() throws IOException, ModelException {
    if (source.model == null) {
      return new EventSplit(source.seed, testFraction);
    }
    try (AnomalyModel model = AnomalyModel.open(source.model)) {
      String fraction = model.metadata().getOptionsOrDefault("test-fraction", "0.2");
      return new EventSplit(model.metadata().getSeed(), Double.parseDouble(fraction));
    }
  }

  private record Chosen(BitSet ordinals, long count, long read, long damaged) {}

  /** First pass: the ordinals of the events to keep, by the split of their observables. */
  private Chosen choose(EventSplit split, boolean wantTest, long limit) throws IOException {
    BitSet keep = new BitSet();
    long count = 0;
    LheEvent event = new LheEvent();
    double[] obs = new double[Observable.COUNT];
    try (LheReader reader = LheReader.open(input)) {
      while (count < limit && reader.next(event)) {
        ObservableCalculator.compute(event, obs);
        if (split.isTest(obs) == wantTest) {
          keep.set(Math.toIntExact(event.ordinal()));
          count++;
        }
      }
      return new Chosen(keep, count, reader.stats().eventsRead(), reader.stats().eventsDamaged());
    }
  }

  /** Second pass: copies the header, the init block and the kept event blocks line by line. */
  private long copy(BitSet keep) throws IOException {
    long ordinal = -1;
    long written = 0;
    boolean inEvent = false;
    boolean keepThis = false;
    try (BufferedReader in = open(input);
        BufferedWriter out = create(output)) {
      String line;
      while ((line = in.readLine()) != null) {
        String t = line.stripLeading();
        if (!inEvent && isEventStart(t)) {
          inEvent = true;
          ordinal++;
          keepThis = keep.get(Math.toIntExact(ordinal));
        }
        if (!inEvent || keepThis) {
          out.write(line);
          out.write('\n');
        }
        if (inEvent && t.contains("</event>")) {
          inEvent = false;
          written += keepThis ? 1 : 0;
        }
      }
    }
    return written;
  }

  private static boolean isEventStart(String t) {
    return t.startsWith("<event>") || t.startsWith("<event ") || t.equals("<event");
  }

  private static BufferedReader open(Path file) throws IOException {
    PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2);
    byte[] magic = in.readNBytes(2);
    in.unread(magic);
    boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    InputStream raw = gzip ? new GZIPInputStream(in, 1 << 16) : in;
    return new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16);
  }

  private static BufferedWriter create(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream raw = Files.newOutputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      raw = new GZIPOutputStream(raw, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
  }
}
