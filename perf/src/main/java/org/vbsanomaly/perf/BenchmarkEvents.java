package org.vbsanomaly.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.vbsanomaly.events.DamageListener;
import org.vbsanomaly.events.LheEvent;
import org.vbsanomaly.events.LheReader;
import org.vbsanomaly.events.Observable;
import org.vbsanomaly.events.ObservableCalculator;

/**
 * A pool of feature rows that benchmarks and the load generator score, cycling through it.
 *
 * <p>Rows hold the 14 observables in {@link Observable} order, raw units (GeV, rad), row-major:
 * event {@code e}, feature {@code f} at {@code rows[e * 14 + f]}. Immutable by convention: nobody
 * writes the array after construction.
 *
 * @param rows the feature rows
 * @param count number of events
 * @param source how reports name the pool
 */
public record BenchmarkEvents(float[] rows, int count, String source) {

  private static final int F = Observable.COUNT;

  /** Pool size used when none is given: 65536 events, 3.7 MB, larger than the L2 cache. */
  public static final int DEFAULT_COUNT = 1 << 16;

  public BenchmarkEvents {
    if (count < 1 || rows.length < (long) count * F) {
      throw new IllegalArgumentException(
          source + ": " + count + " events in " + rows.length + " floats; need at least one");
    }
  }

  /** Offset of event {@code i} (any non-negative index; the pool repeats) in {@link #rows()}. */
  public int offset(long i) {
    return (int) (i % count) * F;
  }

  /**
   * {@code n} SSWW-like events from {@code seed}: two forward jets in opposite hemispheres, two
   * central leptons, missing transverse energy; the masses and the rapidity gap are computed from
   * the generated kinematics, so the features are mutually consistent.
   */
  public static BenchmarkEvents synthetic(long seed, int n) {
    Random random = new Random(seed);
    float[] rows = new float[n * F];
    for (int e = 0; e < n; e++) {
      fillEvent(random, rows, e * F);
    }
    return new BenchmarkEvents(rows, n, "synthetic SSWW-like events (seed " + seed + ")");
  }

  /**
   * The events of an LHE file that have all 14 observables, at most {@code max} of them. Events
   * lacking an observable are counted and named in {@link #source()}, not scored.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if no event of the file has all 14 observables
   */
  public static BenchmarkEvents fromLhe(Path file, int max) throws IOException {
    if (max < 1) {
      throw new IllegalArgumentException("at most " + max + " events asked; need at least 1");
    }
    long capacity = (long) max * F;
    float[] rows = new float[(int) Math.min(capacity, 1 << 20)];
    double[] obs = new double[F];
    int n = 0;
    long incomplete = 0;
    try (LheReader reader = LheReader.open(file, DamageListener.IGNORE)) {
      LheEvent event = new LheEvent();
      while (n < max && reader.next(event)) {
        if (ObservableCalculator.compute(event, obs) != 0) {
          incomplete++;
          continue;
        }
        if ((n + 1) * F > rows.length) {
          rows = Arrays.copyOf(rows, (int) Math.min(2L * rows.length, capacity));
        }
        for (int f = 0; f < F; f++) {
          rows[n * F + f] = (float) obs[f];
        }
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          file + ": no event has all 14 observables (" + incomplete + " lack one or more)");
    }
    String source =
        file.getFileName()
            + " ("
            + n
            + " events; "
            + incomplete
            + " lacking an observable left out)";
    return new BenchmarkEvents(rows, n, source);
  }

  private static void fillEvent(Random r, float[] row, int at) {
    double ptj1 = logNormal(r, 150, 0.5);
    double ptj2 = Math.min(ptj1, logNormal(r, 70, 0.5));
    double etaj1 = (r.nextBoolean() ? 1 : -1) * (1.5 + 2.5 * r.nextDouble());
    double etaj2 = -Math.signum(etaj1) * (1.5 + 2.5 * r.nextDouble());
    double dphijj = Math.PI * r.nextDouble();
    double ptl1 = logNormal(r, 70, 0.45);
    double ptl2 = Math.min(ptl1, logNormal(r, 40, 0.45));
    double etal1 = clamp(r.nextGaussian() * 1.1, 2.5);
    double etal2 = clamp(r.nextGaussian() * 1.1, 2.5);
    double dphill = Math.PI * r.nextDouble();
    double detajj = Math.abs(etaj1 - etaj2);

    row[at] = (float) pairMass(ptj1, ptj2, detajj, dphijj);
    row[at + 1] = (float) pairMass(ptl1, ptl2, Math.abs(etal1 - etal2), dphill);
    row[at + 2] = (float) ptj1;
    row[at + 3] = (float) ptj2;
    row[at + 4] = (float) ptl1;
    row[at + 5] = (float) ptl2;
    row[at + 6] = (float) Math.sqrt(ptl1 * ptl1 + ptl2 * ptl2 + 2 * ptl1 * ptl2 * Math.cos(dphill));
    row[at + 7] = (float) (-60 * Math.log(1 - r.nextDouble()));
    row[at + 8] = (float) etaj1;
    row[at + 9] = (float) etaj2;
    row[at + 10] = (float) etal1;
    row[at + 11] = (float) etal2;
    row[at + 12] = (float) detajj;
    row[at + 13] = (float) dphijj;
  }

  /** Invariant mass of two massless objects, GeV. */
  private static double pairMass(double pt1, double pt2, double deta, double dphi) {
    return Math.sqrt(2 * pt1 * pt2 * (Math.cosh(deta) - Math.cos(dphi)));
  }

  private static double logNormal(Random r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  private static double clamp(double x, double limit) {
    return Math.max(-limit, Math.min(limit, x));
  }
}
