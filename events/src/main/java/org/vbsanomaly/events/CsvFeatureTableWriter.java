package org.vbsanomaly.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** CSV feature table; see {@link FeatureTableWriter}. */
final class CsvFeatureTableWriter implements FeatureTableWriter {
  private final Writer out;
  private final StringBuilder line = new StringBuilder(256);

  CsvFeatureTableWriter(OutputStream stream) throws IOException {
    this.out =
        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII), 1 << 16);
    out.write("id,weight_pb," + String.join(",", Observable.names()) + "\n");
  }

  @Override
  public void write(long id, double weightPb, double[] observables, int missingMask)
      throws IOException {
    line.setLength(0);
    line.append(id).append(',').append(weightPb);
    for (int k = 0; k < Observable.COUNT; k++) {
      line.append(',');
      if ((missingMask & (1 << k)) == 0) {
        line.append(observables[k]);
      }
    }
    line.append('\n');
    out.append(line);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
