package org.vbsanomaly.events;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The byte streams under a reader: compression recognised by magic bytes, and a byte count. */
final class SourceStreams {
  /** Buffer of the gzip decoder and of the raw stream under it. */
  static final int BUFFER = 1 << 16;

  private SourceStreams() {}

  /**
   * The decompressed content of {@code in}: gzip is recognised by its magic bytes and decoded
   * (concatenated members included); anything else is passed through as plain text, except the
   * other common compressions, which are refused with a message saying how to convert them.
   */
  static InputStream decompressing(BufferedInputStream in, Path file) throws IOException {
    in.mark(8);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
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

  /** Counts the bytes read from the underlying source, for progress reports. */
  static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
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
