package org.vbsanomaly.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.vbsanomaly.inference.AnomalyFlag;
import org.vbsanomaly.inference.AnomalyModel;
import org.vbsanomaly.inference.pipeline.ScoreSink;
import org.vbsanomaly.inference.pipeline.ScoredEvent;
import org.vbsanomaly.schema.v1.ScoreHeader;
import org.vbsanomaly.schema.v1.ScoreStatus;

/**
 * Writes scoring results to a file or standard output: CSV, or a protobuf score stream (one {@link
 * ScoreHeader}, then one {@code Score} per row, length-delimited). By default a row is written for
 * each scored event only; with {@code allRows} rejected and failed events get a row too, with their
 * status and reason, and so do damaged input events, which never enter the pipeline: they are
 * handed over by {@link #damaged} and written as errors in id order among the pipeline's results.
 *
 * <p>A {@link ScoreSink}: rows are written on the pipeline's result thread. The first write failure
 * stops the writing and is kept; {@link #close()} rethrows it, so a broken output is never taken
 * for a complete one.
 */
abstract class ScoreFileSink implements ScoreSink, Closeable {

  /** Version of the score file formats written here. */
  static final int FORMAT_VERSION = 1;

  private final String name;
  private final boolean allRows;
  private final Queue<ScoredEvent> damaged = new ConcurrentLinkedQueue<>();
  private long rows;
  private IOException failure;

  private ScoreFileSink(String name, boolean allRows) {
    this.name = name;
    this.allRows = allRows;
  }

  /**
   * Opens the output named by {@code out}: a path ending in {@code .csv} or {@code .pb}, or {@code
   * "-"} for CSV on standard output (left open; a failure to write it is reported as for a file,
   * see {@link StandardOutput}).
   *
   * @throws IllegalArgumentException for another file name ending
   */
  static ScoreFileSink open(String out, AnomalyModel model, AnomalyFlag flag, boolean allRows)
      throws IOException {
    if ("-".equals(out)) {
      return new Csv(StandardOutput.NAME, StandardOutput.open(), allRows);
    }
    String lower = out.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return new Csv(out, Files.newOutputStream(Path.of(out)), allRows);
    }
    if (lower.endsWith(".pb")) {
      return new Protobuf(out, Files.newOutputStream(Path.of(out)), model, flag, allRows);
    }
    throw new IllegalArgumentException(
        "--out "
            + out
            + ": expected a file name ending in .csv or .pb, or '-' for CSV on standard output");
  }

  /** Where the rows go, for messages. */
  String name() {
    return name;
  }

  /** Rows written so far. */
  long rows() {
    return rows;
  }

  /**
   * A damaged input event, which gets a row (status error, no scores, the damage as its error) with
   * {@code allRows} and none otherwise. Called on the reading thread before it publishes any event
   * with a larger id, so the row is written before the first result with a larger id, or at {@link
   * #close()}: rows stay in id order.
   *
   * @param id the event's id (its position in the input, as the pipeline's events have)
   * @param reason what is wrong with it, naming the file and line
   */
  final void damaged(long id, String reason) {
    if (allRows) {
      damaged.add(new DamagedEvent(id, reason));
    }
  }

  @Override
  public final void accept(ScoredEvent result) {
    writeDamagedBefore(result.id());
    if (!allRows && !result.isOk()) {
      return;
    }
    writeRow(result);
  }

  /** Writes the queued damaged events whose ids come before {@code id}. */
  private void writeDamagedBefore(long id) {
    ScoredEvent d;
    while ((d = damaged.peek()) != null && Long.compareUnsigned(d.id(), id) < 0) {
      writeRow(damaged.poll());
    }
  }

  private void writeRow(ScoredEvent result) {
    if (failure != null) {
      return;
    }
    try {
      write(result);
      rows++;
    } catch (IOException e) {
      failure = e;
    }
  }

  @Override
  public final void close() throws IOException {
    ScoredEvent d;
    while ((d = damaged.poll()) != null) { // damaged events after the last result
      writeRow(d);
    }
    try {
      finish();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
    }
    if (failure != null) {
      String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      throw new IOException("cannot write the scores to " + name + ": " + reason, failure);
    }
  }

  abstract void write(ScoredEvent result) throws IOException;

  abstract void finish() throws IOException;

  /** A damaged input event, as a row: not scored, the damage as its error. */
  private record DamagedEvent(long id, String error) implements ScoredEvent {
    @Override
    public ScoreStatus status() {
      return ScoreStatus.SCORE_STATUS_ERROR;
    }

    @Override
    public float mse() {
      return Float.NaN;
    }

    @Override
    public float kld() {
      return Float.NaN;
    }

    @Override
    public float score() {
      return Float.NaN;
    }

    @Override
    public boolean anomalous() {
      return false;
    }

    @Override
    public long publishNanoTime() {
      return 0;
    }
  }

  static String statusName(ScoreStatus status) {
    switch (status) {
      case SCORE_STATUS_OK:
        return "ok";
      case SCORE_STATUS_REJECTED:
        return "rejected";
      default:
        return "error";
    }
  }

  /**
   * CSV: {@code id,mse,kld,score,flag}, or {@code id,status,mse,kld,score,flag,error} with all
   * rows. Floats are written in their shortest exact form; {@code score} is empty for a model
   * without classifier; {@code flag} is 1 for flagged events.
   */
  private static final class Csv extends ScoreFileSink {
    private final Writer out;
    private final boolean allRows;

    Csv(String name, OutputStream stream, boolean allRows) throws IOException {
      super(name, allRows);
      this.out =
          new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      this.allRows = allRows;
      out.write(allRows ? "id,status,mse,kld,score,flag,error\n" : "id,mse,kld,score,flag\n");
    }

    @Override
    void write(ScoredEvent r) throws IOException {
      out.write(Long.toUnsignedString(r.id()));
      out.write(',');
      if (allRows) {
        out.write(statusName(r.status()));
        out.write(',');
      }
      out.write(number(r.mse()));
      out.write(',');
      out.write(number(r.kld()));
      out.write(',');
      out.write(number(r.score()));
      out.write(',');
      out.write(r.isOk() ? (r.anomalous() ? "1" : "0") : "");
      if (allRows) {
        out.write(',');
        out.write(quoted(r.error()));
      }
      out.write('\n');
    }

    @Override
    void finish() throws IOException {
      out.close();
    }

    private static String number(float v) {
      return Float.isNaN(v) ? "" : Float.toString(v);
    }

    private static String quoted(String text) {
      if (text == null) {
        return "";
      }
      return '"' + text.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }
  }

  /** Length-delimited protobuf: a ScoreHeader, then Score messages. */
  private static final class Protobuf extends ScoreFileSink {
    private final OutputStream out;

    Protobuf(
        String name, OutputStream stream, AnomalyModel model, AnomalyFlag flag, boolean allRows)
        throws IOException {
      super(name, allRows);
      this.out = new BufferedOutputStream(stream, 1 << 16);
      ScoreHeader.newBuilder()
          .setFormatVersion(FORMAT_VERSION)
          .setModel(String.valueOf(model.file().getFileName()))
          .setModelSha256(model.sha256())
          .setFlagVariable(flag.variable().wireName())
          .setThreshold(flag.threshold())
          .build()
          .writeDelimitedTo(out);
    }

    @Override
    void write(ScoredEvent r) throws IOException {
      r.toScore().writeDelimitedTo(out);
    }

    @Override
    void finish() throws IOException {
      out.close();
    }
  }
}
