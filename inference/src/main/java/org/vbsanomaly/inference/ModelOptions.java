package org.vbsanomaly.inference;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link AnomalyModel#open(java.nio.file.Path, ModelOptions)} loads a model. Immutable; build
 * with {@link #builder()}.
 */
public final class ModelOptions {

  /** Default device: {@link Device#CPU}, the device of the default build. */
  public static final Device DEFAULT_DEVICE = Device.CPU;

  /**
   * Default ONNX Runtime intra-op threads: 1. On a machine with few cores the pipeline's own
   * threads already use them; one intra-op thread was never slower than two on two cores and was
   * faster at large batches.
   */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  private static final System.Logger LOGGER = System.getLogger("org.vbsanomaly.inference");

  private final Device device;
  private final int cudaDeviceId;
  private final int intraOpThreads;
  private final Consumer<String> warnings;

  private ModelOptions(Builder b) {
    this.device = b.device;
    this.cudaDeviceId = b.cudaDeviceId;
    this.intraOpThreads = b.intraOpThreads;
    this.warnings = b.warnings;
  }

  /** The defaults: CPU, one intra-op thread, warnings to the {@code System.Logger}. */
  public static ModelOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Device device() {
    return device;
  }

  /** The CUDA device ordinal used for {@link Device#CUDA} and {@link Device#AUTO}. */
  public int cudaDeviceId() {
    return cudaDeviceId;
  }

  /** ONNX Runtime intra-op threads per session. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Receives warnings, e.g. the CPU fallback of {@link Device#AUTO}. */
  public Consumer<String> warnings() {
    return warnings;
  }

  /** Builder of {@link ModelOptions}; not thread-safe. */
  public static final class Builder {
    private Device device = DEFAULT_DEVICE;
    private int cudaDeviceId;
    private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
    private Consumer<String> warnings = msg -> LOGGER.log(System.Logger.Level.WARNING, msg);

    private Builder() {}

    public Builder device(Device device) {
      this.device = Objects.requireNonNull(device, "device");
      return this;
    }

    public Builder cudaDeviceId(int cudaDeviceId) {
      if (cudaDeviceId < 0) {
        throw new IllegalArgumentException("CUDA device id is " + cudaDeviceId + ", expected >= 0");
      }
      this.cudaDeviceId = cudaDeviceId;
      return this;
    }

    public Builder intraOpThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("intra-op threads is " + threads + ", expected >= 1");
      }
      this.intraOpThreads = threads;
      return this;
    }

    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    public ModelOptions build() {
      return new ModelOptions(this);
    }
  }
}
