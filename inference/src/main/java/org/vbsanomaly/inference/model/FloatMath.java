package org.vbsanomaly.inference.model;

/**
 * Natural logarithm and exponential of a float, in float arithmetic, for the hot loops of {@link
 * JavaForwardPass}: several times cheaper than {@code (float) Math.log((double) x)} and {@code
 * (float) Math.exp((double) x)}, and within about one float ulp of them.
 *
 * <p><b>Accuracy.</b> Relative error at most 2e-7 (checked by {@code FloatMathTest} on sweeps of
 * the float bit patterns against {@link Math#log} and {@link Math#exp} in double precision): for
 * {@link #log} at every positive finite float, subnormals included, and for {@link #exp} wherever
 * its result is a normal float, {@code -87.33 <= x <= 88.72}. Measured over every float once: at
 * most 8.6e-8 for {@code log} and 1.03e-7 for {@code exp}, about one ulp. {@code log(1) == 0} and
 * {@code exp(0) == 1} exactly.
 *
 * <p><b>Special values.</b> {@code log}: {@code -Infinity} at {@code +-0}, NaN below zero and at
 * NaN, {@code +Infinity} at {@code +Infinity}, as {@code Math.log}. {@code exp}: gradual underflow
 * below -87.33 (subnormal results within one subnormal step, 1.4e-45, of the true value), 0 below
 * about -103.9, {@code +Infinity} above about 88.72, NaN at NaN (the clamp of the argument to
 * {@code [-104, 89]} lets NaN through). {@code log} leaves its common path only for those special
 * inputs and subnormals.
 *
 * <p><b>Implementation note.</b> Both reduce the argument by powers of two read from or written
 * into the float's bits, then evaluate a short polynomial on a small interval. Every step is exact
 * or rounds once, in an order that keeps the large parts exact (Cody and Waite's split of {@code ln
 * 2} into a short head and a tail).
 *
 * <ul>
 *   <li>{@code log}: {@code x = 2^k m} with {@code m} in {@code [sqrt(1/2), sqrt(2))}, found by
 *       subtracting the bits of {@code sqrt(1/2)}; {@code f = m - 1} is exact. Then {@code ln m = 2
 *       atanh(s)} with {@code s = f / (2 + f)}, {@code |s| <= 0.1716}, which is {@code f - s (f -
 *       R)} with {@code R = 2z/3 + 2z^2/5 + 2z^3/7 + 2z^4/9}, {@code z = s^2}: the series of {@code
 *       atanh} cut where the next term is about 2e-9 relative. The leading {@code f} enters
 *       unrounded, so values near 1 keep their full relative accuracy.
 *   <li>{@code exp}: {@code k = rint(x / ln 2)} by adding and subtracting {@code 1.5 * 2^23} (which
 *       leaves {@code k} in the low bits), {@code r = x - k ln 2} with {@code |r| <= 0.347}, then
 *       the Taylor polynomial of degree 7 (truncation below 5.2e-9 relative) times {@code 2^k},
 *       applied as two powers of two so that {@code k} from -150 to 128 needs no branch.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
final class FloatMath {

  private static final double LN2 = Math.log(2.0);

  /**
   * {@code ln 2} cut to 13 significant bits, so that {@code k * LN2_HI} is exact for {@code |k| <
   * 2^11} (here {@code |k| <= 150}).
   */
  private static final float LN2_HI =
      Float.intBitsToFloat(Float.floatToRawIntBits((float) LN2) & 0xfffff800);

  /** {@code ln 2 - LN2_HI}. */
  private static final float LN2_LO = (float) (LN2 - LN2_HI);

  private static final float INV_LN2 = (float) (1.0 / LN2);

  private static final int SQRT_HALF_BITS = Float.floatToRawIntBits((float) Math.sqrt(0.5));

  /**
   * Adding this to a float of magnitude below 2^22 rounds it to an integer kept in the low bits.
   */
  private static final float ROUNDING_SHIFT = 0x1.8p23f;

  private static final int ROUNDING_SHIFT_BITS = Float.floatToRawIntBits(ROUNDING_SHIFT);

  /** Below this exp is 0 (exp(-104) is under half the smallest subnormal). */
  private static final float EXP_LOWEST = -104f;

  /** Above this exp is +Infinity (exp(89) is over Float.MAX_VALUE). */
  private static final float EXP_HIGHEST = 89f;

  private FloatMath() {}

  /**
   * Natural logarithm.
   *
   * @param x any float
   * @return {@code ln x}, within 2e-7 relative; special values as {@link Math#log}
   */
  static float log(float x) {
    int bits = Float.floatToRawIntBits(x);
    if (bits < Float.floatToRawIntBits(Float.MIN_NORMAL) || bits >= 0x7f800000) {
      return logOfUnusual(x);
    }
    return logOfNormal(bits, 0);
  }

  /**
   * Exponential.
   *
   * @param x any float
   * @return {@code e^x}, within 2e-7 relative where that is a normal float; see the class javadoc
   *     for underflow, overflow and NaN
   */
  static float exp(float x) {
    float clamped = x < EXP_LOWEST ? EXP_LOWEST : (x > EXP_HIGHEST ? EXP_HIGHEST : x);
    float shifted = clamped * INV_LN2 + ROUNDING_SHIFT;
    float kf = shifted - ROUNDING_SHIFT;
    int k = Float.floatToRawIntBits(shifted) - ROUNDING_SHIFT_BITS;
    float r = (clamped - kf * LN2_HI) - kf * LN2_LO;
    float q = 1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720 + r * (1f / 5040))));
    float p = 1f + r * (1f + r * (0.5f + r * q));
    int half = k >> 1;
    return p * powerOfTwo(half) * powerOfTwo(k - half);
  }

  /** {@code ln x} for the positive normal float {@code x * 2^exponentOffset} of these bits. */
  private static float logOfNormal(int bits, int exponentOffset) {
    int k = (bits - SQRT_HALF_BITS) >> 23;
    float f = Float.intBitsToFloat(bits - (k << 23)) - 1f;
    float s = f / (2f + f);
    float z = s * s;
    float r = z * (2f / 3 + z * (2f / 5 + z * (2f / 7 + z * (2f / 9))));
    float c = s * (f - r);
    float kf = k + exponentOffset;
    return kf * LN2_HI + (f - (c - kf * LN2_LO));
  }

  /** Zero, subnormal, negative, infinite or NaN. */
  private static float logOfUnusual(float x) {
    if (x > 0f && x < Float.MIN_NORMAL) {
      return logOfNormal(Float.floatToRawIntBits(x * 0x1p24f), -24);
    }
    if (x == 0f) {
      return Float.NEGATIVE_INFINITY;
    }
    return x == Float.POSITIVE_INFINITY ? x : Float.NaN;
  }

  /** {@code 2^j} for {@code -126 <= j <= 127}. */
  private static float powerOfTwo(int j) {
    return Float.intBitsToFloat((j + 127) << 23);
  }
}
