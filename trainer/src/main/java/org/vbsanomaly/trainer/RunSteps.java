package org.vbsanomaly.trainer;

import java.util.ArrayList;
import java.util.List;
import org.vbsanomaly.schema.v1.TrainingFile;
import org.vbsanomaly.trainer.data.LoadedSample;

/**
 * Steps common to the training runs of the VAE ({@link VaeTrainingRun}) and of the VAE+NN model
 * ({@link ClassifierTrainingRun}): warnings, the metadata record of an input file, array joins and
 * timing. Stateless.
 */
final class RunSteps {
  private RunSteps() {}

  /** Warns once per file, SM files first, that had damaged events skipped. */
  static void warnAboutDamage(
      List<LoadedSample> sm, List<LoadedSample> eft, TrainingListener listener) {
    List<LoadedSample> all = new ArrayList<>(sm);
    all.addAll(eft);
    for (LoadedSample s : all) {
      if (s.sample().eventsDamaged() > 0) {
        listener.warning(
            s.spec().file()
                + ": "
                + s.sample().eventsDamaged()
                + " damaged event(s) skipped (--allow-damaged)");
      }
    }
  }

  /**
   * A listener that adds each warning to {@code into}, then passes it to {@code l}; it passes
   * nothing else on.
   */
  static TrainingListener collectingWarnings(TrainingListener l, List<String> into) {
    return new TrainingListener() {
      @Override
      public void warning(String message) {
        into.add(message);
        l.warning(message);
      }
    };
  }

  /** The metadata record of an input file as read: path, hash, role, cross section, counts. */
  static TrainingFile trainingFile(LoadedSample s) {
    return TrainingFile.newBuilder()
        .setPath(s.spec().file().toString())
        .setSha256(s.sha256())
        .setRole(s.spec().role().name())
        .setOperator(s.spec().operator())
        .setCrossSectionPb(s.sample().crossSectionPb())
        .setCrossSectionErrorPb(s.sample().crossSectionErrorPb())
        .setEventsRead(s.sample().eventsRead())
        .setEventsSelected(s.size())
        .build();
  }

  /** {@code a} followed by {@code b}, in a new array. */
  static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code a} followed by {@code b}, in a new array. */
  static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code v} rounded to float32. */
  static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  /** Seconds elapsed since {@code since}, a {@link System#nanoTime()} reading. */
  static double seconds(long since) {
    return (System.nanoTime() - since) * 1e-9;
  }
}
