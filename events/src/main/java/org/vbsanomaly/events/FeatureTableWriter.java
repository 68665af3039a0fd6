package org.vbsanomaly.events;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vbsanomaly.schema.v1.FeedHeader;

/**
 * Writes a feature table: one row per event with its id, its weight in pb and the 14 {@link
 * Observable}s. Two formats:
 *
 * <ul>
 *   <li>CSV: a header line {@code id,weight_pb,mjj,...,dphijj}, then one line per event; a missing
 *       observable is an empty cell; numbers in Java's shortest round-trip form;
 *   <li>protobuf feed (version 1 of the project's wire contract): length-delimited messages, one
 *       {@link FeedHeader} naming the features and units, then one {@link Event} per row with a
 *       {@link FeatureRow} (float values, missing ones 0 with their bit set in {@code
 *       missing_mask}) and {@code weight_pb}.
 * </ul>
 *
 * <p>The writer owns the stream it is given and closes it in {@link #close()}. Not thread-safe.
 */
public interface FeatureTableWriter extends Closeable {
  /** Feed format version written in {@link FeedHeader#getFormatVersion()}. */
  int FEED_FORMAT_VERSION = 1;

  /**
   * Writes one row.
   *
   * @param observables the 14 observables in {@link Observable} order
   * @param missingMask bit i set when observable i is missing
   */
  void write(long id, double weightPb, double[] observables, int missingMask) throws IOException;

  /** A CSV table on {@code out}. */
  static FeatureTableWriter csv(OutputStream out) throws IOException {
    return new CsvFeatureTableWriter(out);
  }

  /** A protobuf feed on {@code out}; {@code source} goes into the header (file names, run). */
  static FeatureTableWriter protobuf(OutputStream out, String source) throws IOException {
    return new ProtobufFeedWriter(out, source);
  }

  /**
   * A writer chosen by the file name: {@code .csv} or {@code .pb}.
   *
   * @throws IllegalArgumentException for any other extension
   */
  static FeatureTableWriter open(Path file, String source) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".csv") && !name.endsWith(".pb")) {
      throw new IllegalArgumentException(
          "cannot tell the table format of '"
              + file
              + "': expected a name ending in .csv"
              + " (comma-separated text) or .pb (length-delimited protobuf feed)");
    }
    OutputStream out = Files.newOutputStream(file);
    return name.endsWith(".csv") ? csv(out) : protobuf(out, source);
  }
}
