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
 * <p><b>Implementation note.</b> Events are processed in blocks of {@value #BLOCK}, each block
 * transposed to feature-major order, so that every dense layer becomes a sequence of {@code y += w
 * * x} loops over the events of the block: contiguous, independent, and vectorised by the JIT. This
 * batch-major order makes the cost per event nearly independent of the batch size.
 */
public final class JavaForwardPass {

  /** Events per block. */
  public static final int BLOCK = 256;

  private final int features;
  private final int latent;
  private final Preprocessing preprocessing;
  private final Layer[] encoder;
  private final Layer zMean;
  private final Layer zLogVar;
  private final Layer[] decoder;
  private final ClassifierWeights classifier;
  private final Layer classifierHidden;
  private final Layer classifierOutput;

  private final float[][] scaled;
  private final float[][] bufferA;
  private final float[][] bufferB;
  private final float[][] mean;
  private final float[][] logVar;
  private final float[][] standardised;

  /**
   * @param vae the autoencoder
   * @param classifier the VAE+NN head, or {@code null} for a plain VAE
   */
  public JavaForwardPass(VaeWeights vae, ClassifierWeights classifier) {
    this.features = vae.featureCount();
    this.latent = vae.latentDim();
    this.preprocessing = Preprocessing.of(vae);
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
      preprocess(rows, start, m);
      float[][] decoded = runVae(m);
      reconstructionError(decoded, m, mse, start);
      klDivergence(m, kld, start);
      if (score != null) {
        classify(m, mse, kld, score, start);
      }
      if (latentMean != null) {
        transposeOut(mean, m, latentMean, start);
      }
      if (reconstruction != null) {
        transposeOut(decoded, features, m, reconstruction, start);
      }
    }
  }

  /** Transposes a block into feature-major order, applying log10 and min-max scaling. */
  private void preprocess(float[] rows, int start, int m) {
    for (int f = 0; f < features; f++) {
      float[] out = scaled[f];
      float logScale = preprocessing.logScale()[f];
      float linearScale = preprocessing.linearScale()[f];
      float offset = preprocessing.offset()[f];
      int at = start * features + f;
      if (logScale != 0f) {
        for (int e = 0; e < m; e++, at += features) {
          float x = (float) Math.log(Math.max(rows[at], OnnxModelContract.LOG10_FLOOR));
          out[e] = x * logScale + offset;
        }
      } else {
        for (int e = 0; e < m; e++, at += features) {
          out[e] = rows[at] * linearScale + offset;
        }
      }
    }
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
        kld[start + e] += ((float) Math.exp(lv[e]) - lv[e]) * 0.5f;
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

  private static void transposeOut(float[][] block, int m, float[] out, int start) {
    transposeOut(block, block.length, m, out, start);
  }

  private static void transposeOut(float[][] block, int width, int m, float[] out, int start) {
    for (int j = 0; j < width; j++) {
      float[] row = block[j];
      for (int e = 0; e < m; e++) {
        out[(start + e) * width + j] = row[e];
      }
    }
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
   * A dense layer with a flat {@code [inputs][outputs]} kernel, applied to feature-major blocks.
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

    private void activate(float[] y, int m) {
      switch (activation) {
        case LEAKY_RELU:
          float a = alpha;
          for (int e = 0; e < m; e++) {
            float v = y[e];
            y[e] = v >= 0f ? v : a * v;
          }
          break;
        case RELU:
          for (int e = 0; e < m; e++) {
            y[e] = Math.max(y[e], 0f);
          }
          break;
        case SIGMOID:
          for (int e = 0; e < m; e++) {
            y[e] = (float) (1.0 / (1.0 + Math.exp(-y[e])));
          }
          break;
        default:
          break;
      }
    }
  }
}
