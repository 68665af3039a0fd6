package org.vbsanomaly.trainer.sensitivity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.vbsanomaly.events.Sample;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.schema.v1.TrainingFile;
import org.vbsanomaly.trainer.data.EventSplit;

/**
 * Which events of a sample may evaluate a given model: the rule that keeps every event that trained
 * the model out of its evaluation.
 *
 * <p>A file is a training file of the model when its SHA-256 equals one recorded in the model's
 * metadata ({@code training_files}; a record without a hash matches by file name). Of a training
 * file only the test split is used, recovered with {@link EventSplit} from the model's {@code seed}
 * and its {@code test-fraction} option (0.2 where a model does not record one); any other file is
 * used whole, or split as well when {@code alwaysSplit} is asked for (for a copy of a training file
 * whose bytes differ, e.g. recompressed).
 *
 * <p>Immutable and thread-safe.
 */
public final class EvaluationSplit {

  /** The metadata option that records the test fraction. */
  public static final String TEST_FRACTION_OPTION = "test-fraction";

  private final EventSplit split;
  private final boolean fractionRecorded;
  private final Set<String> trainingHashes = new HashSet<>();
  private final Set<String> trainingNamesWithoutHash = new HashSet<>();
  private final boolean alwaysSplit;

  private EvaluationSplit(ModelMetadata metadata, boolean alwaysSplit) {
    String fraction = metadata.getOptionsMap().get(TEST_FRACTION_OPTION);
    this.fractionRecorded = fraction != null;
    this.split =
        new EventSplit(
            metadata.getSeed(),
            fraction == null ? EventSplit.DEFAULT_TEST_FRACTION : parseFraction(fraction));
    for (TrainingFile f : metadata.getTrainingFilesList()) {
      if (f.getSha256().isEmpty()) {
        trainingNamesWithoutHash.add(fileName(f.getPath()));
      } else {
        trainingHashes.add(f.getSha256().toLowerCase(Locale.ROOT));
      }
    }
    this.alwaysSplit = alwaysSplit;
  }

  /** The rule for the model described by {@code metadata}. */
  public static EvaluationSplit of(ModelMetadata metadata, boolean alwaysSplit) {
    return new EvaluationSplit(metadata, alwaysSplit);
  }

  /** Whether the file with this content hash and path trained the model. */
  public boolean trainedOn(Path file, String sha256) {
    return trainingHashes.contains(sha256.toLowerCase(Locale.ROOT))
        || trainingNamesWithoutHash.contains(fileName(file.toString()));
  }

  /** The events of {@code sample} (whose file has hash {@code sha256}) that may evaluate. */
  public HeldOutEvents heldOut(Sample sample, String sha256) {
    if (alwaysSplit || trainedOn(sample.file(), sha256)) {
      return HeldOutEvents.testSplit(sample, split);
    }
    return HeldOutEvents.all(sample);
  }

  public EventSplit split() {
    return split;
  }

  /** One line for the log: seed, fraction and where the fraction came from. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "test split: seed %d, fraction %s (%s)%s",
        split.seed(),
        split.testFraction(),
        fractionRecorded ? "from the model" : "default; the model records none",
        alwaysSplit ? ", applied to every file" : ", applied to the model's training files");
  }

  /** SHA-256 of a file's bytes, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static double parseFraction(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the model's test-fraction option is '" + text + "', not a number", e);
    }
  }

  private static String fileName(String path) {
    Path name = Path.of(path).getFileName();
    return name == null ? path : name.toString();
  }
}
