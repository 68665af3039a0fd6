package org.vbsanomaly.trainer.sensitivity;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vbsanomaly.trainer.eval.WeightedScores;

/**
 * The scores one model gives the SM sample and the EFT samples of each operator: the input of a
 * sensitivity study.
 *
 * <p>Contract, as for {@link EftSamples}: test-split events only, passing the analysis selection,
 * weights in picobarn scaled to the full cross section.
 *
 * @param model the model's name (file name), as printed in tables
 * @param kind {@code "vae"} or {@code "vae+nn"} as in the model metadata; selects the paper's
 *     column to print beside the result, any other value prints none
 * @param scoreVariable the variable cut on: {@code "mse"} for the VAE, {@code "score"} for the
 *     classifier of VAE+NN
 * @param sm the SM events
 * @param operators one entry per operator, names unique
 */
public record ModelScores(
    String model,
    String kind,
    String scoreVariable,
    WeightedScores sm,
    List<EftSamples> operators) {

  public ModelScores {
    operators = List.copyOf(operators);
    Set<String> names = new HashSet<>();
    for (EftSamples op : operators) {
      if (!names.add(op.operator())) {
        throw new IllegalArgumentException(
            "operator " + op.operator() + " is given twice for model " + model);
      }
    }
  }
}
