package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldCursorTest {

  private static FieldCursor cursorOn(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    FieldCursor c = new FieldCursor();
    c.reset(bytes, 0, bytes.length, 7);
    return c;
  }

  private static double parse(String text) {
    return cursorOn(text).nextDouble("X");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0.91188D+02, 91.188",
    "1.0000000D-02, 0.01",
    "-.30000000E+02, -30",
    "+3.0e+01, 30",
    "0., 0",
    "9., 9",
    "1, 1",
    "-0.0000000000e+00, -0.0",
    "0.1234567-101, 0.1234567e-101",
    "0.1234567+101, 0.1234567e101",
    "1.1069288161e+02, 110.69288161",
    "5.1099893E-04, 5.1099893E-04",
    "6.9967067e+08, 6.9967067e+08",
    "1.737204e-14, 1.737204e-14",
    "123456789012345678901234, 123456789012345678901234",
    "0.000000000000000000000000001234, 1.234e-27",
    "4.9e-324, 4.9e-324",
    "1.7976931348623157e308, 1.7976931348623157e308",
  })
  void parsesFortranAndCNumberFormats(String text, double expected) {
    assertThat(parse(text)).isEqualTo(expected);
  }

  @Test
  void parsesNanAndInfinitiesForTheCallerToReject() {
    assertThat(parse("nan")).isNaN();
    assertThat(parse("NaN")).isNaN();
    assertThat(parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void agreesWithDoubleParseDoubleBitForBitOnRandomValues() {
    SplittableRandom random = new SplittableRandom(20240611);
    String[] formats = {"%.10e", "%.7E", "%.16e", "%.3f", "%.12f", "%.0f"};
    for (int i = 0; i < 30_000; i++) {
      double v = Math.scalb(random.nextDouble() - 0.5, random.nextInt(-80, 80));
      String text = String.format(Locale.ROOT, formats[i % formats.length], v);
      assertThat(parse(text)).as(text).isEqualTo(Double.parseDouble(text));
      String fortran = text.replace('e', 'D').replace('E', 'D');
      assertThat(parse(fortran)).as(fortran).isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void readsSeveralColumnsAndStopsAtATagOpening() {
    FieldCursor c = cursorOn("  11\t -1  0.5D+01 +2.5e-01</wgt>");

    assertThat(c.nextInt("A")).isEqualTo(11);
    assertThat(c.nextInt("B")).isEqualTo(-1);
    assertThat(c.nextDouble("C")).isEqualTo(5.0);
    assertThat(c.nextDouble("D")).isEqualTo(0.25);
    assertThat(c.atEnd()).isFalse();
  }

  @Test
  void rejectsGarbageNamingTheColumnTheTokenAndTheLine() {
    assertThatThrownBy(() -> cursorOn("1.5x").nextDouble("PX"))
        .isInstanceOf(Damage.class)
        .hasMessage("PX is not a number: '1.5x'")
        .satisfies(e -> assertThat(((Damage) e).line).isEqualTo(7));
    assertThatThrownBy(() -> cursorOn("********").nextDouble("PY"))
        .hasMessage("PY is not a number: '********'");
    assertThatThrownBy(() -> cursorOn("1.0").nextInt("IDUP"))
        .hasMessage("IDUP is not an integer: '1.0'");
    assertThatThrownBy(() -> cursorOn("   ").nextInt("ISTUP"))
        .hasMessage("ISTUP is missing: expected an integer, found end of line");
    assertThatThrownBy(() -> cursorOn("99999999999").nextInt("NUP"))
        .hasMessage("NUP is not an integer within 32 bits: '99999999999'");
    assertThatThrownBy(() -> cursorOn("1.5e").nextDouble("E"))
        .hasMessage("E is not a number: '1.5e'");
  }

  @Test
  void eightDigitStepsStopAtTheRightByte() {
    assertThat(parse("1.12345678")).isEqualTo(1.12345678);
    assertThat(parse("1.123456789")).isEqualTo(1.123456789);
    assertThat(parse("0.1234567890123456")).isEqualTo(0.1234567890123456);
    assertThat(cursorOn("2.12345678<").nextDouble("W")).isEqualTo(2.12345678);
    assertThatThrownBy(() -> parse("1.1234567:9")).hasMessage("X is not a number: '1.1234567:9'");
    assertThatThrownBy(() -> parse("1.1234567/9")).hasMessage("X is not a number: '1.1234567/9'");
    byte[] highBytes = {'1', '.', '2', '3', '4', '5', '6', '7', '8', (byte) 0xb9, '9'};
    FieldCursor c = new FieldCursor();
    c.reset(highBytes, 0, highBytes.length, 1);
    assertThatThrownBy(() -> c.nextDouble("X")).isInstanceOf(Damage.class);
  }

  @Test
  void madGraphLayoutIsReadExactlyAndOtherBytesInItAreRefused() {
    assertThat(parse("2.9233168259e+01")).isEqualTo(29.233168259);
    assertThat(parse("-1.7496202099e+01")).isEqualTo(-17.496202099);
    assertThat(parse("5.1100000000e-04")).isEqualTo(5.11e-4);
    assertThat(parse("1.0000000000E-10")).isEqualTo(1e-10);
    assertThat(parse("9.9999999999e+22")).isEqualTo(9.9999999999e22);
    assertThat(parse("1.0000000000e+99")).isEqualTo(1e99);
    assertThat(cursorOn("3.0000000000e+00</wgt>").nextDouble("W")).isEqualTo(3.0);
    for (String bad :
        List.of(
            "1.:000000000e+00",
            "1.0000000:00e+00",
            "1.00000000:0e+00",
            "1.000000000:e+00",
            "1.0000000000f+00",
            "1.0000000000e*00",
            "1.0000000000e+0:",
            ":.0000000000e+00",
            "1.0000000000e+001x",
            "1,0000000000e+00")) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(Damage.class);
    }
  }

  @Test
  void readsIntegersAtTheirLimits() {
    assertThat(cursorOn("-2147483648").nextInt("A")).isEqualTo(Integer.MIN_VALUE);
    assertThat(cursorOn("+2147483647").nextInt("A")).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> cursorOn("2147483648").nextInt("A")).isInstanceOf(Damage.class);
  }
}
