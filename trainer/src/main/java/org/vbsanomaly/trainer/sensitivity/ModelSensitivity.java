package org.vbsanomaly.trainer.sensitivity;

import java.util.List;
import java.util.Optional;

/**
 * The sensitivity of one model to each operator it was given.
 *
 * @param model the model's name
 * @param kind {@code "vae"} or {@code "vae+nn"}
 * @param scoreVariable the variable cut on
 * @param luminosityInvFb integrated luminosity, fb^-1
 * @param targetSigma the significance a limit is set at
 * @param operators one entry per operator, in the order given
 */
public record ModelSensitivity(
    String model,
    String kind,
    String scoreVariable,
    double luminosityInvFb,
    double targetSigma,
    List<OperatorSensitivity> operators) {

  public ModelSensitivity {
    operators = List.copyOf(operators);
  }

  /** The result for {@code operator}, if the model was evaluated on it. */
  public Optional<OperatorSensitivity> operator(String operator) {
    return operators.stream().filter(o -> o.operator().equals(operator)).findFirst();
  }
}
