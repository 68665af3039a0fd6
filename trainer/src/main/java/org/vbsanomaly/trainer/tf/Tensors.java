package org.vbsanomaly.trainer.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Moving values between Java arrays and TensorFlow tensors and variables, for the sessions of this
 * package. Tensors returned are owned by the caller, who closes them.
 */
final class Tensors {
  private Tensors() {}

  /** A {@code [rows, cols]} tensor over the first {@code rows * cols} values, row-major. */
  static TFloat32 matrix(float[] values, int rows, int cols) {
    return matrix(values, 0, rows, cols);
  }

  /** A {@code [rows, cols]} tensor over {@code values} from {@code offset}, row-major. */
  static TFloat32 matrix(float[] values, int offset, int rows, int cols) {
    return TFloat32.tensorOf(
        Shape.of(rows, cols),
        DataBuffers.of(values, true, false).slice(offset, (long) rows * cols));
  }

  /** A {@code [n]} tensor over {@code values} from {@code offset}. */
  static TFloat32 vector(float[] values, int offset, int n) {
    return TFloat32.tensorOf(
        Shape.of(n), DataBuffers.of(values, true, false).slice(offset, (long) n));
  }

  /** Copies every value of {@code tensor} into {@code into} from {@code offset}. */
  static void copy(TFloat32 tensor, float[] into, int offset) {
    tensor.copyTo(DataBuffers.of(into, false, false).slice(offset, tensor.size()));
  }

  /** Mean of all values, summed in double. */
  static float mean(TFloat32 vector) {
    double sum = 0;
    long n = vector.size();
    for (long i = 0; i < n; i++) {
      sum += vector.getFloat(i);
    }
    return (float) (sum / n);
  }

  /** The current values of the layers' variables, in order. */
  static List<DenseParameters> read(Session session, List<VaeGraph.DenseVariables> layers) {
    Session.Runner runner = session.runner();
    for (VaeGraph.DenseVariables layer : layers) {
      runner.fetch(layer.kernel).fetch(layer.bias);
    }
    List<DenseParameters> values = new ArrayList<>(layers.size());
    try (Result r = runner.run()) {
      for (int i = 0; i < layers.size(); i++) {
        VaeGraph.DenseVariables layer = layers.get(i);
        float[] kernel = new float[layer.inputs * layer.outputs];
        float[] bias = new float[layer.outputs];
        copy((TFloat32) r.get(2 * i), kernel, 0);
        copy((TFloat32) r.get(2 * i + 1), bias, 0);
        values.add(DenseParameters.fromFlat(kernel, bias));
      }
    }
    return values;
  }

  /** Assigns {@code values} to the layers' variables, index by index; shapes must match. */
  static void write(
      Session session, List<VaeGraph.DenseVariables> layers, List<DenseParameters> values) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < layers.size(); i++) {
        VaeGraph.DenseVariables layer = layers.get(i);
        DenseParameters p = values.get(i);
        TFloat32 k = matrix(p.flatKernel(), p.inputs(), p.outputs());
        tensors.add(k);
        TFloat32 b = TFloat32.vectorOf(p.bias());
        tensors.add(b);
        runner
            .feed(layer.kernelValue, k)
            .feed(layer.biasValue, b)
            .addTarget(layer.assignKernel)
            .addTarget(layer.assignBias);
      }
      runner.run().close();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }
}
