package org.vbsanomaly.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.events.SampleReader;
import org.vbsanomaly.events.Selection;

/**
 * Reads the input files of a training through the events module, applies the selection and checks
 * that each file is fit for use, before any training starts.
 *
 * <p>Checks, each failing with a message naming the file: the file exists and is readable (checked
 * for every file before the first is read); it is LHE and not truncated; no event is damaged
 * (unless allowed: damaged events are then skipped and counted); at least {@code minSelected}
 * events pass the selection. Thread-safe; one instance can load many files.
 */
public final class SampleLoader {
  private final SampleReader reader;
  private final int minSelected;
  private final boolean allowDamaged;

  /**
   * @param selection the analysis selection applied to every file
   * @param minSelected minimum number of selected events per file, at least 1
   * @param allowDamaged accept files with damaged (skipped) events
   */
  public SampleLoader(Selection selection, int minSelected, boolean allowDamaged) {
    if (minSelected < 1) {
      throw new IllegalArgumentException(
          "minimum selected events per file must be at least 1, got " + minSelected);
    }
    this.reader = new SampleReader(selection);
    this.minSelected = minSelected;
    this.allowDamaged = allowDamaged;
  }

  public Selection selection() {
    return reader.selection();
  }

  /**
   * Fails with {@link NoSuchFileException} on the first spec whose file is missing, or {@link
   * IOException} when it is a directory or unreadable.
   */
  public static void requireReadable(List<SampleSpec> specs) throws IOException {
    for (SampleSpec s : specs) {
      Path f = s.file();
      if (!Files.exists(f)) {
        throw new NoSuchFileException(f + " (sample " + s.name() + ")");
      }
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw new IOException(f + " (sample " + s.name() + ") is not a readable file");
      }
    }
  }

  /** Reads and checks one file; its weights are used as they are (scale 1). */
  public LoadedSample load(SampleSpec spec) throws IOException {
    Sample sample = reader.read(spec.file());
    check(spec, sample);
    return new LoadedSample(spec, sample, sha256(spec.file()), 1.0);
  }

  /** Reads and checks SM files and combines their weights as {@link SmCombination} says. */
  public List<LoadedSample> loadSm(List<SampleSpec> specs) throws IOException {
    List<LoadedSample> loaded = new ArrayList<>();
    for (SampleSpec s : specs) {
      loaded.add(load(s));
    }
    double[] scales =
        SmCombination.weightScales(
            loaded.stream().mapToLong(l -> l.sample().eventsRead()).toArray());
    List<LoadedSample> combined = new ArrayList<>();
    for (int i = 0; i < loaded.size(); i++) {
      LoadedSample l = loaded.get(i);
      combined.add(new LoadedSample(l.spec(), l.sample(), l.sha256(), scales[i]));
    }
    return combined;
  }

  private void check(SampleSpec spec, Sample sample) {
    if (sample.eventsDamaged() > 0 && !allowDamaged) {
      throw new IllegalArgumentException(
          spec.file()
              + ": "
              + sample.eventsDamaged()
              + " damaged event(s) of "
              + (sample.eventsRead() + sample.eventsDamaged())
              + "; first: "
              + String.join(
                  "; ",
                  sample.damageMessages().subList(0, Math.min(3, sample.damageMessages().size())))
              + ". Repair the file, or accept skipping them with --allow-damaged");
    }
    if (sample.size() < minSelected) {
      throw new IllegalArgumentException(
          spec.file()
              + ": only "
              + sample.size()
              + " of "
              + sample.eventsRead()
              + " events pass the selection ("
              + reader.selection().describe()
              + "); at least "
              + minSelected
              + " are needed (--min-selected)");
    }
  }

  /** SHA-256 of a file's bytes, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
