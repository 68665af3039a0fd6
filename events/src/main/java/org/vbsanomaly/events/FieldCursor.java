package org.vbsanomaly.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads whitespace-separated numbers from one line of bytes in place, without creating strings.
 * Accepts what Fortran and C writers produce: optional signs, a missing leading or trailing digit
 * ({@code -.3E+02}, {@code 0.}), exponent letters e, E, d and D, and Fortran's three-digit exponent
 * without a letter ({@code 0.1234567-101}). A number ends at a space, a tab, the end of the line or
 * a {@code <} (so {@code <wgt id='a'>1.5</wgt>} reads). NaN and infinities are parsed ({@code nan},
 * {@code inf}, {@code Infinity}) so that the caller can reject them with a precise message.
 *
 * <p>Doubles are exact: up to 15 significant digits (mantissa below 2^53) and exponents within
 * 10^+-22 take Clinger's fast path (one correctly rounded multiplication or division of exactly
 * representable values); anything else is handed to {@link Double#parseDouble}. Errors throw {@link
 * Damage} with the line number. Not thread-safe; one per reader.
 */
final class FieldCursor {
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long EXACT_MANTISSA_LIMIT = 1L << 53;

  /** Digits that always fit a long; more send the number to the slow path. */
  private static final int MAX_DIGITS = 18;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long SPACES = 0x2020202020202020L;
  private static final long ZEROS = 0x3030303030303030L;

  /** Length of MadGraph's number layout d.dddddddddde+dd. */
  private static final int FIXED_LENGTH = 16;

  /** The point's byte in the layout's first eight bytes ... */
  private static final long POINT_BYTE = 0xff00L;

  /** ... and the exponent letter's and sign's in its last eight. */
  private static final long EXPONENT_BYTES = 0xffff_0000_0000L;

  private static final boolean[] BLANK = new boolean[256];
  private static final boolean[] TERMINATOR = new boolean[256];

  static {
    for (char c : new char[] {' ', '\t', '\r', '\f'}) {
      BLANK[c] = true;
      TERMINATOR[c] = true;
    }
    TERMINATOR['<'] = true;
  }

  private byte[] buf;
  private int pos;
  private int end;
  private long line;

  /** Points the cursor at {@code buf[from, to)}, the text of line {@code line}. */
  void reset(byte[] buf, int from, int to, long line) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
    this.line = line;
  }

  int position() {
    return pos;
  }

  /** True when only whitespace remains. */
  boolean atEnd() {
    skipBlanks();
    return pos >= end;
  }

  /**
   * Reads an integer column.
   *
   * @param column name of the column, for the message
   */
  int nextInt(String column) {
    skipBlanks();
    final byte[] b = buf;
    final int end = this.end;
    int p = pos;
    boolean negative = false;
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      negative = b[p] == '-';
      p++;
    }
    int digitsStart = p;
    long value = 0;
    int d;
    while (p < end && p - digitsStart < 11 && (d = (b[p] - '0') & 0xff) < 10) {
      value = value * 10 + d;
      p++;
    }
    if (p == digitsStart || (p < end && !isTerminator(b[p]))) {
      throw badNumber(
          column, p < end && isDigit(b[p]) ? "an integer within 32 bits" : "an integer");
    }
    long signed = negative ? -value : value;
    if (signed > Integer.MAX_VALUE || signed < Integer.MIN_VALUE) {
      throw badNumber(column, "an integer within 32 bits");
    }
    pos = p;
    return (int) signed;
  }

  /**
   * Reads a floating-point column.
   *
   * @param column name of the column, for the message
   */
  double nextDouble(String column) {
    // Fast path, small enough to be inlined: [sign] digits [. digits] [e|E|d|D [sign] digits] with
    // at most 18 digits and a result Clinger's method gets exact. Anything else, errors included,
    // goes to the general path.
    final byte[] b = buf;
    final int end = this.end;
    final int first = skipBlanks(b, pos, end);
    int p = first;
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      p++;
    }
    if (p + FIXED_LENGTH <= end) {
      double fixed = fixedLayout(b, p);
      if (fixed == fixed && (p + FIXED_LENGTH == end || isTerminator(b[p + FIXED_LENGTH]))) {
        pos = p + FIXED_LENGTH;
        return b[first] == '-' ? -fixed : fixed;
      }
    }
    final int digitsStart = p;
    long mantissa = 0;
    int d;
    while (p < end && (d = (b[p] - '0') & 0xff) < 10) {
      mantissa = mantissa * 10 + d;
      p++;
    }
    int digits = p - digitsStart;
    int exponent = 0;
    if (p < end && b[p] == '.') {
      final int fraction = ++p;
      long chunk;
      while (p + Long.BYTES <= end && allDigits(chunk = (long) LONGS.get(b, p))) {
        mantissa = mantissa * 100_000_000L + eightDigits(chunk);
        p += Long.BYTES;
      }
      while (p < end && (d = (b[p] - '0') & 0xff) < 10) {
        mantissa = mantissa * 10 + d;
        p++;
      }
      exponent = fraction - p;
      digits -= exponent;
    }
    if (p < end && ((b[p] | 0x20) == 'e' || (b[p] | 0x20) == 'd')) {
      p = fastExponent(b, p + 1, end);
      exponent += exponentRead;
    }
    if ((p < end && !isTerminator(b[p])) || !exact(digits, mantissa, exponent)) {
      return nextDoubleInGeneral(first, column);
    }
    pos = p;
    double v = scaled(mantissa, exponent);
    return b[first] == '-' ? -v : v;
  }

  /**
   * True when {@code mantissa * 10^exponent} (from {@code digits} digits, at least one) is exactly
   * rounded by {@link #scaled}: the mantissa is exact in a double and so is the power of ten.
   */
  private static boolean exact(int digits, long mantissa, int exponent) {
    return digits > 0
        && digits <= MAX_DIGITS
        && mantissa < EXACT_MANTISSA_LIMIT
        && exponent >= -22
        && exponent <= 22;
  }

  /** One correctly rounded operation on exact operands (Clinger's fast path). */
  private static double scaled(long mantissa, int exponent) {
    double v = (double) mantissa;
    return exponent >= 0 ? v * POWERS_OF_TEN[exponent] : v / POWERS_OF_TEN[-exponent];
  }

  /** Exponent of the last {@link #fastExponent}; out of range (so refused) when malformed. */
  private int exponentRead;

  /**
   * Reads the sign and up to three digits of an exponent after its letter; returns the position
   * after them. A missing digit or a fourth one sets {@link #exponentRead} out of the fast range.
   */
  private int fastExponent(byte[] b, int p, int end) {
    boolean negative = p < end && b[p] == '-';
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      p++;
    }
    int start = p;
    int value = 0;
    int d;
    while (p < end && (d = (b[p] - '0') & 0xff) < 10 && p - start < 3) {
      value = value * 10 + d;
      p++;
    }
    exponentRead = p == start ? Integer.MAX_VALUE : negative ? -value : value;
    return p;
  }

  /** Every form {@link #nextDouble} accepts, from {@code first}; also the error messages. */
  private double nextDoubleInGeneral(int first, String column) {
    pos = first;
    final byte[] b = buf;
    final int end = this.end;
    int p = first;
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      p++;
    }
    long mantissa = 0;
    int digitsStart = p;
    int d;
    while (p < end && (d = (b[p] - '0') & 0xff) < 10) {
      mantissa = mantissa * 10 + d;
      p++;
    }
    int digits = p - digitsStart;
    int exponent = 0;
    if (p < end && b[p] == '.') {
      int fraction = ++p;
      long chunk;
      while (p + Long.BYTES <= end && allDigits(chunk = (long) LONGS.get(b, p))) {
        mantissa = mantissa * 100_000_000L + eightDigits(chunk);
        p += Long.BYTES;
      }
      while (p < end && (d = (b[p] - '0') & 0xff) < 10) {
        mantissa = mantissa * 10 + d;
        p++;
      }
      exponent = fraction - p;
      digits += p - fraction;
    }
    if (digits == 0) {
      return special(first, column);
    }
    if (p < end && !isTerminator(b[p])) {
      // exponent: a letter e, E, d or D with an optional sign, or a bare sign (Fortran's form for
      // three-digit exponents, 0.1234567-101)
      byte letter = (byte) (b[p] | 0x20);
      if (letter == 'e' || letter == 'd') {
        p++;
      } else if (b[p] != '+' && b[p] != '-') {
        throw badNumber(column, "a number");
      }
      boolean negativeExponent = p < end && b[p] == '-';
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int value = 0;
      int exponentStart = p;
      while (p < end && (d = (b[p] - '0') & 0xff) < 10) {
        // saturates: beyond 10^+-99999 the number is 0 or infinite either way
        value = value < 100_000 ? value * 10 + d : value;
        p++;
      }
      if (p == exponentStart || (p < end && !isTerminator(b[p]))) {
        throw badNumber(column, "a number");
      }
      exponent += negativeExponent ? -value : value;
    }
    pos = p;
    if (digits > MAX_DIGITS) {
      return slowPath(first, p, column);
    }
    double v = (double) mantissa;
    if (mantissa < EXACT_MANTISSA_LIMIT && exponent >= -22 && exponent <= 22) {
      v = exponent >= 0 ? v * POWERS_OF_TEN[exponent] : v / POWERS_OF_TEN[-exponent];
    } else if (mantissa != 0) {
      return slowPath(first, p, column);
    }
    return b[first] == '-' ? -v : v;
  }

  /**
   * The value of a number in MadGraph's layout {@code d.dddddddddde+dd} (C's {@code %.10e}, the
   * momenta, energies and masses of every MadGraph event) at {@code b[p]}, read with two 8-byte
   * loads and no loop; NaN when the bytes have another layout. Exact: the 11-digit mantissa and the
   * power of ten are exact doubles, combined by one correctly rounded operation.
   */
  private static double fixedLayout(byte[] b, int p) {
    long head = (long) LONGS.get(b, p);
    long tail = (long) LONGS.get(b, p + Long.BYTES);
    int point = (int) (head >>> 8) & 0xff;
    int letter = (int) (tail >>> 32) & 0xff;
    int sign = (int) (tail >>> 40) & 0xff;
    // the point, letter and sign are set to '0' before the digit test, so that no byte below '0'
    // borrows from the digits above it
    if (point != '.'
        || (letter | 0x20) != 'e'
        || (sign != '+' && sign != '-')
        || !allDigits((head & ~POINT_BYTE) | (ZEROS & POINT_BYTE))
        || !allDigits((tail & ~EXPONENT_BYTES) | (ZEROS & EXPONENT_BYTES))) {
      return Double.NaN;
    }
    long mantissa =
        (head & 0xf) * 10_000_000_000L
            + eightDigits((head >>> 16) | (tail << 48)) * 100
            + ((tail >>> 16) & 0xf) * 10
            + ((tail >>> 24) & 0xf);
    int exponent = (int) (((tail >>> 48) & 0xf) * 10 + ((tail >>> 56) & 0xf));
    exponent = sign == '-' ? -exponent - 10 : exponent - 10;
    return exponent >= -22 && exponent <= 22 ? scaled(mantissa, exponent) : Double.NaN;
  }

  /** True when the eight bytes of {@code chunk} are all ASCII digits. */
  private static boolean allDigits(long chunk) {
    long t = chunk - ZEROS;
    // high bit set in each byte that is not a digit: t >= 10, or negative (borrows only move up)
    return (((t + 0x7676767676767676L) | t) & 0x8080808080808080L) == 0;
  }

  /**
   * The value of eight ASCII digits loaded little-endian (first digit in the lowest byte): digits
   * are combined in pairs, then fours, by three multiplications instead of eight dependent
   * multiply-adds.
   */
  private static long eightDigits(long chunk) {
    long v = chunk - ZEROS;
    v = v * 10 + (v >>> 8);
    return (((v & 0x000000ff000000ffL) * (100 + (1_000_000L << 32)))
            + (((v >>> 16) & 0x000000ff000000ffL) * (1 + (10_000L << 32))))
        >>> 32;
  }

  /** NaN and infinities spelled out; anything else is not a number. */
  private double special(int first, String column) {
    int p = first;
    if (p < end && (buf[p] == '-' || buf[p] == '+')) {
      p++;
    }
    int wordEnd = p;
    while (wordEnd < end && !isTerminator(buf[wordEnd])) {
      wordEnd++;
    }
    String word = new String(buf, p, wordEnd - p, StandardCharsets.ISO_8859_1);
    double value;
    if (word.equalsIgnoreCase("nan")) {
      value = Double.NaN;
    } else if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
      value = buf[first] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    } else {
      throw badNumber(column, "a number");
    }
    pos = wordEnd;
    return value;
  }

  private double slowPath(int first, int last, String column) {
    String text = new String(buf, first, last - first, StandardCharsets.ISO_8859_1);
    StringBuilder javaText = new StringBuilder(text.length() + 1);
    boolean seenDigit = false;
    boolean seenExponent = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 'd' || c == 'D') {
        c = 'E';
      }
      if ((c == '+' || c == '-') && seenDigit && !seenExponent) {
        javaText.append('E');
      }
      seenExponent |= c == 'e' || c == 'E';
      seenDigit |= Character.isDigit(c);
      javaText.append(c);
    }
    try {
      return Double.parseDouble(javaText.toString());
    } catch (NumberFormatException e) {
      throw badNumber(column, "a number");
    }
  }

  /** The token at the cursor, for messages (does not move). */
  String token() {
    skipBlanks();
    int p = pos;
    while (p < end && !isBlank(buf[p])) {
      p++;
    }
    return new String(buf, pos, p - pos, StandardCharsets.ISO_8859_1);
  }

  Damage damage(String message) {
    return new Damage(line, message);
  }

  private Damage badNumber(String column, String expected) {
    String token = token();
    return token.isEmpty()
        ? new Damage(line, column + " is missing: expected " + expected + ", found end of line")
        : new Damage(line, column + " is not " + expected + ": '" + token + "'");
  }

  private void skipBlanks() {
    pos = skipBlanks(buf, pos, end);
  }

  /**
   * First position in {@code b[p, end)} that is not a blank, or {@code end}; runs of spaces are
   * skipped eight bytes at a time, as LHE pads its columns with them.
   */
  static int skipBlanks(byte[] b, int p, int end) {
    while (p + Long.BYTES <= end) {
      long notSpace = (long) LONGS.get(b, p) ^ SPACES;
      if (notSpace != 0) {
        p += Long.numberOfTrailingZeros(notSpace) >>> 3;
        break;
      }
      p += Long.BYTES;
    }
    while (p < end && isBlank(b[p])) {
      p++;
    }
    return p;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  static boolean isBlank(byte b) {
    return BLANK[b & 0xff];
  }

  private static boolean isTerminator(byte b) {
    return TERMINATOR[b & 0xff];
  }
}
