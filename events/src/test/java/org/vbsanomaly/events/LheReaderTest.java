package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reader behaviour on small files written by the tests themselves. */
class LheReaderTest {
  private static final String INIT =
      "<init>\n"
          + " 2212 2212 6.5e+03 6.5e+03 0 0 247000 247000 -4 1\n"
          + " 2.0e+00 1.0e-02 2.0e+00 1\n"
          + "</init>\n";
  private static final String JJ_PARTICLES =
      "  2 -1 0 0 501 0 0 0 110.69288161 110.69288161 0 0 9\n"
          + " -2 -1 0 0 0 502 0 0 -90.692881605 90.692881605 0 0 9\n"
          + " 21 1 1 2 501 503 40 30 100 111.80339887 0 0 9\n"
          + " 21 1 1 2 503 502 -35 -20 -80 89.582364336 0 0 9\n";

  @TempDir Path dir;

  private static String event(double weight, String trailer) {
    return "<event>\n 4 1 "
        + weight
        + " 91.188 0.0078 0.118\n"
        + JJ_PARTICLES
        + trailer
        + "</event>\n";
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.ISO_8859_1);
    return file;
  }

  private Path lhe(String header, String events) throws IOException {
    return write(
        "test.lhe",
        "<LesHouchesEvents version=\"3.0\">\n<header>\n"
            + header
            + "</header>\n"
            + INIT
            + events
            + "</LesHouchesEvents>\n");
  }

  private static List<Double> weights(LheReader reader) throws IOException {
    List<Double> out = new ArrayList<>();
    LheEvent event = new LheEvent();
    while (reader.next(event)) {
      out.add(event.weight());
    }
    return out;
  }

  @Test
  void readsInitBlockFields() throws IOException {
    Path file = lhe("", event(1.0, ""));

    try (LheReader reader = LheReader.open(file)) {
      LheInit init = reader.init();
      assertThat(init.version()).isEqualTo("3.0");
      assertThat(init.beamId1()).isEqualTo(2212);
      assertThat(init.beamEnergy2()).isEqualTo(6500.0);
      assertThat(init.sqrtS()).isEqualTo(13000.0);
      assertThat(init.weightStrategy()).isEqualTo(-4);
      assertThat(init.processes()).containsExactly(new LheInit.Process(2.0, 0.01, 2.0, 1));
      assertThat(init.crossSectionPb()).isEqualTo(2.0);
    }
  }

  @Test
  void crossSectionSumsProcessesAndErrorsAddInQuadrature() throws IOException {
    String init = "<init>\n2212 2212 6500 6500 0 0 0 0 3 2\n 3.0 0.3 1 1\n 1.0 0.4 1 2\n</init>\n";
    Path file =
        write("two.lhe", "<LesHouchesEvents version=\"1.0\">\n" + init + "</LesHouchesEvents>\n");

    try (LheReader reader = LheReader.open(file)) {
      assertThat(reader.init().crossSectionPb()).isEqualTo(4.0);
      assertThat(reader.init().crossSectionErrorPb())
          .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-15));
      assertThat(reader.next(new LheEvent())).isFalse();
    }
  }

  @Test
  void fillsEveryParticleColumn() throws IOException {
    Path file = lhe("", event(1.0, ""));

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      assertThat(reader.next(e)).isTrue();
      assertThat(e.size()).isEqualTo(4);
      assertThat(e.pdgId(1)).isEqualTo(-2);
      assertThat(e.status(0)).isEqualTo(-1);
      assertThat(e.mother1(2)).isEqualTo(1);
      assertThat(e.mother2(2)).isEqualTo(2);
      assertThat(e.color1(2)).isEqualTo(501);
      assertThat(e.color2(3)).isEqualTo(502);
      assertThat(e.px(2)).isEqualTo(40.0);
      assertThat(e.pt(2)).isEqualTo(50.0);
      assertThat(e.e(3)).isEqualTo(89.582364336);
      assertThat(e.spin(3)).isEqualTo(9.0);
      assertThat(e.processId()).isEqualTo(1);
      assertThat(e.scale()).isEqualTo(91.188);
      assertThat(e.alphaQcd()).isEqualTo(0.118);
      assertThat(e.ordinal()).isZero();
      assertThat(e.line()).isEqualTo(8);
      assertThatThrownBy(() -> e.px(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void reusesTheCallersEventWithoutGrowingItsArrays() throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      events.append(event(i, ""));
    }
    Path file = lhe("", events.toString());

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      reader.next(e);
      double[] px = e.px;
      int[] ids = e.pdgId;
      int count = 1;
      while (reader.next(e)) {
        count++;
        assertThat(e.px).isSameAs(px);
        assertThat(e.pdgId).isSameAs(ids);
      }
      assertThat(count).isEqualTo(100);
      assertThat(e.ordinal()).isEqualTo(99);
    }
  }

  @Test
  void steadyReadingAllocatesNothingPerEvent() throws IOException {
    String header = "<initrwgt>\n<weight id='sm'/>\n<weight id='cW'/>\n</initrwgt>\n";
    StringBuilder text =
        new StringBuilder("<LesHouchesEvents version=\"3.0\">\n<header>\n")
            .append(header)
            .append("</header>\n")
            .append(INIT);
    for (int i = 0; i < 20_000; i++) {
      text.append(
          event(1.0 + i % 7, "<rwgt>\n<wgt id='sm'>1.5</wgt>\n<wgt id='cW'>2.5</wgt>\n</rwgt>\n"));
    }
    byte[] bytes =
        text.append("</LesHouchesEvents>\n").toString().getBytes(StandardCharsets.US_ASCII);
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long perRead = Long.MAX_VALUE;

    for (int round = 0; round < 3; round++) {
      try (LheReader reader =
          LheReader.open(
              new ByteArrayInputStream(bytes), Path.of("mem.lhe"), DamageListener.IGNORE)) {
        LheEvent e = new LheEvent();
        reader.next(e);
        long before = threads.getCurrentThreadAllocatedBytes();
        int wrong = 0;
        while (reader.next(e)) {
          wrong += e.weight(1) == 2.5 ? 0 : 1;
        }
        perRead = Math.min(perRead, threads.getCurrentThreadAllocatedBytes() - before);
        assertThat(wrong).isZero();
      }
    }

    // 19,999 events read after the first: a few hundred bytes at most, i.e. nothing per event
    assertThat(perRead).isLessThan(20_000);
  }

  @Test
  void keepsNamedAndPositionalWeightsWhenBothAppear() throws IOException {
    String header =
        "<initrwgt>\n<weightgroup name='scale'>\n<weight id=\"a\">x</weight>\n"
            + "<weight id='b' MUR=\"2\">y</weight>\n</weightgroup>\n</initrwgt>\n";
    String trailer =
        "<rwgt>\n<wgt id='a'>1.5</wgt>\n<wgt id=\"b\"> -2.5D+00 </wgt>\n</rwgt>\n"
            + "<weights> 0.25 0.5\n 0.75 </weights>\n";
    Path file = lhe(header, event(1.0, trailer));

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      assertThat(reader.weightNames()).containsExactly("a", "b");
      assertThat(reader.next(e)).isTrue();
      assertThat(reader.weightNames())
          .containsExactly("a", "b", "weights[0]", "weights[1]", "weights[2]");
      assertThat(e.weightCount()).isEqualTo(5);
      assertThat(List.of(e.weight(0), e.weight(1), e.weight(2), e.weight(3), e.weight(4)))
          .containsExactly(1.5, -2.5, 0.25, 0.5, 0.75);
    }
  }

  @Test
  void namesPositionalWeightsFromLhef2WeightInfo() throws IOException {
    String init =
        "<init>\n2212 2212 6500 6500 0 0 0 0 3 1\n 1 0 1 1\n<weightinfo name=\"muR=2\"/>\n"
            + "<weightinfo name=\"muR=0.5\"/>\n</init>\n";
    String ev =
        "<event>\n 4 1 1.0 91 0.0078 0.118\n"
            + JJ_PARTICLES
            + "<weights>1.1 0.9</weights>\n</event>\n";
    Path file =
        write(
            "v2.lhe", "<LesHouchesEvents version=\"2.0\">\n" + init + ev + "</LesHouchesEvents>\n");

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      assertThat(reader.next(e)).isTrue();
      assertThat(reader.weightNames()).containsExactly("muR=2", "muR=0.5");
      assertThat(e.weight(0)).isEqualTo(1.1);
      assertThat(e.weight(1)).isEqualTo(0.9);
    }
  }

  @Test
  void weightsInADifferentOrderOrMissingStillLandInTheirSlots() throws IOException {
    String header =
        "<initrwgt>\n<weight id='a'/>\n<weight id='b'/>\n<weight id='c'/>\n</initrwgt>\n";
    String events =
        event(1.0, "<rwgt><wgt id='c'>3</wgt><wgt id='a'>1</wgt></rwgt>\n")
            + event(1.0, "<rwgt>\n<wgt id='new'>4</wgt>\n<wgt id='b'>2</wgt>\n</rwgt>\n");
    Path file = lhe(header, events);

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      reader.next(e);
      assertThat(e.weight(0)).isEqualTo(1.0);
      assertThat(e.weight(1)).isNaN();
      assertThat(e.weight(2)).isEqualTo(3.0);
      reader.next(e);
      assertThat(reader.weightNames()).containsExactly("a", "b", "c", "new");
      assertThat(e.weight(1)).isEqualTo(2.0);
      assertThat(e.weight(3)).isEqualTo(4.0);
      assertThat(e.weight(0)).isNaN();
    }
  }

  @Test
  void skipsUnknownTagsCommentsAndEventGroups() throws IOException {
    String events =
        "<!-- a comment\n<event>\n this is not an event\n-->\n"
            + "<eventgroup nreal=\"1\">\n"
            + event(
                1.0,
                "<mgrwt>\n"
                    + "<rscale> 0 0.1E+03</rscale>\n"
                    + "</mgrwt>\n"
                    + "<scales a='1'>\n"
                    + "</scales>\n"
                    + "# note\n"
                    + " 5 6 7\n")
            + "</eventgroup>\n<unknown/>\n"
            + event(2.0, "");
    Path file = lhe("<MGRunCard>\n<event> inside the header\n</MGRunCard>\n", events);

    try (LheReader reader = LheReader.open(file)) {
      assertThat(weights(reader)).containsExactly(1.0, 2.0);
      assertThat(reader.stats().eventsDamaged()).isZero();
    }
  }

  @Test
  void anEventLeftOpenIsReportedAndTheNextEventIsRead() throws IOException {
    String unclosed = "<event>\n 4 1 5.0 91 0.0078 0.118\n" + JJ_PARTICLES;
    Path file = lhe("", event(1.0, "") + unclosed + event(2.0, ""));
    List<LheFormatException> damage = new ArrayList<>();

    try (LheReader reader = LheReader.open(file, damage::add)) {
      assertThat(weights(reader)).containsExactly(1.0, 2.0);
      assertThat(damage).hasSize(1);
      assertThat(damage.get(0).line()).isEqualTo(15);
      assertThat(damage.get(0).problem()).contains("not closed", "line 21");
      assertThat(reader.stats().eventsSeen()).isEqualTo(3);
    }
  }

  @Test
  void ordinalsCountDamagedEventsSoIdsAreStable() throws IOException {
    Path file =
        lhe("", event(1.0, "") + "<event>\n 4 1 oops 91 0.0078 0.118\n</event>\n" + event(3.0, ""));

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      reader.next(e);
      assertThat(e.ordinal()).isZero();
      reader.next(e);
      assertThat(e.ordinal()).isEqualTo(2);
      assertThat(e.weight()).isEqualTo(3.0);
      assertThat(reader.stats().firstDamageMessages())
          .singleElement()
          .asString()
          .endsWith("test.lhe:16: XWGTUP is not a number: 'oops'");
    }
  }

  @Test
  void wrongColumnCountsAreDamage() throws IOException {
    String shortLine = "<event>\n 1 1 1.0 91 0.0078 0.118\n 21 1 1 2 501 503 40 30 100\n</event>\n";
    String longLine =
        "<event>\n 1 1 1.0 91 0.0078 0.118\n 21 1 1 2 501 503 40 30 100 1 0 0 9 7\n</event>\n";
    String longInfo = "<event>\n 0 1 1.0 91 0.0078 0.118 12\n</event>\n";
    Path file = lhe("", shortLine + longLine + longInfo + event(4.0, ""));
    List<LheFormatException> damage = new ArrayList<>();

    try (LheReader reader = LheReader.open(file, damage::add)) {
      assertThat(weights(reader)).containsExactly(4.0);
      assertThat(damage)
          .extracting(LheFormatException::problem)
          .containsExactly(
              "E is missing: expected a number, found end of line",
              "particle line 1 of 1 has more than 13 columns (IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1"
                  + " ICOLUP2 PX PY PZ E M VTIMUP SPINUP)",
              "the event information line has more than 6 columns (NUP IDPRUP XWGTUP SCALUP"
                  + " AQEDUP AQCDUP)");
      assertThat(damage).extracting(LheFormatException::line).containsExactly(10L, 14L, 17L);
    }
  }

  @Test
  void absurdParticleCountIsDamageNotAnAllocation() throws IOException {
    Path file = lhe("", "<event>\n 2000000000 1 1.0 91 0.0078 0.118\n</event>\n" + event(1.0, ""));
    List<LheFormatException> damage = new ArrayList<>();

    try (LheReader reader = LheReader.open(file, damage::add)) {
      assertThat(weights(reader)).containsExactly(1.0);
      assertThat(damage.get(0).problem()).contains("NUP = 2000000000", "MAX_PARTICLES");
    }
  }

  @Test
  void missingRootCloseIsATruncationAfterAllEvents() throws IOException {
    Path file =
        write(
            "cut.lhe",
            "<LesHouchesEvents version=\"3.0\">\n" + INIT + event(1.0, "") + event(2.0, ""));

    try (LheReader reader = LheReader.open(file)) {
      LheEvent e = new LheEvent();
      assertThat(reader.next(e)).isTrue();
      assertThat(reader.next(e)).isTrue();
      assertThatThrownBy(() -> reader.next(e))
          .isInstanceOf(LheFormatException.class)
          .hasMessageContaining("cut.lhe")
          .hasMessageContaining("without </LesHouchesEvents> after 2 events");
      assertThat(reader.next(e)).isFalse();
    }
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesNotItsName() throws IOException {
    Path file = dir.resolve("compressed-but-named.lhe");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(
          ("<LesHouchesEvents version=\"3.0\">\n" + INIT + event(1.0, "") + "</LesHouchesEvents>\n")
              .getBytes(StandardCharsets.US_ASCII));
    }
    Path plain = lhe("", event(2.0, ""));
    Path renamed = Files.move(plain, dir.resolve("plain-but-named.lhe.gz"));

    try (LheReader a = LheReader.open(file);
        LheReader b = LheReader.open(renamed)) {
      assertThat(weights(a)).containsExactly(1.0);
      assertThat(weights(b)).containsExactly(2.0);
    }
  }

  @Test
  void concatenatedGzipMembersReadAsOneStream() throws IOException {
    Path file = dir.resolve("members.lhe.gz");
    String text =
        "<LesHouchesEvents version=\"3.0\">\n"
            + INIT
            + event(1.0, "")
            + event(2.0, "")
            + "</LesHouchesEvents>\n";
    int half = text.length() / 2;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (String part : List.of(text.substring(0, half), text.substring(half))) {
        GZIPOutputStream member = new GZIPOutputStream(out);
        member.write(part.getBytes(StandardCharsets.US_ASCII));
        member.finish();
      }
    }

    try (LheReader reader = LheReader.open(file)) {
      assertThat(weights(reader)).containsExactly(1.0, 2.0);
    }
  }

  @Test
  void readsFromAStreamWithWindowsLineEnds() throws IOException {
    String text =
        ("<LesHouchesEvents version=\"3.0\">\n" + INIT + event(1.5, "") + "</LesHouchesEvents>\n")
            .replace("\n", "\r\n");

    try (LheReader reader =
        LheReader.open(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
            Path.of("<stdin>"),
            DamageListener.IGNORE)) {
      assertThat(weights(reader)).containsExactly(1.5);
      assertThat(reader.sourceSize()).isEqualTo(-1);
      assertThat(reader.sourceBytesRead()).isEqualTo(text.length());
    }
  }

  @Test
  void headerLinesLongerThanTheBufferAreSkippedInConstantMemory() throws IOException {
    String longLine = "x".repeat(10_000) + "\n";
    String header =
        "<MGProcCard>\n"
            + longLine.repeat(3)
            + "</MGProcCard>\n"
            + "<initrwgt>\n<weight id='w1'>"
            + "y".repeat(5000)
            + "</weight>\n</initrwgt>\n";
    Path file = lhe(header, event(1.0, "<rwgt>\n<wgt id='w1'>0.5</wgt>\n</rwgt>\n"));

    try (LheReader reader = LheReader.open(file, 1024)) {
      LheEvent e = new LheEvent();
      assertThat(reader.next(e)).isTrue();
      assertThat(reader.weightNames()).containsExactly("w1");
      assertThat(e.weight(0)).isEqualTo(0.5);
      assertThat(reader.next(e)).isFalse();
    }
  }

  @Test
  void anEventLineLongerThanTheBufferDamagesOnlyItsEvent() throws IOException {
    String huge =
        "<event>\n 4 1 9.0 91 0.0078 0.118 "
            + "1 ".repeat(2000)
            + "\n"
            + JJ_PARTICLES
            + "</event>\n";
    Path file = lhe("", huge + event(1.0, ""));

    try (LheReader reader = LheReader.open(file, 1024)) {
      assertThat(weights(reader)).containsExactly(1.0);
      assertThat(reader.stats().eventsDamaged()).isEqualTo(1);
      assertThat(reader.stats().firstDamageMessages().get(0)).contains("longer than 1024 bytes");
    }
  }

  @Test
  void refusesFilesThatAreNotLhe() throws IOException {
    Path csv = write("table.csv", "id,weight\n1,2\n");
    Path zstd = dir.resolve("events.lhe.zst");
    Files.write(zstd, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0});
    Path noInit = write("noinit.lhe", "<LesHouchesEvents version=\"3.0\">\n" + event(1.0, ""));

    assertThatThrownBy(() -> LheReader.open(csv))
        .isInstanceOf(LheFormatException.class)
        .hasMessage(
            csv
                + ":1: not a Les Houches event file: expected <LesHouchesEvents"
                + " version=\"...\">, found 'id,weight'");
    assertThatThrownBy(() -> LheReader.open(zstd)).hasMessageContaining("compressed with zstd");
    assertThatThrownBy(() -> LheReader.open(noInit))
        .hasMessageContaining("noinit.lhe:2: no <init> block before '<event>'");
    assertThatThrownBy(() -> LheReader.open(dir.resolve("absent.lhe")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void brokenInitBlocksFailOpenWithTheLine() throws IOException {
    Path badWeighting =
        write(
            "w.lhe",
            "<LesHouchesEvents>\n<init>\n2212 2212 6500 6500 0 0 0 0 7 1\n1 0 1 1\n</init>\n");
    Path missingProcess =
        write(
            "p.lhe",
            "<LesHouchesEvents>\n<init>\n2212 2212 6500 6500 0 0 0 0 3 2\n1 0 1 1\n</init>\n");
    Path nanCrossSection =
        write(
            "x.lhe",
            "<LesHouchesEvents>\n<init>\n2212 2212 6500 6500 0 0 0 0 3 1\nnan 0 1 1\n</init>\n");

    assertThatThrownBy(() -> LheReader.open(badWeighting))
        .hasMessageEndingWith("w.lhe:3: in <init>: IDWTUP = 7: expected +-1, +-2, +-3 or +-4");
    assertThatThrownBy(() -> LheReader.open(missingProcess))
        .hasMessageContaining("p.lhe:2: the <init> block declares NPRUP = 2 processes but 1");
    assertThatThrownBy(() -> LheReader.open(nanCrossSection))
        .hasMessageContaining("x.lhe:4: in <init>: XSECUP (cross section in pb) is NaN");
  }
}
