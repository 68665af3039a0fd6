package org.vbsanomaly.trainer;

import java.nio.file.Path;
import java.util.List;
import org.vbsanomaly.schema.v1.ModelMetadata;
import org.vbsanomaly.trainer.data.LoadedSample;
import org.vbsanomaly.trainer.eval.ScoreCut;

/**
 * Everything a training run produced and measured.
 *
 * @param modelFile the exported ONNX model
 * @param outputs every file written, the model first
 * @param metadata the metadata stored in the model
 * @param smFiles the SM input files as read
 * @param eftFiles the EFT input files as read
 * @param fitEvents SM events trained on
 * @param validationEvents SM events of the validation loss
 * @param testEvents SM events held out for testing
 * @param history per-epoch record and best weights
 * @param thresholds cuts on the mse keeping 10%, 1% and 0.1% of the SM test weight
 * @param smTest the SM test events scored
 * @param eftSamples each EFT sample scored, then each operator's LIN+QUAD combination
 * @param exportMaxAbsDiffMse largest |mse(ONNX Runtime) - mse(TensorFlow)| over the SM test events
 * @param exportMaxAbsDiffKld the same for kld
 * @param timings where the time went
 * @param warnings messages the user should see
 */
public record TrainingReport(
    Path modelFile,
    List<Path> outputs,
    ModelMetadata metadata,
    List<LoadedSample> smFiles,
    List<LoadedSample> eftFiles,
    int fitEvents,
    int validationEvents,
    int testEvents,
    TrainingHistory history,
    List<ScoreCut> thresholds,
    ScoredSample smTest,
    List<ScoredSample> eftSamples,
    double exportMaxAbsDiffMse,
    double exportMaxAbsDiffKld,
    Timings timings,
    List<String> warnings) {}
