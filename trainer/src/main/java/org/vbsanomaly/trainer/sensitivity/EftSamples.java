package org.vbsanomaly.trainer.sensitivity;

import org.vbsanomaly.trainer.eval.WeightedScores;

/**
 * The scored LIN and QUAD samples of one Wilson coefficient, at {@code c = 1}: BSM(c) = SM + c LIN
 * + c^2 QUAD.
 *
 * <p>Contract: weights in picobarn, signed (LIN carries negative weights), each sample already
 * scaled so that its weights sum to the sample's cross section over the events passed (the test
 * split scaled up to the full cross section); only events that pass the analysis selection and
 * never trained the model.
 *
 * @param operator the coefficient's name, e.g. {@code cW}
 */
public record EftSamples(String operator, WeightedScores lin, WeightedScores quad) {

  public EftSamples {
    if (operator == null || operator.isBlank()) {
      throw new IllegalArgumentException("an operator name is required, e.g. cW");
    }
  }
}
