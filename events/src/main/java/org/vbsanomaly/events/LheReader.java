package org.vbsanomaly.events;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the events of a Les Houches event file (LHEF 1.0, 2.0 and 3.0), plain or gzip-compressed
 * (recognised by its magic bytes, not its name), in constant memory however large the file or its
 * header.
 *
 * <p>{@link #open(Path)} reads up to the end of the {@code <init>} block, so {@link #init()} and
 * the declared {@link #weightNames()} are known at once. Each {@link #next(LheEvent)} then fills
 * the caller's event with the next valid event. Unknown tags are skipped, in the header and inside
 * events; {@code #} lines are comments.
 *
 * <p>Damaged input follows one policy:
 *
 * <ul>
 *   <li>a damaged event (a number that does not parse or is not finite, fewer particle lines than
 *       NUP declares, an empty or unclosed {@code <event>} block, a wrong column count) is reported
 *       to the {@link DamageListener} with its file, line and fault, counted in {@link #stats()},
 *       and skipped; the events around it are read normally and it never enters the weight sums;
 *   <li>a stream that ends early (inside an event, before {@code </LesHouchesEvents>}, or with a
 *       truncated gzip member) throws {@link LheFormatException} from {@code next} after every
 *       complete event before the cut has been delivered;
 *   <li>a missing or malformed {@code <init>} block, or a file that is not LHE at all, fails {@code
 *       open}.
 * </ul>
 *
 * <p>Event weights: XWGTUP is {@link LheEvent#weight()}; named weights ({@code <rwgt>}/{@code <wgt
 * id>}, ids declared in {@code <initrwgt>}) and positional weights ({@code <weights>}) are both
 * kept, in the slots named by {@link #weightNames()}.
 *
 * <p>Not thread-safe. The reader owns the stream it opened and closes it in {@link #close()}.
 *
 * <p>Implementation note. The reader is the first stage of every pass over the data, so it is
 * written for throughput on one core; its benchmark (perf module, {@code LheReadBenchmark}) sets it
 * beside plain gunzip of the same file. Lines are found in one fixed byte buffer, eight bytes per
 * step, and never become strings; numbers are parsed in place from the bytes ({@link FieldCursor}:
 * Fortran formats included, exact to the last bit, eight fraction digits per step); tags are
 * matched on bytes; the caller's {@link LheEvent} is refilled, so a steady read allocates nothing,
 * named weights included when events list them in a stable order. Damage is the rare path and uses
 * an exception without a stack trace to leave the event. There is no XML parser: LHE is
 * line-oriented in practice, and an XML parser would neither tolerate the damage we must survive
 * nor keep memory constant across a large header.
 */
public final class LheReader implements AutoCloseable {
  /** Most particles an event may declare; more is reported as damage (bounds memory). */
  public static final int MAX_PARTICLES = 10_000;

  private static final String EVENT_INFO_COLUMNS = "NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP";

  private final LineSource lines;
  private final SourceStreams.Counting source;
  private final long sourceSize;
  private final Path file;
  private final DamageListener listener;
  private final FieldCursor cursor = new FieldCursor();
  private final WeightTable weights = new WeightTable();
  private final LheInit init;

  private boolean finished;
  private boolean eventTagPending;
  private int positionalIndex;
  private long nextOrdinal;
  private long eventsRead;
  private long eventsDamaged;
  private double sumOfWeights;
  private double sumCompensation;
  private double sumOfSquaredWeights;
  private final List<String> firstDamage = new ArrayList<>();

  private LheReader(
      InputStream raw, long sourceSize, Path file, DamageListener listener, int bufferSize)
      throws IOException {
    this.file = file;
    this.listener = listener;
    this.sourceSize = sourceSize;
    this.source = new SourceStreams.Counting(raw);
    BufferedInputStream buffered = new BufferedInputStream(source, SourceStreams.BUFFER);
    this.lines = new LineSource(SourceStreams.decompressing(buffered, file), file, bufferSize);
    this.init = new LhePrologue(lines, cursor, weights, file).read();
  }

  /** Opens a file, reporting nothing about damaged events beyond {@link #stats()}. */
  public static LheReader open(Path file) throws IOException {
    return open(file, DamageListener.IGNORE);
  }

  /**
   * Opens a file and reads its header and {@code <init>} block.
   *
   * @param listener told about each damaged event as it is skipped
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   * @throws LheFormatException when the file is not LHE or its {@code <init>} block is broken
   */
  public static LheReader open(Path file, DamageListener listener) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return new LheReader(in, Files.size(file), file, listener, LineSource.DEFAULT_CAPACITY);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads LHE from a stream (standard input, a network socket), plain or gzip. The reader takes
   * ownership of {@code in}: closing the reader closes it, and so does a failure to open.
   *
   * @param name how messages name the source, e.g. {@code Path.of("<stdin>")}
   * @param listener told about each damaged event as it is skipped
   */
  public static LheReader open(InputStream in, Path name, DamageListener listener)
      throws IOException {
    try {
      return new LheReader(in, -1, name, listener, LineSource.DEFAULT_CAPACITY);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** For tests: a line buffer of the given size (the longest line kept whole). */
  static LheReader open(Path file, int bufferSize) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return new LheReader(in, Files.size(file), file, DamageListener.IGNORE, bufferSize);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The file (or the name given for a stream). */
  public Path file() {
    return file;
  }

  /** The {@code <init>} block. */
  public LheInit init() {
    return init;
  }

  /**
   * Names of the additional weight slots, in the order of {@link LheEvent#weight(int)}: the ids
   * declared in {@code <initrwgt>}, then any met first in events. Complete after {@code open} for
   * files that declare their weights; may grow while reading otherwise.
   */
  public List<String> weightNames() {
    return weights.names();
  }

  /** Counts and sums so far: events read and damaged, sum of XWGTUP, first damage messages. */
  public ReadStats stats() {
    return new ReadStats(
        eventsRead,
        eventsDamaged,
        sumOfWeights + sumCompensation,
        sumOfSquaredWeights,
        firstDamage);
  }

  /** Bytes consumed from the underlying file or stream so far (compressed bytes for gzip). */
  public long sourceBytesRead() {
    return source.count;
  }

  /** Size of the file in bytes as stored (compressed for gzip); -1 for a stream. */
  public long sourceSize() {
    return sourceSize;
  }

  /**
   * Reads the next valid event into {@code into}, skipping (and reporting) damaged ones.
   *
   * @return false at the clean end of the file ({@code </LesHouchesEvents>}); after false or an
   *     exception the contents of {@code into} are unspecified
   * @throws LheFormatException when the stream ends early; every complete event before the cut has
   *     been returned by earlier calls
   */
  public boolean next(LheEvent into) throws IOException {
    while (!finished) {
      if (!eventTagPending && !advanceToEvent()) {
        return false;
      }
      eventTagPending = false;
      if (readEvent(into)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    finished = true;
    lines.close();
  }

  // --- between events ------------------------------------------------------------------------

  /** Moves to the next {@code <event>} tag; false at {@code </LesHouchesEvents>}. */
  private boolean advanceToEvent() throws IOException {
    while (lines.next()) {
      if (lines.firstByte() != '<') {
        continue;
      }
      if (lines.startsWith(Tags.EVENT, true)) {
        return true;
      }
      if (lines.startsWith(Tags.ROOT_END, false)) {
        finished = true;
        return false;
      }
      if (lines.startsWith(Tags.COMMENT, false)) {
        lines.skipComment();
      }
    }
    finished = true;
    throw new LheFormatException(
        file,
        lines.lineNumber(),
        "the file ends without </LesHouchesEvents> after "
            + (eventsRead + eventsDamaged)
            + " events: the file is truncated");
  }

  // --- one event ------------------------------------------------------------------------------

  /** Parses the event whose tag is the current line; false when it was damaged and skipped. */
  private boolean readEvent(LheEvent into) throws IOException {
    long eventLine = lines.lineNumber();
    into.begin(nextOrdinal++, eventLine, weights.size());
    weights.startEvent();
    try {
      readEventBody(into, eventLine);
    } catch (Damage damage) {
      skipDamagedEvent(eventLine, damage);
      return false;
    }
    eventsRead++;
    accumulate(into.weight());
    return true;
  }

  private void readEventBody(LheEvent into, long eventLine) throws IOException {
    nextContentLine(eventLine);
    if (lines.firstByte() == '<') {
      throw lines.startsWith(Tags.EVENT_END, false)
          ? new Damage(
              eventLine,
              "empty <event> block: the event information line ("
                  + EVENT_INFO_COLUMNS
                  + ") is missing")
          : new Damage(
              lines.lineNumber(),
              "expected the event information line ("
                  + EVENT_INFO_COLUMNS
                  + "), found '"
                  + lines.text().trim()
                  + "'");
    }
    long infoLine = lines.lineNumber();
    int particles = readEventInfo(into);
    for (int i = 0; i < particles; i++) {
      nextContentLine(eventLine);
      if (lines.firstByte() == '<') {
        throw missingParticles(infoLine, particles, i);
      }
      readParticle(into, i, particles);
    }
    readEventTrailer(into, eventLine);
  }

  /** Parses NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP; returns NUP. */
  private int readEventInfo(LheEvent into) {
    pointCursorAtLine();
    int nup = cursor.nextInt("NUP");
    int processId = cursor.nextInt("IDPRUP");
    double weight = cursor.nextDouble("XWGTUP");
    double scale = cursor.nextDouble("SCALUP");
    double alphaQed = cursor.nextDouble("AQEDUP");
    double alphaQcd = cursor.nextDouble("AQCDUP");
    if (!cursor.atEnd()) {
      throw cursor.damage(
          "the event information line has more than 6 columns (" + EVENT_INFO_COLUMNS + ")");
    }
    if (nup < 0 || nup > MAX_PARTICLES) {
      throw cursor.damage(
          "NUP = "
              + nup
              + " particles: expected 0 to "
              + MAX_PARTICLES
              + " (LheReader.MAX_PARTICLES)");
    }
    requireFinite(weight, "XWGTUP (the event weight)");
    requireFinite(scale, "SCALUP");
    requireFinite(alphaQed, "AQEDUP");
    requireFinite(alphaQcd, "AQCDUP");
    into.header(processId, weight, scale, alphaQed, alphaQcd);
    into.resize(nup);
    return nup;
  }

  /** Parses the 13 columns of particle line {@code i}. */
  private void readParticle(LheEvent ev, int i, int count) {
    pointCursorAtLine();
    ev.pdgId[i] = cursor.nextInt("IDUP");
    ev.status[i] = cursor.nextInt("ISTUP");
    ev.mother1[i] = cursor.nextInt("MOTHUP(1)");
    ev.mother2[i] = cursor.nextInt("MOTHUP(2)");
    ev.color1[i] = cursor.nextInt("ICOLUP(1)");
    ev.color2[i] = cursor.nextInt("ICOLUP(2)");
    double px = cursor.nextDouble("PX");
    double py = cursor.nextDouble("PY");
    double pz = cursor.nextDouble("PZ");
    double e = cursor.nextDouble("E");
    double m = cursor.nextDouble("M");
    double lifetime = cursor.nextDouble("VTIMUP");
    double spin = cursor.nextDouble("SPINUP");
    if (!cursor.atEnd()) {
      throw cursor.damage(
          "particle line "
              + (i + 1)
              + " of "
              + count
              + " has more than 13 columns"
              + " (IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 ICOLUP2 PX PY PZ E M VTIMUP SPINUP)");
    }
    if (!(Double.isFinite(px + py + pz + e + m) && Double.isFinite(lifetime + spin))) {
      throw notFiniteParticle(i, count, px, py, pz, e, m, lifetime, spin);
    }
    ev.px[i] = px;
    ev.py[i] = py;
    ev.pz[i] = pz;
    ev.e[i] = e;
    ev.m[i] = m;
    ev.lifetime[i] = lifetime;
    ev.spin[i] = spin;
  }

  /** Reads after the particles up to {@code </event>}: weights, optional lines, unknown tags. */
  private void readEventTrailer(LheEvent into, long eventLine) throws IOException {
    boolean positional = false;
    positionalIndex = 0;
    while (true) {
      nextLineInEvent(eventLine);
      int p = lines.first();
      if (p >= lines.end()) {
        continue;
      }
      if (lines.buffer()[p] == '<') {
        if (lines.startsWith(Tags.EVENT_END, false)) {
          return;
        }
        if (lines.startsWith(Tags.WGT, true)) {
          readNamedWeights(into, p);
          continue;
        }
        if (lines.startsWith(Tags.RWGT, true)) {
          int wgt = Tags.indexOf(lines.buffer(), Tags.WGT, p + Tags.RWGT.length, lines.end());
          if (wgt >= 0) {
            readNamedWeights(into, wgt);
          }
          continue;
        }
        if (lines.startsWith(Tags.WEIGHTS, true)) {
          positional = true;
          p = afterTagName(p);
        } else if (lines.startsWith(Tags.WEIGHTS_END, false)) {
          positional = false;
          continue;
        } else if (lines.startsWith(Tags.EVENT, true) || lines.startsWith(Tags.ROOT_END, false)) {
          throw new Damage(
              eventLine,
              "the <event> block is not closed: line "
                  + lines.lineNumber()
                  + " ('"
                  + lines.text().trim()
                  + "') comes before its </event>");
        } else {
          continue;
        }
      }
      if (positional) {
        positional = readPositionalWeights(into, p);
      }
    }
  }

  /**
   * Reads numbers of a {@code <weights>} block from {@code from} on the current line; returns false
   * when the block closes on this line.
   */
  private boolean readPositionalWeights(LheEvent into, int from) {
    cursor.reset(lines.buffer(), from, lines.end(), lines.lineNumber());
    while (!cursor.atEnd()) {
      if (lines.buffer()[cursor.position()] == '<') {
        return false;
      }
      double value = cursor.nextDouble("value");
      if (!Double.isFinite(value)) {
        requireFinite(value, "positional weight " + positionalIndex + " in <weights>");
      }
      int slot = weights.positionalSlot(positionalIndex);
      if (slot < 0) {
        throw cursor.damage("more than " + WeightTable.MAX_SLOTS + " weights in the file");
      }
      into.setWeight(slot, value);
      positionalIndex++;
    }
    return true;
  }

  /** Reads every {@code <wgt id='..'> value </wgt>} on the current line from {@code from}. */
  private void readNamedWeights(LheEvent into, int from) {
    byte[] buf = lines.buffer();
    int end = lines.end();
    int p = from;
    while (p >= 0) {
      int close = Tags.indexOf(buf, (byte) '>', p, end);
      if (close < 0) {
        throw new Damage(lines.lineNumber(), "<wgt> tag not closed with '>' on its line");
      }
      long id = idAttribute(buf, p + Tags.WGT.length, close);
      if (id < 0) {
        throw new Damage(lines.lineNumber(), "<wgt> tag without an id attribute");
      }
      int idStart = (int) (id >>> 32);
      int idEnd = (int) id;
      int slot = weights.namedSlot(buf, idStart, idEnd);
      if (slot < 0) {
        throw new Damage(
            lines.lineNumber(), "more than " + WeightTable.MAX_SLOTS + " weights in the file");
      }
      cursor.reset(buf, close + 1, end, lines.lineNumber());
      if (cursor.atEnd() || buf[cursor.position()] == '<') {
        throw new Damage(
            lines.lineNumber(), "weight '" + text(buf, idStart, idEnd) + "' has no value");
      }
      double value;
      try {
        value = cursor.nextDouble("the value");
      } catch (Damage d) {
        throw new Damage(d.line, "weight '" + text(buf, idStart, idEnd) + "': " + d.getMessage());
      }
      if (!Double.isFinite(value)) {
        requireFinite(value, "weight '" + text(buf, idStart, idEnd) + "'");
      }
      into.setWeight(slot, value);
      p = Tags.indexOf(buf, Tags.WGT, cursor.position(), end);
    }
  }

  // --- damage ---------------------------------------------------------------------------------

  /**
   * Reports a damaged event and moves past it: to its {@code </event>}, or to the tag that cut it
   * short ({@code <event>} or {@code </LesHouchesEvents>}) which is then handled as usual.
   */
  private void skipDamagedEvent(long eventLine, Damage damage) throws IOException {
    while (!endsEvent()) {
      nextLineInEvent(eventLine, false);
    }
    if (lines.startsWith(Tags.EVENT, true)) {
      eventTagPending = true;
    } else if (lines.startsWith(Tags.ROOT_END, false)) {
      finished = true;
    }
    report(new LheFormatException(file, damage.line, damage.getMessage()));
  }

  /** True when the current line closes the current event one way or another. */
  private boolean endsEvent() {
    if (lines.firstByte() != '<') {
      return false;
    }
    return lines.startsWith(Tags.EVENT_END, false)
        || lines.startsWith(Tags.EVENT, true)
        || lines.startsWith(Tags.ROOT_END, false);
  }

  private void report(LheFormatException damage) {
    eventsDamaged++;
    if (firstDamage.size() < ReadStats.KEPT_MESSAGES) {
      firstDamage.add(damage.getMessage());
    }
    listener.damagedEvent(damage);
  }

  private Damage missingParticles(long infoLine, int declared, int found) {
    return new Damage(
        infoLine,
        "the event declares "
            + declared
            + " particles (NUP) but "
            + found
            + " particle lines follow before '"
            + lines.text().trim()
            + "' at line "
            + lines.lineNumber());
  }

  private Damage notFiniteParticle(int i, int count, double... values) {
    String[] columns = {"PX", "PY", "PZ", "E", "M", "VTIMUP", "SPINUP"};
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k])) {
        return new Damage(
            lines.lineNumber(),
            "particle "
                + (i + 1)
                + " of "
                + count
                + ": "
                + columns[k]
                + " is "
                + values[k]
                + "; expected a finite number");
      }
    }
    throw new IllegalStateException("no non-finite value among " + Arrays.toString(values));
  }

  private void requireFinite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new Damage(lines.lineNumber(), what + " is " + value + "; expected a finite number");
    }
  }

  // --- lines ----------------------------------------------------------------------------------

  /** Next line inside an event; the end of the stream there is a truncation. */
  private void nextLineInEvent(long eventLine) throws IOException {
    nextLineInEvent(eventLine, true);
  }

  private void nextLineInEvent(long eventLine, boolean refuseCutLines) throws IOException {
    if (!lines.next()) {
      finished = true;
      throw new LheFormatException(
          file,
          eventLine,
          "the stream ends inside the event that starts at line "
              + eventLine
              + " (line "
              + lines.lineNumber()
              + " is the last): the file is truncated");
    }
    if (refuseCutLines && lines.cut()) {
      throw new Damage(
          lines.lineNumber(),
          "line longer than " + lines.buffer().length + " bytes inside an event");
    }
  }

  /** Next line inside an event that is neither blank nor a {@code #} comment. */
  private void nextContentLine(long eventLine) throws IOException {
    do {
      nextLineInEvent(eventLine);
    } while (lines.firstByte() == 0 || lines.firstByte() == '#');
  }

  private void pointCursorAtLine() {
    cursor.reset(lines.buffer(), lines.first(), lines.end(), lines.lineNumber());
  }

  private int afterTagName(int p) {
    int close = Tags.indexOf(lines.buffer(), (byte) '>', p, lines.end());
    return close < 0 ? lines.end() : close + 1;
  }

  // --- helpers --------------------------------------------------------------------------------

  private void accumulate(double w) {
    // Neumaier's compensated sum: exact enough for millions of +-w weights that nearly cancel.
    double t = sumOfWeights + w;
    if (Math.abs(sumOfWeights) >= Math.abs(w)) {
      sumCompensation += (sumOfWeights - t) + w;
    } else {
      sumCompensation += (w - t) + sumOfWeights;
    }
    sumOfWeights = t;
    sumOfSquaredWeights += w * w;
  }

  /**
   * Finds the {@code id} attribute in the tag text {@code buf[from, to)}, quoted with ' or ";
   * returns its value's bounds packed as {@code start << 32 | end}, or -1.
   */
  private static long idAttribute(byte[] buf, int from, int to) {
    for (int p = from; p + 2 < to; p++) {
      if (buf[p] != 'i' || buf[p + 1] != 'd' || !FieldCursor.isBlank(buf[p - 1])) {
        continue;
      }
      int q = FieldCursor.skipBlanks(buf, p + 2, to);
      if (q >= to || buf[q] != '=') {
        continue;
      }
      q = FieldCursor.skipBlanks(buf, q + 1, to);
      if (q >= to || (buf[q] != '\'' && buf[q] != '"')) {
        continue;
      }
      int valueEnd = Tags.indexOf(buf, buf[q], q + 1, to);
      if (valueEnd > 0) {
        return ((long) (q + 1) << 32) | valueEnd;
      }
    }
    return -1;
  }

  private static String text(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }
}
