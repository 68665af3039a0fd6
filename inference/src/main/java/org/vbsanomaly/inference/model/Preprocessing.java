package org.vbsanomaly.inference.model;

/**
 * A model's preprocessing as one multiply-add per column: {@code scaled = ln(max(x, floor)) *
 * logScale + x * linearScale + offset}, which is {@code (log10(max(x, floor)) - min) / range} on
 * the log10 columns and {@code (x - min) / range} on the others. Exactly one of the two scales of a
 * column is non-zero. Computed in double precision and rounded once to float.
 *
 * @param logScale {@code 1 / (ln 10 * range)} on the log10 columns, else 0
 * @param linearScale {@code 1 / range} on the other columns, else 0
 * @param offset {@code -min / range}
 */
record Preprocessing(float[] logScale, float[] linearScale, float[] offset) {

  /** The preprocessing of {@code vae}, from its log10 mask and min-max constants. */
  static Preprocessing of(VaeWeights vae) {
    boolean[] log10 = vae.log10Mask();
    float[] min = vae.scaleMin();
    float[] range = vae.scaleRange();
    int n = log10.length;
    float[] logScale = new float[n];
    float[] linearScale = new float[n];
    float[] offset = new float[n];
    for (int i = 0; i < n; i++) {
      double inverse = 1.0 / range[i];
      if (log10[i]) {
        logScale[i] = (float) (inverse / Math.log(10.0));
      } else {
        linearScale[i] = (float) inverse;
      }
      offset[i] = (float) (-min[i] * inverse);
    }
    return new Preprocessing(logScale, linearScale, offset);
  }
}
