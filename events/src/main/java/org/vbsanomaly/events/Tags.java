package org.vbsanomaly.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The LHE tags the reader acts on, as bytes, and byte searches over a line. */
final class Tags {
  static final byte[] ROOT = bytes("<LesHouchesEvents");
  static final byte[] ROOT_END = bytes("</LesHouchesEvents");
  static final byte[] HEADER = bytes("<header");
  static final byte[] HEADER_END = bytes("</header");
  static final byte[] INIT = bytes("<init");
  static final byte[] INIT_END = bytes("</init");
  static final byte[] INITRWGT = bytes("<initrwgt");
  static final byte[] WEIGHTINFO = bytes("<weightinfo");
  static final byte[] EVENT = bytes("<event");
  static final byte[] EVENT_END = bytes("</event");
  static final byte[] RWGT = bytes("<rwgt");
  static final byte[] WGT = bytes("<wgt");
  static final byte[] WEIGHTS = bytes("<weights");
  static final byte[] WEIGHTS_END = bytes("</weights");
  static final byte[] COMMENT = bytes("<!--");
  static final byte[] COMMENT_END = bytes("-->");
  static final byte[] XML_DECLARATION = bytes("<?xml");

  private Tags() {}

  static int indexOf(byte[] buf, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static int indexOf(byte[] buf, byte[] pattern, int from, int to) {
    for (int i = from; i + pattern.length <= to; i++) {
      if (buf[i] == pattern[0]
          && Arrays.equals(buf, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
