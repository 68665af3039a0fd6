package org.vbsanomaly.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.OnnxModelContract;

/**
 * Scores batches of events with one ONNX Runtime call per batch, without allocating per event.
 *
 * <p>Use: {@link #clear()}, then {@link #add} each event's features (up to {@link #maxBatch()}),
 * then {@link #run()}, then read each staged row's {@link #mse}, {@link #kld}, {@link #score} or
 * {@link #error}. {@link #score(float[], int[], int, float[], float[], float[], String[])} does all
 * of this for rows held in arrays.
 *
 * <p><b>Validation per row.</b> A row with a feature count other than {@value
 * OnnxModelContract#FEATURE_COUNT}, a missing observable, or a NaN or infinite value is not sent to
 * the model: it gets an error naming the problem, its outputs read NaN, and the other rows of the
 * batch are scored as usual.
 *
 * <p><b>Buffers.</b> The scorer owns one direct, native-order input buffer of {@code maxBatch x 14}
 * floats and one output buffer of {@code maxBatch} floats per scored output, allocated once. Each
 * run wraps them in {@link OnnxTensor}s of the batch's shape (ONNX Runtime reads the input and
 * writes the outputs in place, no copies) and closes those tensors and the run's result before
 * returning. The cost per run is a few small objects; nothing is allocated per event.
 *
 * <p><b>Threads:</b> not thread-safe; use one scorer per thread. Scorers of one {@link
 * AnomalyModel} may run concurrently. A scorer must not be used after its model is closed.
 */
public final class BatchScorer {

  private static final int F = OnnxModelContract.FEATURE_COUNT;

  private final AnomalyModel model;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final int maxBatch;
  private final boolean hasClassifier;

  private final FloatBuffer input;
  private final FloatBuffer mseOut;
  private final FloatBuffer kldOut;
  private final FloatBuffer scoreOut;
  private final int[] bufferRow;
  private final String[] errors;
  private final long[] inputShape = {0, F};
  private final long[] outputShape = {0};
  private final Map<String, OnnxTensor> inputs = new HashMap<>(2);
  private final Map<String, OnnxValue> outputs = new HashMap<>(4);

  private int size;
  private int valid;

  BatchScorer(AnomalyModel model, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maximum batch is " + maxBatch + ", expected >= 1");
    }
    this.model = model;
    this.env = model.env();
    this.session = model.session();
    this.maxBatch = maxBatch;
    this.hasClassifier = model.hasClassifier();
    this.input = directFloats((long) maxBatch * F);
    this.mseOut = directFloats(maxBatch);
    this.kldOut = directFloats(maxBatch);
    this.scoreOut = hasClassifier ? directFloats(maxBatch) : null;
    this.bufferRow = new int[maxBatch];
    this.errors = new String[maxBatch];
  }

  /** The most rows one batch holds. */
  public int maxBatch() {
    return maxBatch;
  }

  /** Whether rows get a classifier score. */
  public boolean hasClassifier() {
    return hasClassifier;
  }

  /** The model this scorer runs. */
  public AnomalyModel model() {
    return model;
  }

  /** Number of rows staged since the last {@link #clear()}. */
  public int size() {
    return size;
  }

  /** Whether no more rows fit. */
  public boolean isFull() {
    return size == maxBatch;
  }

  /** Forgets the staged rows and their results. */
  public void clear() {
    size = 0;
    valid = 0;
  }

  /**
   * Stages one event. Values are copied; the caller may reuse its array at once.
   *
   * @param values the features, raw GeV and rad, in {@code Observable} order
   * @param offset index of the first feature in {@code values}
   * @param count number of features given (must be 14 for the row to be scored)
   * @param missingMask bit i set: observable i is missing (the row then gets an error)
   * @return the row's index in this batch
   * @throws IllegalStateException if the batch is full
   */
  public int add(float[] values, int offset, int count, int missingMask) {
    int row = claimRow();
    String problem = validate(values, offset, count, missingMask);
    if (problem != null) {
      reject(row, problem);
      return row;
    }
    input.put(valid * F, values, offset, F);
    bufferRow[row] = valid++;
    errors[row] = null;
    return row;
  }

  /**
   * Stages an event already known to be unscorable; it comes back with this error.
   *
   * @return the row's index in this batch
   * @throws IllegalStateException if the batch is full
   */
  public int addError(String reason) {
    int row = claimRow();
    reject(row, reason);
    return row;
  }

  /**
   * Scores the valid staged rows in one ONNX Runtime call.
   *
   * @return the number of rows scored
   * @throws ModelException if ONNX Runtime fails; every valid row then carries that error too
   * @throws IllegalStateException if the model is closed
   */
  public int run() throws ModelException {
    model.requireOpen();
    if (valid == 0) {
      return 0;
    }
    try {
      runSession(valid);
      return valid;
    } catch (OrtException | RuntimeException e) {
      String reason = "ONNX Runtime failed on a batch of " + valid + " events: " + e;
      failValidRows(reason);
      throw new ModelException(model.file() + ": " + reason, e);
    }
  }

  /** Whether the staged row was scored (after {@link #run()}). */
  public boolean isOk(int row) {
    return errors[checkRow(row)] == null;
  }

  /** Why the row was not scored, or {@code null} if it was. */
  public String error(int row) {
    return errors[checkRow(row)];
  }

  /** The row's reconstruction error, NaN if not scored. */
  public float mse(int row) {
    int b = bufferRow[checkRow(row)];
    return b < 0 ? Float.NaN : mseOut.get(b);
  }

  /** The row's KL divergence, NaN if not scored. */
  public float kld(int row) {
    int b = bufferRow[checkRow(row)];
    return b < 0 ? Float.NaN : kldOut.get(b);
  }

  /** Whether the scored row is flagged by {@code flag}; false for a row that was not scored. */
  public boolean isAnomalous(int row, AnomalyFlag flag) {
    return isOk(row) && flag.isAnomalous(mse(row), kld(row), score(row));
  }

  /** The row's classifier score, NaN if not scored or the model has no classifier. */
  public float score(int row) {
    int b = bufferRow[checkRow(row)];
    return b < 0 || scoreOut == null ? Float.NaN : scoreOut.get(b);
  }

  /**
   * Scores {@code n} rows held in arrays, in batches of at most {@link #maxBatch()}; clears any
   * staged rows first.
   *
   * @param rows features, row-major {@code [n][14]}
   * @param missingMasks per-row missing masks, or {@code null} when nothing is missing
   * @param n number of rows
   * @param mse receives the reconstruction errors ({@code [n]}, NaN for failed rows)
   * @param kld receives the KL divergences ({@code [n]}, NaN for failed rows)
   * @param score receives the classifier scores ({@code [n]}), or {@code null} to skip them
   * @param errors receives {@code null} for scored rows and the reason for the others, or {@code
   *     null} to skip them
   * @return the number of rows scored
   * @throws ModelException if ONNX Runtime fails
   */
  public int score(
      float[] rows,
      int[] missingMasks,
      int n,
      float[] mse,
      float[] kld,
      float[] score,
      String[] errors)
      throws ModelException {
    int scored = 0;
    for (int start = 0; start < n; start += maxBatch) {
      int m = Math.min(maxBatch, n - start);
      clear();
      for (int i = 0; i < m; i++) {
        add(rows, (start + i) * F, F, missingMasks == null ? 0 : missingMasks[start + i]);
      }
      scored += run();
      copyOut(start, m, mse, kld, score, errors);
    }
    clear();
    return scored;
  }

  /** The input buffer; for tests that prove it is reused. */
  FloatBuffer inputBuffer() {
    return input;
  }

  private void runSession(int n) throws OrtException {
    inputShape[0] = n;
    outputShape[0] = n;
    input.clear().limit(n * F);
    OnnxTensor features = OnnxTensor.createTensor(env, input, inputShape);
    OnnxTensor mse = null;
    OnnxTensor kld = null;
    OnnxTensor score = null;
    try {
      mse = pinnedOutput(mseOut, n);
      kld = pinnedOutput(kldOut, n);
      inputs.put(OnnxModelContract.INPUT, features);
      outputs.put(OnnxModelContract.MSE, mse);
      outputs.put(OnnxModelContract.KLD, kld);
      if (hasClassifier) {
        score = pinnedOutput(scoreOut, n);
        outputs.put(OnnxModelContract.SCORE, score);
      }
      // Every wanted output is pinned to our buffers: ONNX Runtime allocates none.
      session.run(inputs, Set.of(), outputs).close();
    } finally {
      inputs.clear();
      outputs.clear();
      closeAll(features, mse, kld, score);
      input.clear();
    }
  }

  private OnnxTensor pinnedOutput(FloatBuffer buffer, int n) throws OrtException {
    buffer.clear().limit(n);
    return OnnxTensor.createTensor(env, buffer, outputShape);
  }

  private static void closeAll(OnnxTensor... tensors) {
    for (OnnxTensor t : tensors) {
      if (t != null) {
        t.close();
      }
    }
  }

  private void copyOut(
      int start, int m, float[] mse, float[] kld, float[] score, String[] errorsOut) {
    for (int i = 0; i < m; i++) {
      mse[start + i] = mse(i);
      kld[start + i] = kld(i);
      if (score != null) {
        score[start + i] = score(i);
      }
      if (errorsOut != null) {
        errorsOut[start + i] = errors[i];
      }
    }
  }

  private int claimRow() {
    if (size == maxBatch) {
      throw new IllegalStateException(
          "batch is full: " + maxBatch + " rows staged; run() and clear()");
    }
    return size++;
  }

  private void reject(int row, String reason) {
    bufferRow[row] = -1;
    errors[row] = reason;
  }

  private void failValidRows(String reason) {
    for (int row = 0; row < size; row++) {
      if (bufferRow[row] >= 0) {
        reject(row, reason);
      }
    }
  }

  private int checkRow(int row) {
    if (row < 0 || row >= size) {
      throw new IndexOutOfBoundsException("row " + row + " of a batch of " + size);
    }
    return row;
  }

  /** Null if the row can be scored, else the reason it cannot. */
  private static String validate(float[] values, int offset, int count, int missingMask) {
    if (count != F) {
      return wrongCount(count);
    }
    if (missingMask != 0) {
      return missing(missingMask);
    }
    for (int f = 0; f < F; f++) {
      if (!Float.isFinite(values[offset + f])) {
        return notFinite(f, values[offset + f]);
      }
    }
    return null;
  }

  private static String wrongCount(int count) {
    return "expected " + F + " features " + Observable.names() + ", got " + count;
  }

  private static String missing(int mask) {
    StringBuilder names = new StringBuilder();
    for (int f = 0; f < F; f++) {
      if ((mask & (1 << f)) != 0) {
        names.append(names.length() == 0 ? "" : ", ").append(Observable.at(f).featureName());
      }
    }
    if ((mask >>> F) != 0) {
      names.append(names.length() == 0 ? "" : ", ").append("bits above ").append(F - 1);
    }
    return "missing observable(s): " + names;
  }

  private static String notFinite(int f, float value) {
    return "feature '"
        + Observable.at(f).featureName()
        + "' is "
        + value
        + ", expected a finite value";
  }

  private static FloatBuffer directFloats(long count) {
    if (count > Integer.MAX_VALUE / Float.BYTES) {
      throw new IllegalArgumentException("maximum batch too large: " + count + " floats");
    }
    return ByteBuffer.allocateDirect((int) count * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
