package org.vbsanomaly.trainer.sensitivity;

/**
 * Expected event yields in one region (the analysis selection plus {@code score > cut}) at a given
 * luminosity, with the Monte Carlo event counts behind them.
 *
 * @param cut events with {@code score > cut} are in the region; minus infinity for no cut
 * @param smEvents expected SM events
 * @param smEventsError Monte Carlo error of {@code smEvents} (square root of the sum of squared
 *     event yields)
 * @param linEvents expected LIN events at {@code c = 1}, signed
 * @param quadEvents expected QUAD events at {@code c = 1}
 * @param smMcEvents SM Monte Carlo events in the region
 * @param linMcEvents LIN Monte Carlo events in the region
 * @param quadMcEvents QUAD Monte Carlo events in the region
 */
public record RegionYields(
    double cut,
    double smEvents,
    double smEventsError,
    double linEvents,
    double quadEvents,
    int smMcEvents,
    int linMcEvents,
    int quadMcEvents) {

  /**
   * Significance of the EFT excess at coefficient {@code c}: {@code |c LIN + c^2 QUAD| / sqrt(SM)},
   * with SM floored at one event.
   */
  public double sigma(double c) {
    return Significance.sigma(c, linEvents, quadEvents, smEvents);
  }
}
