package org.vbsanomaly.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.vbsanomaly.inference.model.ModelException;
import org.vbsanomaly.inference.model.ModelFormatException;
import org.vbsanomaly.inference.model.ModelMetadataCodec;
import org.vbsanomaly.inference.model.OnnxModelContract;
import org.vbsanomaly.schema.v1.FeatureSpec;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.Threshold;

/**
 * An exported anomaly model opened in ONNX Runtime: the session, its validated metadata, and the
 * facts a scorer or a score file needs (feature order, thresholds, flag variable, file hash).
 *
 * <p>Opening checks the file against {@link OnnxModelContract}: one float input {@value
 * OnnxModelContract#INPUT} of shape {@code [N, 14]}; the outputs {@code mse}, {@code kld}, {@code
 * latent_mean}, {@code reconstruction} and, for VAE+NN models, {@code score}, nothing else; the
 * metadata format version; features named in {@code Observable} order with valid scaling constants;
 * the model kind against the outputs; the thresholds. Anything else is refused with a {@link
 * ModelFormatException} naming the file and what was expected.
 *
 * <p><b>Threads:</b> the handle is thread-safe; ONNX Runtime sessions may run concurrently. Scoring
 * goes through {@link BatchScorer}s, one per thread, made by {@link #newBatchScorer(int)}.
 *
 * <p><b>Command line:</b> ONNX Runtime 1.29's Java binding crashes the JVM (SIGSEGV, no message)
 * when the process's command line is longer than about 4 KB; pass a long classpath as a wildcard,
 * in {@code CLASSPATH}, or in a manifest JAR.
 *
 * <p><b>Lifecycle:</b> the caller closes the model, after every scorer and pipeline using it has
 * finished; closing releases the native session. The shared ONNX Runtime environment is never
 * closed here.
 */
public final class AnomalyModel implements AutoCloseable {

  private static final Set<String> VAE_OUTPUTS =
      Set.of(
          OnnxModelContract.MSE,
          OnnxModelContract.KLD,
          OnnxModelContract.LATENT_MEAN,
          OnnxModelContract.RECONSTRUCTION);

  private final Path file;
  private final String sha256;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Device device;
  private final ModelMetadata metadata;
  private final boolean hasClassifier;
  private final FlagVariable flagVariable;
  private volatile boolean closed;

  private AnomalyModel(
      Path file,
      String sha256,
      OrtEnvironment env,
      OrtSession session,
      Device device,
      ModelMetadata metadata,
      boolean hasClassifier) {
    this.file = file;
    this.sha256 = sha256;
    this.env = env;
    this.session = session;
    this.device = device;
    this.metadata = metadata;
    this.hasClassifier = hasClassifier;
    this.flagVariable = FlagVariable.fromWireName(metadata.getFlagVariable());
  }

  /** Opens a model with {@link ModelOptions#defaults()}. */
  public static AnomalyModel open(Path file) throws IOException, ModelException {
    return open(file, ModelOptions.defaults());
  }

  /**
   * Opens and validates an exported model.
   *
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if it cannot be read
   * @throws ModelFormatException if it is not a model this code understands
   * @throws DeviceUnavailableException if {@link Device#CUDA} was asked and cannot be used
   */
  public static AnomalyModel open(Path file, ModelOptions options)
      throws IOException, ModelException {
    byte[] bytes = Files.readAllBytes(file);
    String source = file.toString();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SessionFactory factory = new SessionFactory(env, bytes, options, source);
    Device device = options.device();
    OrtSession session;
    if (device == Device.CPU) {
      session = factory.cpu();
    } else if (device == Device.CUDA) {
      session = factory.cuda();
    } else {
      session = factory.cudaOrCpu();
      device = factory.usedCuda ? Device.CUDA : Device.CPU;
    }
    try {
      boolean classifier = validateSignature(session, source);
      ModelMetadata metadata =
          ModelMetadataCodec.fromProperties(
              session.getMetadata().getCustomMetadata(), classifier, source);
      return new AnomalyModel(file, sha256(bytes), env, session, device, metadata, classifier);
    } catch (OrtException e) {
      closeQuietly(session);
      throw new ModelFormatException(source + ": cannot read the model's signature: " + e, e);
    } catch (ModelException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  /** The model file as given to {@link #open}. */
  public Path file() {
    return file;
  }

  /** SHA-256 of the file's bytes as loaded, lower-case hex. */
  public String sha256() {
    return sha256;
  }

  /** The device the session runs on: {@link Device#CPU} or {@link Device#CUDA}, never AUTO. */
  public Device device() {
    return device;
  }

  /** The validated metadata stored in the model. */
  public ModelMetadata metadata() {
    return metadata;
  }

  /** Input feature names, in input-column order (equal to {@code Observable.names()}). */
  public List<String> featureNames() {
    return metadata.getFeaturesList().stream().map(FeatureSpec::getName).toList();
  }

  /** Input feature units ("GeV", "rad", "" for dimensionless), in input-column order. */
  public List<String> featureUnits() {
    return metadata.getFeaturesList().stream().map(FeatureSpec::getUnit).toList();
  }

  /** Number of input features per event. */
  public int featureCount() {
    return metadata.getFeaturesCount();
  }

  /** Size of the latent space. */
  public int latentDim() {
    return metadata.getLatentDim();
  }

  /** "vae" or "vae+nn". */
  public String modelKind() {
    return metadata.getModelKind();
  }

  /** Whether the model has the classifier head and its {@code score} output. */
  public boolean hasClassifier() {
    return hasClassifier;
  }

  /** The variable the model's thresholds cut on. */
  public FlagVariable flagVariable() {
    return flagVariable;
  }

  /** The stored thresholds, in metadata order. */
  public List<Threshold> thresholds() {
    return metadata.getThresholdsList();
  }

  /**
   * The stored cut on the flag variable that keeps the given fraction of SM test events.
   *
   * @param smEfficiency e.g. 0.01; matched to a stored efficiency within a relative 1e-6
   * @throws IllegalArgumentException listing the stored efficiencies when none matches
   */
  public double threshold(double smEfficiency) {
    for (Threshold t : metadata.getThresholdsList()) {
      if (Math.abs(t.getSmEfficiency() - smEfficiency) <= 1e-6 * Math.abs(smEfficiency)) {
        return t.getValue();
      }
    }
    throw new IllegalArgumentException(
        "model "
            + file
            + " has no threshold for SM efficiency "
            + smEfficiency
            + "; it has thresholds for "
            + storedEfficiencies()
            + " (or give the cut value directly)");
  }

  /** The anomaly flag at a stored SM efficiency; see {@link #threshold(double)}. */
  public AnomalyFlag flagAtSmEfficiency(double smEfficiency) {
    return new AnomalyFlag(flagVariable, threshold(smEfficiency));
  }

  /** The anomaly flag at a given cut on the model's flag variable. */
  public AnomalyFlag flagAtValue(double threshold) {
    return new AnomalyFlag(flagVariable, threshold);
  }

  /**
   * A new scorer over this model's session, with input and output buffers for {@code maxBatch}
   * events. Use one per thread.
   *
   * @throws IllegalStateException if the model is closed
   */
  public BatchScorer newBatchScorer(int maxBatch) {
    requireOpen();
    return new BatchScorer(this, maxBatch);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Releases the native session. Scorers made from this model must not be used afterwards. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(session);
    }
  }

  @Override
  public String toString() {
    return "AnomalyModel[" + file + ", " + modelKind() + ", " + device + "]";
  }

  OrtEnvironment env() {
    return env;
  }

  OrtSession session() {
    return session;
  }

  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("model " + file + " is closed");
    }
  }

  private List<Double> storedEfficiencies() {
    List<Double> list = new ArrayList<>();
    for (Threshold t : metadata.getThresholdsList()) {
      list.add(t.getSmEfficiency());
    }
    return list;
  }

  /** Checks inputs and outputs; returns whether the model has the classifier output. */
  private static boolean validateSignature(OrtSession session, String source)
      throws OrtException, ModelFormatException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (!inputs.keySet().equals(Set.of(OnnxModelContract.INPUT))) {
      throw new ModelFormatException(
          source
              + ": model inputs are "
              + inputs.keySet()
              + ", expected exactly ["
              + OnnxModelContract.INPUT
              + "]");
    }
    requireFloatTensor(
        inputs.get(OnnxModelContract.INPUT), 2, OnnxModelContract.FEATURE_COUNT, source);

    Map<String, NodeInfo> outputs = session.getOutputInfo();
    boolean classifier = outputs.containsKey(OnnxModelContract.SCORE);
    Set<String> expected = new java.util.HashSet<>(VAE_OUTPUTS);
    if (classifier) {
      expected.add(OnnxModelContract.SCORE);
    }
    if (!outputs.keySet().equals(expected)) {
      throw new ModelFormatException(
          source
              + ": model outputs are "
              + sorted(outputs.keySet())
              + ", expected "
              + sorted(VAE_OUTPUTS)
              + " plus, for a VAE+NN model, [score]");
    }
    requireFloatTensor(outputs.get(OnnxModelContract.MSE), 1, -1, source);
    requireFloatTensor(outputs.get(OnnxModelContract.KLD), 1, -1, source);
    if (classifier) {
      requireFloatTensor(outputs.get(OnnxModelContract.SCORE), 1, -1, source);
    }
    return classifier;
  }

  private static void requireFloatTensor(NodeInfo node, int rank, int width, String source)
      throws ModelFormatException {
    if (!(node.getInfo() instanceof TensorInfo info)
        || info.type != OnnxJavaType.FLOAT
        || info.getShape().length != rank
        || (width > 0 && info.getShape()[rank - 1] != width)) {
      String shape = rank == 1 ? "[N]" : "[N, " + width + "]";
      throw new ModelFormatException(
          source
              + ": '"
              + node.getName()
              + "' is "
              + node.getInfo()
              + ", expected a float32 tensor "
              + shape);
    }
  }

  private static String sorted(Set<String> names) {
    return names.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing to do: the session is being discarded.
    }
  }

  /** Creates sessions for one model file on the requested device. */
  private static final class SessionFactory {
    private final OrtEnvironment env;
    private final byte[] bytes;
    private final ModelOptions options;
    private final String source;
    boolean usedCuda;

    SessionFactory(OrtEnvironment env, byte[] bytes, ModelOptions options, String source) {
      this.env = env;
      this.bytes = bytes;
      this.options = options;
      this.source = source;
    }

    OrtSession cpu() throws ModelException {
      try (OrtSession.SessionOptions opts = baseOptions()) {
        return env.createSession(bytes, opts);
      } catch (OrtException e) {
        throw notLoadable(e);
      }
    }

    OrtSession cuda() throws ModelException {
      if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
        throw new DeviceUnavailableException(noCudaProviderMessage());
      }
      try (OrtSession.SessionOptions opts = baseOptions()) {
        addCuda(opts);
        OrtSession session = env.createSession(bytes, opts);
        usedCuda = true;
        return session;
      } catch (OrtException e) {
        throw notLoadable(e);
      }
    }

    OrtSession cudaOrCpu() throws ModelException {
      try {
        return cuda();
      } catch (DeviceUnavailableException e) {
        options.warnings().accept(e.getMessage() + " Falling back to the CPU.");
        return cpu();
      }
    }

    private void addCuda(OrtSession.SessionOptions opts) throws DeviceUnavailableException {
      try {
        opts.addCUDA(options.cudaDeviceId());
      } catch (OrtException e) {
        throw new DeviceUnavailableException(
            "CUDA was requested but ONNX Runtime could not load its CUDA execution provider ("
                + e.getMessage()
                + "). It needs the CUDA 12 and cuDNN 9 libraries (libcudart.so.12, libcublas,"
                + " libcudnn.so.9) on the library path and a visible GPU "
                + options.cudaDeviceId()
                + ". Install them, or use --device cpu.",
            e);
      }
    }

    private OrtSession.SessionOptions baseOptions() throws ModelException {
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      try {
        opts.setIntraOpNumThreads(options.intraOpThreads());
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return opts;
      } catch (OrtException e) {
        opts.close();
        throw new ModelException("cannot configure an ONNX Runtime session: " + e.getMessage(), e);
      }
    }

    private ModelException notLoadable(OrtException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("CUDA") || message.contains("cudnn") || message.contains("cuDNN")) {
        return new DeviceUnavailableException(
            source
                + ": ONNX Runtime failed to create a CUDA session ("
                + message
                + "). Check the CUDA 12 and cuDNN 9 installation, or use --device cpu.",
            e);
      }
      return new ModelFormatException(
          source + ": not an ONNX model that ONNX Runtime can load: " + message, e);
    }

    private static String noCudaProviderMessage() {
      return "CUDA was requested but this build's ONNX Runtime has no CUDA execution provider"
          + " (available: "
          + OrtEnvironment.getAvailableProviders()
          + "). The default build uses the CPU-only 'onnxruntime' artifact: rebuild with Maven"
          + " profile -Pcuda (artifact 'onnxruntime_gpu', needs CUDA 12 and cuDNN 9 on the"
          + " machine), or use --device cpu.";
    }
  }
}
