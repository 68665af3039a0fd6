package org.vbsanomaly.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeedHeader;

class FeatureTableWriterTest {
  @TempDir Path dir;

  private static double[] values() {
    double[] obs = new double[Observable.COUNT];
    for (int k = 0; k < obs.length; k++) {
      obs[k] = k + 0.5;
    }
    return obs;
  }

  private void writeTwoRows(Path file) throws IOException {
    int missing = Observable.MLL.maskBit() | Observable.DPHIJJ.maskBit();
    try (FeatureTableWriter w = FeatureTableWriter.open(file, "test.lhe")) {
      w.write(7, 1.25e-7, values(), 0);
      w.write(9, -2.5e-7, values(), missing);
    }
  }

  @Test
  void csvHasAHeaderAndEmptyCellsForMissingObservables() throws IOException {
    Path file = dir.resolve("table.csv");

    writeTwoRows(file);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0))
        .isEqualTo(
            "id,weight_pb,mjj,mll,ptj1,ptj2,ptl1,ptl2,ptll,met,etaj1,etaj2,etal1,etal2,detajj,dphijj");
    assertThat(lines.get(1))
        .isEqualTo("7,1.25E-7,0.5,1.5,2.5,3.5,4.5,5.5,6.5,7.5,8.5,9.5,10.5,11.5,12.5,13.5");
    assertThat(lines.get(2))
        .isEqualTo("9,-2.5E-7,0.5,,2.5,3.5,4.5,5.5,6.5,7.5,8.5,9.5,10.5,11.5,12.5,");
    assertThat(lines).hasSize(3);
  }

  @Test
  void protobufFeedIsAHeaderThenOneEventPerRow() throws IOException {
    Path file = dir.resolve("table.pb");

    writeTwoRows(file);

    try (InputStream in = Files.newInputStream(file)) {
      FeedHeader header = FeedHeader.parseDelimitedFrom(in);
      assertThat(header.getFormatVersion()).isEqualTo(1);
      assertThat(header.getFeatureNamesList()).isEqualTo(Observable.names());
      assertThat(header.getFeatureUnitsList()).isEqualTo(Observable.units());
      assertThat(header.getSource()).isEqualTo("test.lhe");
      Event first = Event.parseDelimitedFrom(in);
      Event second = Event.parseDelimitedFrom(in);
      assertThat(Event.parseDelimitedFrom(in)).isNull();
      assertThat(first.getId()).isEqualTo(7);
      assertThat(first.getWeightPb()).isEqualTo(1.25e-7);
      assertThat(first.getFeatures().getValuesList()).hasSize(14).startsWith(0.5f, 1.5f);
      assertThat(second.getFeatures().getMissingMask())
          .isEqualTo(Observable.MLL.maskBit() | Observable.DPHIJJ.maskBit());
      assertThat(second.getFeatures().getValues(Observable.MLL.ordinal())).isZero();
      assertThat(second.getWeightPb()).isEqualTo(-2.5e-7);
    }
  }

  @Test
  void refusesAnUnknownExtension() {
    assertThatThrownBy(() -> FeatureTableWriter.open(dir.resolve("table.txt"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table.txt")
        .hasMessageContaining(".csv")
        .hasMessageContaining(".pb");
  }
}
