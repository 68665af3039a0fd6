package org.vbsanomaly.trainer.export;

import java.util.ArrayList;
import java.util.List;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.ClassifierWeights;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.tf.ClassifierArchitecture;
import org.vbsanomaly.trainer.tf.ClassifierParameters;
import org.vbsanomaly.trainer.tf.DenseParameters;
import org.vbsanomaly.trainer.tf.OutputActivation;
import org.vbsanomaly.trainer.tf.VaeArchitecture;
import org.vbsanomaly.trainer.tf.VaeParameters;

/**
 * Turns weights copied out of TensorFlow into the inference module's records, attaching the
 * activations the training graph used: LeakyReLU (with its slope) on every hidden layer, linear
 * latent heads, and the trained output activation on the decoder's last layer; the classifier head
 * with its hidden activation and sigmoid output. And back: an exported VAE's weights into the
 * arrays a TensorFlow graph starts from.
 */
public final class WeightsConversion {
  private WeightsConversion() {}

  /** The exportable model: {@code parameters} laid out as {@code architecture}, with metadata. */
  public static VaeWeights toVaeWeights(
      VaeArchitecture architecture, VaeParameters parameters, ModelMetadata metadata) {
    if (!parameters.fits(architecture)) {
      throw new IllegalArgumentException("weights do not fit " + architecture);
    }
    float alpha = architecture.leakyAlpha();
    List<DenseLayer> encoder = new ArrayList<>();
    for (DenseParameters p : parameters.encoder()) {
      encoder.add(new DenseLayer(p.kernel(), p.bias(), Activation.LEAKY_RELU, alpha));
    }
    List<DenseLayer> decoder = new ArrayList<>();
    int last = parameters.decoder().size() - 1;
    for (int i = 0; i < last; i++) {
      DenseParameters p = parameters.decoder().get(i);
      decoder.add(new DenseLayer(p.kernel(), p.bias(), Activation.LEAKY_RELU, alpha));
    }
    DenseParameters out = parameters.decoder().get(last);
    decoder.add(DenseLayer.of(out.kernel(), out.bias(), outputActivation(architecture)));
    return new VaeWeights(
        encoder,
        DenseLayer.of(parameters.zMean().kernel(), parameters.zMean().bias(), Activation.LINEAR),
        DenseLayer.of(
            parameters.zLogVar().kernel(), parameters.zLogVar().bias(), Activation.LINEAR),
        decoder,
        metadata);
  }

  /** The exportable classifier head: {@code parameters} with the activations of {@code head}. */
  public static ClassifierWeights toClassifierWeights(
      ClassifierArchitecture head, ClassifierParameters parameters) {
    if (!parameters.fits(head)) {
      throw new IllegalArgumentException("classifier weights do not fit " + head);
    }
    DenseParameters h = parameters.hidden();
    DenseLayer hidden =
        head.hiddenActivation() == Activation.LEAKY_RELU
            ? new DenseLayer(h.kernel(), h.bias(), Activation.LEAKY_RELU, head.leakyAlpha())
            : DenseLayer.of(h.kernel(), h.bias(), head.hiddenActivation());
    DenseParameters o = parameters.output();
    var s = parameters.standardisation();
    return new ClassifierWeights(
        s.mseMean(),
        s.mseSd(),
        s.kldMean(),
        s.kldSd(),
        hidden,
        DenseLayer.of(o.kernel(), o.bias(), Activation.SIGMOID));
  }

  /**
   * The shape of an exported VAE: encoder widths, latent size, the LeakyReLU slope of its hidden
   * layers and its output activation.
   *
   * @throws IllegalArgumentException if the model is not one this trainer builds: hidden layers
   *     that are not all LeakyReLU with one slope, a decoder that does not mirror the encoder
   */
  public static VaeArchitecture architectureOf(VaeWeights vae) {
    List<Integer> widths = new ArrayList<>();
    float alpha = Float.NaN;
    List<DenseLayer> hidden = new ArrayList<>(vae.encoder());
    hidden.addAll(vae.decoder().subList(0, vae.decoder().size() - 1));
    for (DenseLayer l : hidden) {
      if (l.activation() != Activation.LEAKY_RELU || !(Float.isNaN(alpha) || l.alpha() == alpha)) {
        throw new IllegalArgumentException(
            "the VAE's hidden layers must all be LeakyReLU with one slope; found " + l);
      }
      alpha = l.alpha();
    }
    for (DenseLayer l : vae.encoder()) {
      widths.add(l.outputs());
    }
    if (widths.isEmpty()) {
      throw new IllegalArgumentException("the VAE has no encoder hidden layer");
    }
    Activation out = vae.decoder().get(vae.decoder().size() - 1).activation();
    VaeArchitecture architecture =
        new VaeArchitecture(
            vae.featureCount(),
            widths,
            vae.latentDim(),
            alpha,
            out == Activation.SIGMOID ? OutputActivation.SIGMOID : OutputActivation.LINEAR);
    if (!toVaeParametersUnchecked(vae).fits(architecture)) {
      throw new IllegalArgumentException(
          "the VAE's decoder does not mirror its encoder " + widths + ": " + vae);
    }
    return architecture;
  }

  /** The weights of an exported VAE as the arrays a TensorFlow graph starts from. */
  public static VaeParameters toVaeParameters(VaeWeights vae) {
    architectureOf(vae);
    return toVaeParametersUnchecked(vae);
  }

  private static VaeParameters toVaeParametersUnchecked(VaeWeights vae) {
    return new VaeParameters(
        vae.encoder().stream().map(WeightsConversion::parameters).toList(),
        parameters(vae.zMean()),
        parameters(vae.zLogVar()),
        vae.decoder().stream().map(WeightsConversion::parameters).toList());
  }

  private static DenseParameters parameters(DenseLayer layer) {
    return new DenseParameters(layer.kernel(), layer.bias());
  }

  private static Activation outputActivation(VaeArchitecture architecture) {
    return architecture.outputActivation() == OutputActivation.SIGMOID
        ? Activation.SIGMOID
        : Activation.LINEAR;
  }
}
