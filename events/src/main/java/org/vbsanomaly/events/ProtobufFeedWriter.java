package org.vbsanomaly.events;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.vbsanomaly.schema.v1.Event;
import org.vbsanomaly.schema.v1.FeatureRow;
import org.vbsanomaly.schema.v1.FeedHeader;

/** Length-delimited protobuf feed; see {@link FeatureTableWriter}. */
final class ProtobufFeedWriter implements FeatureTableWriter {
  private final OutputStream out;

  ProtobufFeedWriter(OutputStream stream, String source) throws IOException {
    this.out = new BufferedOutputStream(stream, 1 << 16);
    FeedHeader.newBuilder()
        .setFormatVersion(FEED_FORMAT_VERSION)
        .addAllFeatureNames(Observable.names())
        .addAllFeatureUnits(Observable.units())
        .setSource(source)
        .build()
        .writeDelimitedTo(out);
  }

  @Override
  public void write(long id, double weightPb, double[] observables, int missingMask)
      throws IOException {
    FeatureRow.Builder row = FeatureRow.newBuilder().setMissingMask(missingMask);
    for (int k = 0; k < Observable.COUNT; k++) {
      row.addValues((missingMask & (1 << k)) == 0 ? (float) observables[k] : 0f);
    }
    Event.newBuilder()
        .setId(id)
        .setWeightPb(weightPb)
        .setFeatures(row)
        .build()
        .writeDelimitedTo(out);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
