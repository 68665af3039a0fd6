package org.vbsanomaly.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VbsAnomaly.class.getPackage().getImplementationVersion();
    return new String[] {"vbs-anomaly " + (version == null ? "development" : version)};
  }
}
