package org.vbsanomaly.trainer.data;

import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.Sample;

/**
 * One file after reading and selection: its spec, the events module's {@link Sample}, the file's
 * SHA-256, and the factor that scales its weights when several files describe the same process.
 *
 * @param spec what the file is
 * @param sample the selected events with their observables and weights in pb
 * @param sha256 lower-case hex digest of the file's bytes
 * @param weightScale factor on {@link Sample#weightPb(int)}: 1 for a file used alone; for SM files
 *     combined into one sample, the file's share of all events read (see {@link SmCombination})
 */
public record LoadedSample(SampleSpec spec, Sample sample, String sha256, double weightScale) {

  /** Number of selected events. */
  public int size() {
    return sample.size();
  }

  /** Weights in pb of the selected events, times {@link #weightScale()}. */
  public double[] weightsPb() {
    double[] w = sample.weightsPb();
    for (int i = 0; i < w.length; i++) {
      w[i] *= weightScale;
    }
    return w;
  }

  /** The observables of the selected events, row-major, 14 per row in {@link Observable} order. */
  public double[] observables() {
    double[] out = new double[size() * Observable.COUNT];
    for (int row = 0; row < size(); row++) {
      for (int k = 0; k < Observable.COUNT; k++) {
        out[row * Observable.COUNT + k] = sample.observable(row, Observable.at(k));
      }
    }
    return out;
  }
}
