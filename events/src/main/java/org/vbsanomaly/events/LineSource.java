package org.vbsanomaly.events;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Splits a byte stream into lines in one fixed buffer, without decoding characters: the current
 * line is {@code buffer()[start(), end())}, valid until the next call to {@link #next()}. A
 * trailing carriage return is dropped. Memory is the buffer alone whatever the input; a line longer
 * than the buffer is cut, its head delivered with {@link #cut()} set and the rest skipped.
 *
 * <p>Read failures of a gzip stream are turned into {@link LheFormatException}s naming the file and
 * the line being read. Not thread-safe.
 */
final class LineSource implements Closeable {
  static final int DEFAULT_CAPACITY = 1 << 18;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final InputStream in;
  private final Path file;
  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private boolean skipping;
  private long lineNumber;
  private int start;
  private int end;
  private int first = -1;
  private boolean cut;

  LineSource(InputStream in, Path file, int capacity) {
    this.in = in;
    this.file = file;
    this.buf = new byte[capacity];
  }

  /** Moves to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    if (skipping) {
      skipRestOfLine();
    }
    int scanFrom = pos;
    while (true) {
      int newline = indexOfNewline(buf, scanFrom, limit);
      if (newline >= 0) {
        deliver(pos, newline, false);
        pos = newline + 1;
        return true;
      }
      if (eof) {
        return lastLine();
      }
      scanFrom = limit - pos;
      if (!makeRoom()) {
        deliver(0, limit, true);
        pos = limit;
        skipping = true;
        return true;
      }
      fill();
    }
  }

  /**
   * Index of the first {@code '\n'} in {@code buf[from, to)}, or -1. Tests eight bytes at a time
   * with the classic has-zero-byte bit trick; the lowest flagged byte is always a true match.
   */
  static int indexOfNewline(byte[] buf, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(buf, i) ^ NEWLINES;
      long found = (x - ONES) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Position of the first non-blank byte of the current line ({@link #end()} if blank). */
  int first() {
    if (first < 0) {
      first = FieldCursor.skipBlanks(buf, start, end);
    }
    return first;
  }

  /** First non-blank byte of the current line; 0 for a blank line. */
  int firstByte() {
    int p = first();
    return p < end ? buf[p] : 0;
  }

  /**
   * True when the current line starts, after blanks, with {@code tag}; with {@code wholeName} the
   * tag's name must also end there: {@code <event} then matches {@code <event>} and {@code <event
   * a='1'>}, not {@code <eventgroup>}.
   */
  boolean startsWith(byte[] tag, boolean wholeName) {
    int p = first();
    if (end - p < tag.length || !Arrays.equals(buf, p, p + tag.length, tag, 0, tag.length)) {
      return false;
    }
    if (!wholeName || p + tag.length == end) {
      return true;
    }
    byte next = buf[p + tag.length];
    return next == '>' || next == '/' || FieldCursor.isBlank(next);
  }

  /**
   * Moves past an XML comment that opens on the current line: to the line holding its {@code -->}
   * (the current one if it closes there), or to the end of the stream.
   */
  void skipComment() throws IOException {
    int from = first() + Tags.COMMENT.length;
    while (Tags.indexOf(buf, Tags.COMMENT_END, from, end) < 0) {
      if (!next()) {
        return;
      }
      from = start;
    }
  }

  byte[] buffer() {
    return buf;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** True when the current line was longer than the buffer and only its head is kept. */
  boolean cut() {
    return cut;
  }

  /** 1-based number of the current line (0 before the first). */
  long lineNumber() {
    return lineNumber;
  }

  /** The current line as text, for messages. */
  String text() {
    return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void deliver(int from, int to, boolean wasCut) {
    int stop = to;
    if (stop > from && buf[stop - 1] == '\r') {
      stop--;
    }
    start = from;
    end = stop;
    first = -1;
    cut = wasCut;
    lineNumber++;
  }

  private boolean lastLine() {
    if (pos < limit) {
      deliver(pos, limit, false);
      pos = limit;
      return true;
    }
    return false;
  }

  /** Moves the unread bytes to the front; false when the buffer is full of one line. */
  private boolean makeRoom() {
    if (pos == 0) {
      return limit < buf.length;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    limit -= pos;
    pos = 0;
    return true;
  }

  private void skipRestOfLine() throws IOException {
    skipping = false;
    while (true) {
      int newline = indexOfNewline(buf, pos, limit);
      if (newline >= 0) {
        pos = newline + 1;
        return;
      }
      pos = 0;
      limit = 0;
      if (eof) {
        return;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    int n;
    try {
      n = in.read(buf, limit, buf.length - limit);
    } catch (EOFException e) {
      throw new LheFormatException(
          file,
          lineNumber + 1,
          "the compressed stream is truncated: gzip data ends before its end marker (file cut"
              + " short by an interrupted copy or job?)",
          e);
    } catch (ZipException e) {
      throw new LheFormatException(
          file, lineNumber + 1, "the compressed stream is corrupt: " + e.getMessage(), e);
    }
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }
}
