package org.vbsanomaly.inference.model;

import java.util.Arrays;
import java.util.List;

/**
 * The exported model's function evaluated in plain Java: the reference the ONNX graph is tested
 * against, and the machine-limit baseline for scoring throughput.
 *
 * <p>Computes exactly what {@link OnnxModelWriter} puts in the graph (see {@link VaeWeights} for
 * the steps), in float32, over rows of {@value OnnxModelContract#FEATURE_COUNT} raw features (GeV,
 * rad). Results agree with ONNX Runtime's to float rounding (summation order and the libraries'
 * {@code exp}/{@code log} differ), within 1e-5 relative for models of ordinary size.
 *
 * <p><b>Threads:</b> not thread-safe. An instance holds scratch buffers for one block of {@value
 * #BLOCK} events and allocates nothing per call; use one instance per thread (construction copies
 * the weights into a flat layout and is cheap).
 *
 * <p><b>Implementation note.</b> Two paths, chosen per block, that give bit-identical results, so
 * that a score does not depend on how events were batched (each output is summed in the same order
 * from its bias, and the element-wise steps are the same float expressions; {@code
 * JavaForwardPassTest} checks it):
 *
 * <ul>
 *   <li>Blocks of {@value #SMALL_BLOCK} or more events (of at most {@value #BLOCK}) are transposed
 *       to feature-major order, so that every dense layer becomes {@code y += w * x} loops over the
 *       events of the block, four outputs per pass: contiguous, independent, and vectorised by the
 *       JIT. The cost per event is then nearly independent of the batch size, from a few hundred
 *       events on; below that the JIT's vector loop covers less of each row. (Two inputs per pass
 *       saved a tenth at full blocks but left rows of up to about 200 events to scalar code.)
 *   <li>Smaller blocks go event by event: each layer is scalar dot products, four outputs at a
 *       time, free of the per-row and per-loop costs that dominate the block path there.
 * </ul>
 *
 * <p>The element-wise steps are scalar code in both paths (the JDK 17 JIT vectorises no loop that
 * reinterprets float bits, nor one that branches per element), so they are written to be cheap as
 * such: {@code ln} and {@code exp} are the float approximations of {@code FloatMath}, about a
 * quarter of the cost of {@code Math.log} and {@code Math.exp} and within 2e-7 relative of them;
 * LeakyReLU takes the larger (for a slope above 1, the smaller) of {@code v} and {@code alpha v},
 * with no branch on the sign of {@code v} for the predictor to miss half the time. perf/README.md
 * gives the cost per event against batch size.
 */
public final class JavaForwardPass {

  /** Events per block. */
  public static final int BLOCK = 256;

  /** Blocks of fewer events than this go event by event. */
  static final int SMALL_BLOCK = 16;

  private final int features;
  private final int latent;
  private final float[] logScale;
  private final float[] linearScale;
  private final float[] offset;
  private final Layer[] encoder;
  private final Layer zMean;
  private final Layer zLogVar;
  private final Layer[] decoder;
  private final ClassifierWeights classifier;
  private final Layer classifierHidden;
  private final Layer classifierOutput;

  // Scratch of the block path, feature-major [unit][event].
  private final float[][] scaled;
  private final float[][] bufferA;
  private final float[][] bufferB;
  private final float[][] mean;
  private final float[][] logVar;
  private final float[][] standardised;

  // Scratch of the event-by-event path, [unit].
  private final float[] eventScaled;
  private final float[] eventA;
  private final float[] eventB;
  private final float[] eventMean;
  private final float[] eventLogVar;
  private final float[] eventStandardised;

  /**
   * @param vae the autoencoder
   * @param classifier the VAE+NN head, or {@code null} for a plain VAE
   */
  public JavaForwardPass(VaeWeights vae, ClassifierWeights classifier) {
    this.features = vae.featureCount();
    this.latent = vae.latentDim();
    Preprocessing preprocessing = Preprocessing.of(vae);
    this.logScale = preprocessing.logScale();
    this.linearScale = preprocessing.linearScale();
    this.offset = preprocessing.offset();
    this.encoder = layers(vae.encoder());
    this.zMean = new Layer(vae.zMean());
    this.zLogVar = new Layer(vae.zLogVar());
    this.decoder = layers(vae.decoder());
    this.classifier = classifier;
    this.classifierHidden = classifier == null ? null : new Layer(classifier.hidden());
    this.classifierOutput = classifier == null ? null : new Layer(classifier.output());

    int width = Math.max(features, maxWidth(encoder, decoder, classifierHidden));
    this.scaled = new float[features][BLOCK];
    this.bufferA = new float[width][BLOCK];
    this.bufferB = new float[width][BLOCK];
    this.mean = new float[latent][BLOCK];
    this.logVar = new float[latent][BLOCK];
    this.standardised = new float[2][BLOCK];
    this.eventScaled = new float[features];
    this.eventA = new float[width];
    this.eventB = new float[width];
    this.eventMean = new float[latent];
    this.eventLogVar = new float[latent];
    this.eventStandardised = new float[2];
  }

  /** Number of input features per event. */
  public int featureCount() {
    return features;
  }

  /** Size of the latent space. */
  public int latentDim() {
    return latent;
  }

  /** Whether the model has the classifier head (and so a score). */
  public boolean hasClassifier() {
    return classifier != null;
  }

  /**
   * Scores {@code n} events.
   *
   * @param rows raw features, row-major: event {@code e}, feature {@code f} at {@code rows[e *
   *     featureCount() + f]}
   * @param n number of events
   * @param mse receives the per-event reconstruction error at {@code [0, n)}
   * @param kld receives the per-event KL divergence at {@code [0, n)}
   * @param score receives the classifier score at {@code [0, n)}; {@code null} to skip the head
   *     (must be {@code null} for a model without one)
   */
  public void score(float[] rows, int n, float[] mse, float[] kld, float[] score) {
    forward(rows, n, mse, kld, score, null, null);
  }

  /**
   * Evaluates every output for {@code n} events. Arrays are caller-owned and written from index 0;
   * an optional output passed as {@code null} is skipped.
   *
   * @param rows raw features, row-major {@code [n][featureCount()]}
   * @param n number of events
   * @param mse per-event reconstruction error, {@code [n]}
   * @param kld per-event KL divergence, {@code [n]}
   * @param score classifier score, {@code [n]}, or {@code null}
   * @param latentMean latent mean, row-major {@code [n][latentDim()]}, or {@code null}
   * @param reconstruction reconstruction in scaled space, row-major {@code [n][featureCount()]}, or
   *     {@code null}
   * @throws IllegalArgumentException if an array is too short, or a score is asked of a model
   *     without a classifier
   */
  public void forward(
      float[] rows,
      int n,
      float[] mse,
      float[] kld,
      float[] score,
      float[] latentMean,
      float[] reconstruction) {
    checkArguments(rows, n, mse, kld, score, latentMean, reconstruction);
    for (int start = 0; start < n; start += BLOCK) {
      int m = Math.min(BLOCK, n - start);
      if (m < SMALL_BLOCK) {
        for (int e = start; e < start + m; e++) {
          forwardEvent(rows, e, mse, kld, score, latentMean, reconstruction);
        }
      } else {
        forwardBlock(rows, start, m, mse, kld, score, latentMean, reconstruction);
      }
    }
  }

  /** The {@code m} events from {@code start}, feature-major. */
  private void forwardBlock(
      float[] rows,
      int start,
      int m,
      float[] mse,
      float[] kld,
      float[] score,
      float[] latentMean,
      float[] reconstruction) {
    preprocess(rows, start, m);
    float[][] decoded = runVae(m);
    reconstructionError(decoded, m, mse, start);
    klDivergence(m, kld, start);
    if (latentMean != null) {
      transposeOut(mean, latent, m, latentMean, start);
    }
    if (reconstruction != null) {
      transposeOut(decoded, features, m, reconstruction, start);
    }
    if (score != null) {
      classify(m, mse, kld, score, start); // last: it reuses the buffer that holds decoded
    }
  }

  /** Transposes a block into feature-major order, applying log10 and min-max scaling. */
  private void preprocess(float[] rows, int start, int m) {
    for (int f = 0; f < features; f++) {
      float[] out = scaled[f];
      int at = start * features + f;
      for (int e = 0; e < m; e++, at += features) {
        out[e] = scale(f, rows[at]);
      }
    }
  }

  /** Raw feature {@code f} of one event, log10 and min-max scaled. */
  private float scale(int f, float x) {
    float log = logScale[f];
    if (log != 0f) {
      return FloatMath.log(Math.max(x, OnnxModelContract.LOG10_FLOOR)) * log + offset[f];
    }
    return x * linearScale[f] + offset[f];
  }

  /** Encoder, heads and decoder for one block; returns the buffer holding the reconstruction. */
  private float[][] runVae(int m) {
    float[][] in = scaled;
    float[][] out = bufferA;
    for (Layer layer : encoder) {
      layer.apply(in, out, m);
      in = out;
      out = out == bufferA ? bufferB : bufferA;
    }
    zMean.apply(in, mean, m);
    zLogVar.apply(in, logVar, m);
    in = mean;
    for (Layer layer : decoder) {
      layer.apply(in, out, m);
      in = out;
      out = out == bufferA ? bufferB : bufferA;
    }
    return in;
  }

  private void reconstructionError(float[][] decoded, int m, float[] mse, int start) {
    float inverseFeatures = 1f / features;
    Arrays.fill(mse, start, start + m, 0f);
    for (int f = 0; f < features; f++) {
      float[] r = decoded[f];
      float[] s = scaled[f];
      for (int e = 0; e < m; e++) {
        float d = r[e] - s[e];
        mse[start + e] += d * d * inverseFeatures;
      }
    }
  }

  /** {@code 0.5 sum(m^2) + 0.5 sum(exp(lv) - lv) - 0.5 latent}, as the graph computes it. */
  private void klDivergence(int m, float[] kld, int start) {
    Arrays.fill(kld, start, start + m, -0.5f * latent);
    for (int k = 0; k < latent; k++) {
      float[] lv = logVar[k];
      for (int e = 0; e < m; e++) {
        kld[start + e] += (FloatMath.exp(lv[e]) - lv[e]) * 0.5f;
      }
    }
    for (int k = 0; k < latent; k++) {
      float[] mu = mean[k];
      for (int e = 0; e < m; e++) {
        kld[start + e] += mu[e] * mu[e] * 0.5f;
      }
    }
  }

  private void classify(int m, float[] mse, float[] kld, float[] score, int start) {
    float[] u0 = standardised[0];
    float[] u1 = standardised[1];
    for (int e = 0; e < m; e++) {
      u0[e] = (mse[start + e] - classifier.mseMean()) / classifier.mseSd();
      u1[e] = (kld[start + e] - classifier.kldMean()) / classifier.kldSd();
    }
    classifierHidden.apply(standardised, bufferA, m);
    classifierOutput.apply(bufferA, bufferB, m);
    System.arraycopy(bufferB[0], 0, score, start, m);
  }

  private static void transposeOut(float[][] block, int width, int m, float[] out, int start) {
    for (int j = 0; j < width; j++) {
      float[] row = block[j];
      for (int e = 0; e < m; e++) {
        out[(start + e) * width + j] = row[e];
      }
    }
  }

  /** Event {@code e} alone, in the same float operations and order as the block path. */
  private void forwardEvent(
      float[] rows,
      int e,
      float[] mse,
      float[] kld,
      float[] score,
      float[] latentMean,
      float[] reconstruction) {
    for (int f = 0; f < features; f++) {
      eventScaled[f] = scale(f, rows[e * features + f]);
    }
    float[] decoded = runVaeOnEvent();

    float squares = 0f;
    float inverseFeatures = 1f / features;
    for (int f = 0; f < features; f++) {
      float d = decoded[f] - eventScaled[f];
      squares += d * d * inverseFeatures;
    }
    mse[e] = squares;
    kld[e] = klDivergenceOfEvent();
    if (latentMean != null) {
      System.arraycopy(eventMean, 0, latentMean, e * latent, latent);
    }
    if (reconstruction != null) {
      System.arraycopy(decoded, 0, reconstruction, e * features, features);
    }
    if (score != null) {
      score[e] = classifyEvent(mse[e], kld[e]); // last: it reuses the buffer that holds decoded
    }
  }

  private float[] runVaeOnEvent() {
    float[] in = eventScaled;
    float[] out = eventA;
    for (Layer layer : encoder) {
      layer.applyToEvent(in, out);
      in = out;
      out = out == eventA ? eventB : eventA;
    }
    zMean.applyToEvent(in, eventMean);
    zLogVar.applyToEvent(in, eventLogVar);
    in = eventMean;
    for (Layer layer : decoder) {
      layer.applyToEvent(in, out);
      in = out;
      out = out == eventA ? eventB : eventA;
    }
    return in;
  }

  private float klDivergenceOfEvent() {
    float sum = -0.5f * latent;
    for (int k = 0; k < latent; k++) {
      float lv = eventLogVar[k];
      sum += (FloatMath.exp(lv) - lv) * 0.5f;
    }
    for (int k = 0; k < latent; k++) {
      float mu = eventMean[k];
      sum += mu * mu * 0.5f;
    }
    return sum;
  }

  private float classifyEvent(float mse, float kld) {
    eventStandardised[0] = (mse - classifier.mseMean()) / classifier.mseSd();
    eventStandardised[1] = (kld - classifier.kldMean()) / classifier.kldSd();
    classifierHidden.applyToEvent(eventStandardised, eventA);
    classifierOutput.applyToEvent(eventA, eventB);
    return eventB[0];
  }

  private void checkArguments(
      float[] rows,
      int n,
      float[] mse,
      float[] kld,
      float[] score,
      float[] latentMean,
      float[] reconstruction) {
    if (n < 0) {
      throw new IllegalArgumentException("event count " + n + " is negative");
    }
    requireLength("rows", rows, (long) n * features);
    requireLength("mse", mse, n);
    requireLength("kld", kld, n);
    if (score != null && classifier == null) {
      throw new IllegalArgumentException("a score was requested from a model without a classifier");
    }
    if (score != null) {
      requireLength("score", score, n);
    }
    if (latentMean != null) {
      requireLength("latentMean", latentMean, (long) n * latent);
    }
    if (reconstruction != null) {
      requireLength("reconstruction", reconstruction, (long) n * features);
    }
  }

  private static void requireLength(String name, float[] array, long needed) {
    if (array == null || array.length < needed) {
      throw new IllegalArgumentException(
          name
              + " holds "
              + (array == null ? "null" : array.length + " values")
              + ", needs "
              + needed);
    }
  }

  private static Layer[] layers(List<DenseLayer> layers) {
    Layer[] out = new Layer[layers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Layer(layers.get(i));
    }
    return out;
  }

  private static int maxWidth(Layer[] encoder, Layer[] decoder, Layer classifierHidden) {
    int width = classifierHidden == null ? 2 : Math.max(2, classifierHidden.outputs);
    for (Layer layer : encoder) {
      width = Math.max(width, layer.outputs);
    }
    for (Layer layer : decoder) {
      width = Math.max(width, layer.outputs);
    }
    return width;
  }

  /**
   * A dense layer with a flat {@code [inputs][outputs]} kernel, applied to feature-major blocks or
   * to one event.
   */
  private static final class Layer {
    final int inputs;
    final int outputs;
    final float[] kernel;
    final float[] bias;
    final Activation activation;
    final float alpha;

    Layer(DenseLayer layer) {
      this.inputs = layer.inputs();
      this.outputs = layer.outputs();
      this.kernel = new float[inputs * outputs];
      for (int i = 0; i < inputs; i++) {
        for (int j = 0; j < outputs; j++) {
          kernel[i * outputs + j] = layer.weight(i, j);
        }
      }
      this.bias = layer.bias();
      this.activation = layer.activation();
      this.alpha = layer.alpha();
    }

    /** {@code y[j][e] = act(b[j] + sum_i w[i][j] x[i][e])} for the first {@code m} events. */
    void apply(float[][] x, float[][] y, int m) {
      int j = 0;
      for (; j + 4 <= outputs; j += 4) {
        affine4(x, y[j], y[j + 1], y[j + 2], y[j + 3], j, m);
      }
      for (; j < outputs; j++) {
        affine1(x, y[j], j, m);
      }
      for (j = 0; j < outputs; j++) {
        activate(y[j], m);
      }
    }

    /**
     * {@code y[j] = act(b[j] + sum_i w[i][j] x[i])} for one event, summed in the order of {@link
     * #apply}.
     */
    void applyToEvent(float[] x, float[] y) {
      int j = 0;
      for (; j + 4 <= outputs; j += 4) {
        float y0 = bias[j];
        float y1 = bias[j + 1];
        float y2 = bias[j + 2];
        float y3 = bias[j + 3];
        for (int i = 0, k = j; i < inputs; i++, k += outputs) {
          float v = x[i];
          y0 += kernel[k] * v;
          y1 += kernel[k + 1] * v;
          y2 += kernel[k + 2] * v;
          y3 += kernel[k + 3] * v;
        }
        y[j] = activate(y0);
        y[j + 1] = activate(y1);
        y[j + 2] = activate(y2);
        y[j + 3] = activate(y3);
      }
      for (; j < outputs; j++) {
        float sum = bias[j];
        for (int i = 0, k = j; i < inputs; i++, k += outputs) {
          sum += kernel[k] * x[i];
        }
        y[j] = activate(sum);
      }
    }

    /** Four output units at once: each input row is read once for four weights. */
    private void affine4(
        float[][] x, float[] y0, float[] y1, float[] y2, float[] y3, int j, int m) {
      Arrays.fill(y0, 0, m, bias[j]);
      Arrays.fill(y1, 0, m, bias[j + 1]);
      Arrays.fill(y2, 0, m, bias[j + 2]);
      Arrays.fill(y3, 0, m, bias[j + 3]);
      for (int i = 0; i < inputs; i++) {
        float[] xi = x[i];
        int k = i * outputs + j;
        float w0 = kernel[k];
        float w1 = kernel[k + 1];
        float w2 = kernel[k + 2];
        float w3 = kernel[k + 3];
        for (int e = 0; e < m; e++) {
          float v = xi[e];
          y0[e] += w0 * v;
          y1[e] += w1 * v;
          y2[e] += w2 * v;
          y3[e] += w3 * v;
        }
      }
    }

    private void affine1(float[][] x, float[] y, int j, int m) {
      Arrays.fill(y, 0, m, bias[j]);
      for (int i = 0; i < inputs; i++) {
        float[] xi = x[i];
        float w = kernel[i * outputs + j];
        for (int e = 0; e < m; e++) {
          y[e] += w * xi[e];
        }
      }
    }

    /** The activation over a row, in the float expressions of {@link #activate(float)}. */
    private void activate(float[] y, int m) {
      float a = alpha;
      switch (activation) {
        case LEAKY_RELU:
          if (a <= 1f) {
            for (int e = 0; e < m; e++) {
              y[e] = Math.max(y[e], a * y[e]);
            }
          } else {
            for (int e = 0; e < m; e++) {
              y[e] = Math.min(y[e], a * y[e]);
            }
          }
          break;
        case RELU:
          for (int e = 0; e < m; e++) {
            y[e] = Math.max(y[e], 0f);
          }
          break;
        case SIGMOID:
          for (int e = 0; e < m; e++) {
            y[e] = 1f / (1f + FloatMath.exp(-y[e]));
          }
          break;
        default:
          break;
      }
    }

    /**
     * The activation of one value. LeakyReLU, {@code v >= 0 ? v : alpha v}, is the larger of {@code
     * v} and {@code alpha v} for {@code alpha <= 1} and the smaller for {@code alpha > 1}: the same
     * value with no branch on the sign of {@code v}, which a predictor would miss half the time.
     */
    private float activate(float v) {
      switch (activation) {
        case LEAKY_RELU:
          return alpha <= 1f ? Math.max(v, alpha * v) : Math.min(v, alpha * v);
        case RELU:
          return Math.max(v, 0f);
        case SIGMOID:
          return 1f / (1f + FloatMath.exp(-v));
        default:
          return v;
      }
    }
  }
}
