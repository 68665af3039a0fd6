package org.vbsanomaly.events;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

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
 */
public final class LheReader implements AutoCloseable {
  /** Most particles an event may declare; more is reported as damage (bounds memory). */
  public static final int MAX_PARTICLES = 10_000;

  private static final byte[] ROOT = bytes("<LesHouchesEvents");
  private static final byte[] ROOT_END = bytes("</LesHouchesEvents");
  private static final byte[] HEADER = bytes("<header");
  private static final byte[] HEADER_END = bytes("</header");
  private static final byte[] INIT = bytes("<init");
  private static final byte[] INIT_END = bytes("</init");
  private static final byte[] INITRWGT = bytes("<initrwgt");
  private static final byte[] WEIGHTINFO = bytes("<weightinfo");
  private static final byte[] EVENT = bytes("<event");
  private static final byte[] EVENT_END = bytes("</event");
  private static final byte[] RWGT = bytes("<rwgt");
  private static final byte[] WGT = bytes("<wgt");
  private static final byte[] WEIGHTS = bytes("<weights");
  private static final byte[] WEIGHTS_END = bytes("</weights");
  private static final byte[] COMMENT = bytes("<!--");
  private static final byte[] COMMENT_END = bytes("-->");
  private static final byte[] XML_DECLARATION = bytes("<?xml");
  private static final String EVENT_INFO_COLUMNS = "NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP";
  private static final int LINES_BEFORE_ROOT = 1000;
  private static final int GZIP_BUFFER = 1 << 16;

  private final LineSource lines;
  private final CountingInputStream source;
  private final long sourceSize;
  private final Path file;
  private final DamageListener listener;
  private final FieldCursor cursor = new FieldCursor();
  private final WeightTable weights = new WeightTable();
  private final LheInit init;

  /** Position of the first non-blank byte of the current line. */
  private int first;

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
    this.source = new CountingInputStream(raw);
    BufferedInputStream buffered = new BufferedInputStream(source, GZIP_BUFFER);
    InputStream decoded = decode(buffered, file);
    this.lines = new LineSource(decoded, file, bufferSize);
    this.init = readPrologue();
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
      if (firstByte() != '<') {
        continue;
      }
      if (tag(EVENT, true)) {
        return true;
      }
      if (tag(ROOT_END, false)) {
        finished = true;
        return false;
      }
      if (tag(COMMENT, false)) {
        skipComment();
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
    if (firstByte() == '<') {
      throw tag(EVENT_END, false)
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
      if (firstByte() == '<') {
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
      int p = first;
      if (p >= lines.end()) {
        continue;
      }
      if (lines.buffer()[p] == '<') {
        if (tag(EVENT_END, false)) {
          return;
        }
        if (tag(WGT, true)) {
          readNamedWeights(into, p);
          continue;
        }
        if (tag(RWGT, true)) {
          int wgt = indexOf(lines.buffer(), WGT, p + RWGT.length, lines.end());
          if (wgt >= 0) {
            readNamedWeights(into, wgt);
          }
          continue;
        }
        if (tag(WEIGHTS, true)) {
          positional = true;
          p = afterTagName(p);
        } else if (tag(WEIGHTS_END, false)) {
          positional = false;
          continue;
        } else if (tag(EVENT, true) || tag(ROOT_END, false)) {
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
      int close = indexOf(buf, (byte) '>', p, end);
      if (close < 0) {
        throw new Damage(lines.lineNumber(), "<wgt> tag not closed with '>' on its line");
      }
      long id = attribute(buf, p + WGT.length, close, (byte) 'i', (byte) 'd');
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
      p = indexOf(buf, WGT, cursor.position(), end);
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
    if (tag(EVENT, true)) {
      eventTagPending = true;
    } else if (tag(ROOT_END, false)) {
      finished = true;
    }
    report(new LheFormatException(file, damage.line, damage.getMessage()));
  }

  /** True when the current line closes the current event one way or another. */
  private boolean endsEvent() {
    if (firstByte() != '<') {
      return false;
    }
    return tag(EVENT_END, false) || tag(EVENT, true) || tag(ROOT_END, false);
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
    first = firstNonBlank();
  }

  /** Next line inside an event that is neither blank nor a {@code #} comment. */
  private void nextContentLine(long eventLine) throws IOException {
    do {
      nextLineInEvent(eventLine);
    } while (first >= lines.end() || lines.buffer()[first] == '#');
  }

  private void pointCursorAtLine() {
    cursor.reset(lines.buffer(), first, lines.end(), lines.lineNumber());
  }

  private int firstNonBlank() {
    return FieldCursor.skipBlanks(lines.buffer(), lines.start(), lines.end());
  }

  /** First non-blank byte of the current line, 0 for a blank line. */
  private int firstByte() {
    first = firstNonBlank();
    return first < lines.end() ? lines.buffer()[first] : 0;
  }

  /**
   * True when the current line starts (after blanks) with {@code tag}; with {@code whole}, the tag
   * name must also end there ({@code <event} matches {@code <event>} and {@code <event a=1>}, not
   * {@code <eventgroup>}).
   */
  private boolean tag(byte[] tag, boolean whole) {
    byte[] buf = lines.buffer();
    int end = lines.end();
    int p = first;
    if (end - p < tag.length || !Arrays.equals(buf, p, p + tag.length, tag, 0, tag.length)) {
      return false;
    }
    if (!whole || p + tag.length == end) {
      return true;
    }
    byte next = buf[p + tag.length];
    return next == '>' || next == '/' || FieldCursor.isBlank(next);
  }

  private int afterTagName(int p) {
    int close = indexOf(lines.buffer(), (byte) '>', p, lines.end());
    return close < 0 ? lines.end() : close + 1;
  }

  private void skipComment() throws IOException {
    int from = first + COMMENT.length;
    while (indexOf(lines.buffer(), COMMENT_END, from, lines.end()) < 0) {
      if (!lines.next()) {
        return;
      }
      from = lines.start();
    }
  }

  // --- prologue: root, header, init ---------------------------------------------------------

  private LheInit readPrologue() throws IOException {
    String version = findRoot();
    while (lines.next()) {
      if (firstByte() != '<') {
        continue;
      }
      if (tag(INIT, true)) {
        return readInit(version);
      }
      if (tag(HEADER, true)) {
        readHeader();
      } else if (tag(INITRWGT, true)) {
        readInitRwgt();
      } else if (tag(COMMENT, false)) {
        skipComment();
      } else if (tag(EVENT, true) || tag(ROOT_END, false)) {
        throw new LheFormatException(
            file, lines.lineNumber(), "no <init> block before '" + lines.text().trim() + "'");
      }
    }
    throw new LheFormatException(
        file, lines.lineNumber(), "the file ends before its <init> block: the file is truncated");
  }

  /** Finds {@code <LesHouchesEvents ...>}; returns its version attribute. */
  private String findRoot() throws IOException {
    while (lines.next()) {
      int b = firstByte();
      if (b == 0) {
        continue;
      }
      if (tag(ROOT, true)) {
        String version = stringAttribute(lines.text(), "version");
        return version == null ? "" : version;
      }
      if (tag(COMMENT, false)) {
        skipComment();
      } else if (!tag(XML_DECLARATION, false) || lines.lineNumber() > LINES_BEFORE_ROOT) {
        throw new LheFormatException(
            file,
            lines.lineNumber(),
            "not a Les Houches event file: expected <LesHouchesEvents version=\"...\">, found '"
                + abbreviate(lines.text().trim())
                + "'");
      }
    }
    throw new LheFormatException(
        file, lines.lineNumber(), "not a Les Houches event file: no <LesHouchesEvents> tag");
  }

  /** Reads the header up to {@code </header>}, picking out weight declarations. */
  private void readHeader() throws IOException {
    long headerLine = lines.lineNumber();
    while (lines.next()) {
      if (firstByte() != '<') {
        continue;
      }
      if (tag(HEADER_END, false)) {
        return;
      }
      if (tag(INITRWGT, true)) {
        readInitRwgt();
      } else if (tag(WEIGHTINFO, true)) {
        declarePositional();
      }
    }
    throw new LheFormatException(
        file, headerLine, "the <header> that starts here is not closed: the file is truncated");
  }

  /** Reads {@code <weight id="...">} declarations up to {@code </initrwgt>}. */
  private void readInitRwgt() throws IOException {
    long startLine = lines.lineNumber();
    do {
      String text = lines.text();
      int p = 0;
      while ((p = text.indexOf("<weight", p)) >= 0) {
        int nameEnd = p + "<weight".length();
        char next = nameEnd < text.length() ? text.charAt(nameEnd) : '>';
        if (next == ' ' || next == '\t' || next == '>') {
          int close = text.indexOf('>', nameEnd);
          String id = stringAttribute(text.substring(p, close < 0 ? text.length() : close), "id");
          if (id != null) {
            weights.declareNamed(id);
          }
        }
        p = nameEnd;
      }
      if (text.contains("</initrwgt")) {
        return;
      }
    } while (lines.next());
    throw new LheFormatException(
        file, startLine, "the <initrwgt> that starts here is not closed: the file is truncated");
  }

  private void declarePositional() {
    String name = stringAttribute(lines.text(), "name");
    weights.declarePositionalName(name == null ? "" : name);
  }

  /** Reads the {@code <init>} block: the beam line, NPRUP process lines, optional tags. */
  private LheInit readInit(String version) throws IOException {
    long initLine = lines.lineNumber();
    int[] beamInts = null;
    double[] energies = null;
    int processCount = 0;
    List<LheInit.Process> processes = new ArrayList<>();
    while (lines.next()) {
      int b = firstByte();
      if (b == 0 || b == '#') {
        continue;
      }
      if (b == '<') {
        if (tag(INIT_END, false)) {
          break;
        }
        if (tag(WEIGHTINFO, true)) {
          declarePositional();
        } else if (tag(INITRWGT, true)) {
          readInitRwgt();
        }
        continue;
      }
      try {
        pointCursorAtLine();
        if (beamInts == null) {
          energies = new double[2];
          beamInts = readBeamLine(energies);
          processCount = beamInts[7];
        } else if (processes.size() < processCount) {
          processes.add(readProcessLine());
        }
      } catch (Damage d) {
        throw new LheFormatException(file, d.line, "in <init>: " + d.getMessage());
      }
    }
    if (!tag(INIT_END, false)) {
      throw new LheFormatException(
          file, initLine, "the <init> block that starts here is not closed: the file is truncated");
    }
    if (beamInts == null || processes.size() < processCount) {
      throw new LheFormatException(
          file,
          initLine,
          beamInts == null
              ? "the <init> block has no beam line (IDBMUP1 IDBMUP2 EBMUP1 EBMUP2 PDFGUP1 PDFGUP2"
                  + " PDFSUP1 PDFSUP2 IDWTUP NPRUP)"
              : "the <init> block declares NPRUP = "
                  + processCount
                  + " processes but "
                  + processes.size()
                  + " process lines (XSECUP XERRUP XMAXUP LPRUP) follow");
    }
    return new LheInit(
        version,
        beamInts[0],
        beamInts[1],
        energies[0],
        energies[1],
        beamInts[2],
        beamInts[3],
        beamInts[4],
        beamInts[5],
        beamInts[6],
        processes);
  }

  /** IDBMUP1 IDBMUP2 EBMUP1 EBMUP2 PDFGUP1 PDFGUP2 PDFSUP1 PDFSUP2 IDWTUP NPRUP. */
  private int[] readBeamLine(double[] energies) {
    int beam1 = cursor.nextInt("IDBMUP(1)");
    int beam2 = cursor.nextInt("IDBMUP(2)");
    energies[0] = cursor.nextDouble("EBMUP(1)");
    energies[1] = cursor.nextDouble("EBMUP(2)");
    requireFinite(energies[0], "EBMUP(1)");
    requireFinite(energies[1], "EBMUP(2)");
    int pdfGroup1 = cursor.nextInt("PDFGUP(1)");
    int pdfGroup2 = cursor.nextInt("PDFGUP(2)");
    int pdfSet1 = cursor.nextInt("PDFSUP(1)");
    int pdfSet2 = cursor.nextInt("PDFSUP(2)");
    int idwtup = cursor.nextInt("IDWTUP");
    int nprup = cursor.nextInt("NPRUP");
    if (idwtup == 0 || Math.abs(idwtup) > 4) {
      throw cursor.damage("IDWTUP = " + idwtup + ": expected +-1, +-2, +-3 or +-4");
    }
    if (nprup < 1 || nprup > 100_000) {
      throw cursor.damage("NPRUP = " + nprup + ": expected 1 to 100000 processes");
    }
    return new int[] {beam1, beam2, pdfGroup1, pdfGroup2, pdfSet1, pdfSet2, idwtup, nprup};
  }

  /** XSECUP XERRUP XMAXUP LPRUP. */
  private LheInit.Process readProcessLine() {
    double xsec = cursor.nextDouble("XSECUP");
    double xerr = cursor.nextDouble("XERRUP");
    double xmax = cursor.nextDouble("XMAXUP");
    int lprup = cursor.nextInt("LPRUP");
    requireFinite(xsec, "XSECUP (cross section in pb)");
    requireFinite(xerr, "XERRUP");
    requireFinite(xmax, "XMAXUP");
    return new LheInit.Process(xsec, xerr, xmax, lprup);
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

  private static InputStream decode(BufferedInputStream in, Path file) throws IOException {
    in.mark(8);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, GZIP_BUFFER);
    }
    String other = otherCompression(magic);
    if (other != null) {
      throw new LheFormatException(
          file,
          0,
          "the file is compressed with "
              + other
              + "; only plain and gzip-compressed LHE are"
              + " read (decompress it first, or recompress it with gzip)");
    }
    return in;
  }

  private static String otherCompression(byte[] m) {
    if (m.length >= 4
        && (m[0] & 0xff) == 0x28
        && (m[1] & 0xff) == 0xb5
        && (m[2] & 0xff) == 0x2f
        && (m[3] & 0xff) == 0xfd) {
      return "zstd";
    }
    if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
      return "bzip2";
    }
    if (m.length >= 6
        && (m[0] & 0xff) == 0xfd
        && m[1] == '7'
        && m[2] == 'z'
        && m[3] == 'X'
        && m[4] == 'Z'
        && m[5] == 0) {
      return "xz";
    }
    return null;
  }

  /**
   * Finds attribute {@code a1 a2} (a two-letter name such as {@code id}) in {@code buf[from, to)};
   * returns its value's bounds packed as {@code start << 32 | end}, or -1.
   */
  private static long attribute(byte[] buf, int from, int to, byte a1, byte a2) {
    for (int p = from; p + 2 < to; p++) {
      if (buf[p] != a1 || buf[p + 1] != a2 || !FieldCursor.isBlank(buf[p - 1])) {
        continue;
      }
      int q = p + 2;
      while (q < to && FieldCursor.isBlank(buf[q])) {
        q++;
      }
      if (q >= to || buf[q] != '=') {
        continue;
      }
      q++;
      while (q < to && FieldCursor.isBlank(buf[q])) {
        q++;
      }
      if (q >= to || (buf[q] != '\'' && buf[q] != '"')) {
        continue;
      }
      int valueEnd = indexOf(buf, buf[q], q + 1, to);
      if (valueEnd > 0) {
        return ((long) (q + 1) << 32) | valueEnd;
      }
    }
    return -1;
  }

  /** Value of attribute {@code name} in a tag's text, quotes single or double; null if absent. */
  static String stringAttribute(String tag, String name) {
    int p = 0;
    while ((p = tag.indexOf(name, p)) >= 0) {
      int q = p + name.length();
      boolean startsWord = p > 0 && Character.isWhitespace(tag.charAt(p - 1));
      while (q < tag.length() && Character.isWhitespace(tag.charAt(q))) {
        q++;
      }
      if (startsWord && q < tag.length() && tag.charAt(q) == '=') {
        q++;
        while (q < tag.length() && Character.isWhitespace(tag.charAt(q))) {
          q++;
        }
        if (q < tag.length() && (tag.charAt(q) == '"' || tag.charAt(q) == '\'')) {
          int close = tag.indexOf(tag.charAt(q), q + 1);
          if (close > 0) {
            return tag.substring(q + 1, close).trim();
          }
        }
      }
      p += name.length();
    }
    return null;
  }

  private static int indexOf(byte[] buf, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] buf, byte[] pattern, int from, int to) {
    for (int i = from; i + pattern.length <= to; i++) {
      if (buf[i] == pattern[0]
          && Arrays.equals(buf, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Counts the bytes read from the underlying source, for progress reports. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
