package org.vbsanomaly.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link FloatMath} against {@link Math#log} and {@link Math#exp} evaluated in double precision at
 * the same float argument: dense sweeps of the float bit patterns, every float near the points
 * where the reductions switch, and the special values.
 */
class FloatMathTest {

  /** The promised bound on the relative error. */
  private static final double BOUND = 2e-7;

  /**
   * Stride of the sweeps over bit patterns (about 17 million floats for log): odd, so the low bits
   * of the mantissa take every pattern.
   */
  private static final int STRIDE = 127;

  /** Smallest and largest argument whose exp is a normal float. */
  private static final float EXP_NORMAL_LOW = (float) Math.log(Float.MIN_NORMAL) + 1e-5f;

  private static final float EXP_NORMAL_HIGH = (float) Math.log(Float.MAX_VALUE) - 1e-5f;

  @Test
  void logIsWithin2e7RelativeOfMathLogAcrossEveryPositiveFloatExponent() {
    double worst = 0;
    for (long bits = 1; bits < 0x7f800000L; bits += STRIDE) {
      worst = Math.max(worst, logError(Float.intBitsToFloat((int) bits)));
    }

    assertThat(worst).isLessThanOrEqualTo(BOUND);
  }

  @Test
  void logKeepsItsRelativeAccuracyAtEveryFloatNearOne() {
    double worst = 0;
    for (float x = 1f - 0x1p-10f; x <= 1f + 0x1p-9f; x = Math.nextUp(x)) {
      if (x != 1f) {
        worst = Math.max(worst, logError(x));
      }
    }

    assertThat(worst).isLessThanOrEqualTo(BOUND);
    assertThat(FloatMath.log(1f)).isEqualTo(0f);
  }

  @Test
  void logIsWithin2e7AtEveryFloatOfTheMantissaBoundaryAndAtPowersOfTwo() {
    double worst = 0;
    float sqrtHalf = (float) Math.sqrt(0.5);
    for (int exponent = -149; exponent <= 127; exponent++) {
      float power = (float) Math.scalb(1.0, exponent);
      worst = Math.max(worst, logError(power));
      float boundary = (float) Math.scalb((double) sqrtHalf, exponent);
      for (int bits = Math.max(1, bitsOf(boundary) - 64); bits <= bitsOf(boundary) + 64; bits++) {
        worst = Math.max(worst, logError(Float.intBitsToFloat(bits)));
      }
    }

    assertThat(worst).isLessThanOrEqualTo(BOUND);
  }

  @Test
  void logIsWithin2e7AtTheLogFloorSubnormalsAndTheLargestFloats() {
    float[] points = {
      OnnxModelContract.LOG10_FLOOR,
      Math.nextDown(OnnxModelContract.LOG10_FLOOR),
      Math.nextUp(OnnxModelContract.LOG10_FLOOR),
      Float.MIN_VALUE,
      2 * Float.MIN_VALUE,
      Math.nextDown(Float.MIN_NORMAL),
      Float.MIN_NORMAL,
      Math.nextUp(Float.MIN_NORMAL),
      Float.MAX_VALUE,
      Math.nextDown(Float.MAX_VALUE),
      1e30f,
      2f,
      0.5f,
      10f,
      (float) Math.E
    };

    for (float x : points) {
      assertThat(logError(x)).as("log(%s)", x).isLessThanOrEqualTo(BOUND);
    }
  }

  @Test
  void logOfZeroNegativeInfiniteAndNanIsAsMathLog() {
    assertThat(FloatMath.log(0f)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(FloatMath.log(-0f)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(FloatMath.log(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(FloatMath.log(-1f)).isNaN();
    assertThat(FloatMath.log(-Float.MIN_VALUE)).isNaN();
    assertThat(FloatMath.log(Float.NEGATIVE_INFINITY)).isNaN();
    assertThat(FloatMath.log(Float.NaN)).isNaN();
    assertThat(FloatMath.log(Float.intBitsToFloat(0xffc00001))).isNaN();
  }

  @Test
  void expIsWithin2e7RelativeOfMathExpWhereverTheResultIsANormalFloat() {
    double worst = 0;
    for (long bits = 0; bits <= 0xffffffffL; bits += STRIDE) {
      float x = Float.intBitsToFloat((int) bits);
      if (x >= EXP_NORMAL_LOW && x <= EXP_NORMAL_HIGH) {
        worst = Math.max(worst, expError(x));
      }
    }

    assertThat(worst).isLessThanOrEqualTo(BOUND);
  }

  @Test
  void expIsWithin2e7AtEveryFloatOfAnOctaveAroundZeroAndAroundTheReductionBoundaries() {
    double worst = 0;
    for (float x = 0.25f; x < 0.5f; x = Math.nextUp(x)) {
      worst = Math.max(worst, Math.max(expError(x), expError(-x)));
    }
    for (int exponent = -149; exponent < -2; exponent++) {
      float tiny = (float) Math.scalb(1.0, exponent);
      worst = Math.max(worst, Math.max(expError(tiny), expError(-tiny)));
    }
    double ln2 = Math.log(2.0);
    for (int k = -126; k <= 127; k++) {
      float boundary = (float) ((k + 0.5) * ln2);
      for (int bits = bitsOf(boundary) - 64; bits <= bitsOf(boundary) + 64; bits++) {
        float x = Float.intBitsToFloat(bits);
        if (x >= EXP_NORMAL_LOW && x <= EXP_NORMAL_HIGH) {
          worst = Math.max(worst, expError(x));
        }
      }
    }

    assertThat(worst).isLessThanOrEqualTo(BOUND);
    assertThat(FloatMath.exp(0f)).isEqualTo(1f);
    assertThat(FloatMath.exp(-0f)).isEqualTo(1f);
  }

  @Test
  void expOverflowsToInfinityAboveTheLargestFloat() {
    assertThat(FloatMath.exp(EXP_NORMAL_HIGH)).isFinite();
    assertThat(FloatMath.exp(88.73f)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(FloatMath.exp(89f)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(FloatMath.exp(1e4f)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(FloatMath.exp(Float.MAX_VALUE)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(FloatMath.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void expUnderflowsGraduallyWithinOneSubnormalStepThenToZero() {
    for (float x = -104f; x < EXP_NORMAL_LOW; x += 1f / 64) {
      double exact = Math.exp(x);
      assertThat(Math.abs(FloatMath.exp(x) - exact))
          .as("exp(%s)", x)
          .isLessThanOrEqualTo(Float.MIN_VALUE);
    }
    assertThat(FloatMath.exp(-104f)).isEqualTo(0f);
    assertThat(FloatMath.exp(-1e4f)).isEqualTo(0f);
    assertThat(FloatMath.exp(-Float.MAX_VALUE)).isEqualTo(0f);
    assertThat(FloatMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
  }

  @Test
  void expOfNanIsNan() {
    assertThat(FloatMath.exp(Float.NaN)).isNaN();
    assertThat(FloatMath.exp(Float.intBitsToFloat(0xffc00001))).isNaN();
  }

  /** Relative error at a positive finite float; infinite if {@code log(1)} is not exactly 0. */
  private static double logError(float x) {
    double exact = Math.log(x);
    if (exact == 0) {
      return FloatMath.log(x) == 0f ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(FloatMath.log(x) - exact) / Math.abs(exact);
  }

  private static double expError(float x) {
    double exact = Math.exp(x);
    return Math.abs(FloatMath.exp(x) - exact) / exact;
  }

  private static int bitsOf(float x) {
    return Float.floatToRawIntBits(x);
  }
}
