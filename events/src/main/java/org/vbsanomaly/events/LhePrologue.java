package org.vbsanomaly.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the part of an LHE file before the events: the {@code <LesHouchesEvents>} root and its
 * version, the header (for weight declarations only; everything else in it is skipped), and the
 * {@code <init>} block. Every problem here is fatal, so it throws {@link LheFormatException} with
 * the file and line.
 */
final class LhePrologue {
  private static final int LINES_BEFORE_ROOT = 1000;

  private final LineSource lines;
  private final FieldCursor cursor;
  private final WeightTable weights;
  private final Path file;

  LhePrologue(LineSource lines, FieldCursor cursor, WeightTable weights, Path file) {
    this.lines = lines;
    this.cursor = cursor;
    this.weights = weights;
    this.file = file;
  }

  /** Reads from the start of the stream to the end of the {@code <init>} block. */
  LheInit read() throws IOException {
    String version = findRoot();
    while (lines.next()) {
      if (lines.firstByte() != '<') {
        continue;
      }
      if (lines.startsWith(Tags.INIT, true)) {
        return readInit(version);
      }
      if (lines.startsWith(Tags.HEADER, true)) {
        readHeader();
      } else if (lines.startsWith(Tags.INITRWGT, true)) {
        readInitRwgt();
      } else if (lines.startsWith(Tags.COMMENT, false)) {
        lines.skipComment();
      } else if (lines.startsWith(Tags.EVENT, true) || lines.startsWith(Tags.ROOT_END, false)) {
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
      int b = lines.firstByte();
      if (b == 0) {
        continue;
      }
      if (lines.startsWith(Tags.ROOT, true)) {
        String version = stringAttribute(lines.text(), "version");
        return version == null ? "" : version;
      }
      if (lines.startsWith(Tags.COMMENT, false)) {
        lines.skipComment();
      } else if (!lines.startsWith(Tags.XML_DECLARATION, false)
          || lines.lineNumber() > LINES_BEFORE_ROOT) {
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
      if (lines.firstByte() != '<') {
        continue;
      }
      if (lines.startsWith(Tags.HEADER_END, false)) {
        return;
      }
      if (lines.startsWith(Tags.INITRWGT, true)) {
        readInitRwgt();
      } else if (lines.startsWith(Tags.WEIGHTINFO, true)) {
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
      int b = lines.firstByte();
      if (b == 0 || b == '#') {
        continue;
      }
      if (b == '<') {
        if (lines.startsWith(Tags.INIT_END, false)) {
          break;
        }
        if (lines.startsWith(Tags.WEIGHTINFO, true)) {
          declarePositional();
        } else if (lines.startsWith(Tags.INITRWGT, true)) {
          readInitRwgt();
        }
        continue;
      }
      try {
        cursor.reset(lines.buffer(), lines.first(), lines.end(), lines.lineNumber());
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
    if (!lines.startsWith(Tags.INIT_END, false)) {
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

  private void requireFinite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new Damage(lines.lineNumber(), what + " is " + value + "; expected a finite number");
    }
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

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
