package org.vbsanomaly.trainer.export;

import java.util.ArrayList;
import java.util.List;
import org.vbsanomaly.inference.model.Activation;
import org.vbsanomaly.inference.model.DenseLayer;
import org.vbsanomaly.inference.model.VaeWeights;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.tf.DenseParameters;
import org.vbsanomaly.trainer.tf.OutputActivation;
import org.vbsanomaly.trainer.tf.VaeArchitecture;
import org.vbsanomaly.trainer.tf.VaeParameters;

/**
 * Turns weights copied out of TensorFlow into the inference module's records, attaching the
 * activations the training graph used: LeakyReLU (with its slope) on every hidden layer, linear
 * latent heads, and the trained output activation on the decoder's last layer.
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

  private static Activation outputActivation(VaeArchitecture architecture) {
    return architecture.outputActivation() == OutputActivation.SIGMOID
        ? Activation.SIGMOID
        : Activation.LINEAR;
  }
}
