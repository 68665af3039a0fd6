package org.vbsanomaly.trainer.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * All weights of a VAE as plain Java arrays, outside TensorFlow: the encoder's hidden layers, the
 * two latent heads, and the decoder's layers including the output layer.
 *
 * <p>Used to initialise a graph reproducibly from a seed, to keep the best epoch's weights while
 * training goes on, and to hand the trained weights to the ONNX export. Immutable in intent: the
 * lists are unmodifiable, but the arrays are shared; {@link #copy()} when in doubt.
 */
public record VaeParameters(
    List<DenseParameters> encoder,
    DenseParameters zMean,
    DenseParameters zLogVar,
    List<DenseParameters> decoder) {

  public VaeParameters {
    encoder = List.copyOf(encoder);
    decoder = List.copyOf(decoder);
  }

  /**
   * Fresh weights for {@code architecture}: Glorot-uniform kernels and zero biases drawn from a
   * random stream seeded with {@code seed}, layer by layer in graph order. The same seed gives the
   * same weights on every machine.
   */
  public static VaeParameters initial(VaeArchitecture architecture, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<DenseParameters> encoder = new ArrayList<>();
    int in = architecture.inputDim();
    for (int width : architecture.hiddenSizes()) {
      encoder.add(DenseParameters.glorotUniform(in, width, random));
      in = width;
    }
    DenseParameters mean = DenseParameters.glorotUniform(in, architecture.latentDim(), random);
    DenseParameters logVar = DenseParameters.glorotUniform(in, architecture.latentDim(), random);
    List<DenseParameters> decoder = new ArrayList<>();
    in = architecture.latentDim();
    for (int width : architecture.decoderHiddenSizes()) {
      decoder.add(DenseParameters.glorotUniform(in, width, random));
      in = width;
    }
    decoder.add(DenseParameters.glorotUniform(in, architecture.inputDim(), random));
    return new VaeParameters(encoder, mean, logVar, decoder);
  }

  /**
   * The inverse of {@link #layers()}: {@code encoderCount} encoder layers, the two heads, then the
   * decoder.
   */
  static VaeParameters ofLayers(List<DenseParameters> layers, int encoderCount) {
    return new VaeParameters(
        layers.subList(0, encoderCount),
        layers.get(encoderCount),
        layers.get(encoderCount + 1),
        layers.subList(encoderCount + 2, layers.size()));
  }

  /** Every layer in graph order: encoder, z_mean, z_log_var, decoder. */
  public List<DenseParameters> layers() {
    List<DenseParameters> all = new ArrayList<>(encoder);
    all.add(zMean);
    all.add(zLogVar);
    all.addAll(decoder);
    return all;
  }

  /** A deep copy. */
  public VaeParameters copy() {
    return new VaeParameters(
        encoder.stream().map(DenseParameters::copy).toList(),
        zMean.copy(),
        zLogVar.copy(),
        decoder.stream().map(DenseParameters::copy).toList());
  }

  /** True when the layer widths are those of {@code architecture}. */
  public boolean fits(VaeArchitecture architecture) {
    VaeParameters shape = initial(architecture, 0);
    List<DenseParameters> mine = layers();
    List<DenseParameters> expected = shape.layers();
    if (mine.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < mine.size(); i++) {
      if (mine.get(i).inputs() != expected.get(i).inputs()
          || mine.get(i).outputs() != expected.get(i).outputs()) {
        return false;
      }
    }
    return true;
  }
}
