package org.vbsanomaly.trainer;

import java.nio.file.Path;
import java.util.List;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.eval.ScoreCut;

/**
 * Everything a VAE+NN training produced and measured.
 *
 * @param modelFile the exported ONNX model
 * @param outputs every file written, the model first
 * @param metadata the metadata stored in the model
 * @param vaeFile the trained VAE the run built on
 * @param vaeSha256 its SHA-256
 * @param operator the operator of the EFT class
 * @param smFiles the SM input files as read
 * @param eftFiles the operator's LIN and QUAD files as read
 * @param counts events per class and part
 * @param history per-epoch record and best weights
 * @param thresholds cuts on the score keeping 10%, 1% and 0.1% of the SM test weight
 * @param smTest the SM test events scored
 * @param eftTest each EFT file's test events scored, then the LIN+QUAD combination
 * @param exportMaxAbsDiffScore largest |score(ONNX Runtime) - score(TensorFlow)| over the test
 *     events of both classes
 * @param exportMaxAbsDiffMse the same for mse
 * @param exportMaxRelDiffKld the same for kld, relative to max(1, |kld|)
 * @param timings where the time went
 * @param warnings messages the user should see
 */
public record ClassifierReport(
    Path modelFile,
    List<Path> outputs,
    ModelMetadata metadata,
    Path vaeFile,
    String vaeSha256,
    String operator,
    List<LoadedSample> smFiles,
    List<LoadedSample> eftFiles,
    EventCounts counts,
    ClassifierHistory history,
    List<ScoreCut> thresholds,
    ClassifiedSample smTest,
    List<ClassifiedSample> eftTest,
    double exportMaxAbsDiffScore,
    double exportMaxAbsDiffMse,
    double exportMaxRelDiffKld,
    Timings timings,
    List<String> warnings) {

  /** Events of each class in each part of the split. */
  public record EventCounts(
      int smFit, int smValidation, int smTest, int eftFit, int eftValidation, int eftTest) {}
}
