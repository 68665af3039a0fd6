package org.vbsanomaly.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of float outputs shared by the model tests. */
final class FloatAssertions {

  private FloatAssertions() {}

  /**
   * Equal within 1e-5, relative to the magnitude where it exceeds 1.
   *
   * @param what names the output in a failure message
   */
  static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      float tolerance = 1e-5f * Math.max(1f, Math.abs(expected[i]));
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("%s[%d]: %s, expected %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(tolerance);
    }
  }
}
