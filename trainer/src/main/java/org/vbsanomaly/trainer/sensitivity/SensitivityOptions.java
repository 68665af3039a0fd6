package org.vbsanomaly.trainer.sensitivity;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Settings of a sensitivity study, with named defaults. Immutable; build with {@link #builder()}.
 */
public final class SensitivityOptions {

  /** Integrated luminosity of the study, fb^-1 (the paper's Run 2 + Run 3 figure). */
  public static final double DEFAULT_LUMINOSITY_INV_FB = 350;

  /** Fewest SM Monte Carlo events a region may keep; tighter cuts are not allowed. */
  public static final int DEFAULT_MIN_SM_MC_EVENTS = 20;

  /** Significance at which a limit is set. */
  public static final double DEFAULT_TARGET_SIGMA = 3;

  /**
   * Half-width of the scanned range of each coefficient, TeV^-2 for Lambda = 1 TeV: twice the
   * paper's largest published value (0.65), so every published value lies well inside.
   */
  public static final double DEFAULT_C_MAX = 2;

  /** Points of the significance curve drawn per operator (odd, so that c = 0 is one). */
  public static final int DEFAULT_GRID_POINTS = 401;

  private final double luminosityInvFb;
  private final int minSmMcEvents;
  private final double targetSigma;
  private final double cMax;
  private final Map<String, Double> cMaxByOperator;
  private final int gridPoints;
  private final OptionalDouble fixedCut;

  private SensitivityOptions(Builder b) {
    this.luminosityInvFb = b.luminosityInvFb;
    this.minSmMcEvents = b.minSmMcEvents;
    this.targetSigma = b.targetSigma;
    this.cMax = b.cMax;
    this.cMaxByOperator = Map.copyOf(b.cMaxByOperator);
    this.gridPoints = b.gridPoints;
    this.fixedCut = b.fixedCut;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: 350 fb^-1, at least 20 SM MC events, 3 sigma, |c| up to 2, cut optimised. */
  public static SensitivityOptions defaults() {
    return builder().build();
  }

  public double luminosityInvFb() {
    return luminosityInvFb;
  }

  /** Expected events per picobarn of cross section: the luminosity times 1000 fb/pb. */
  public double eventsPerPicobarn() {
    return luminosityInvFb * 1000;
  }

  public int minSmMcEvents() {
    return minSmMcEvents;
  }

  public double targetSigma() {
    return targetSigma;
  }

  /** Half-width of the scanned range for {@code operator}. */
  public double cMax(String operator) {
    return cMaxByOperator.getOrDefault(operator, cMax);
  }

  public int gridPoints() {
    return gridPoints;
  }

  /** A single cut to evaluate at instead of optimising; empty to optimise. */
  public OptionalDouble fixedCut() {
    return fixedCut;
  }

  /** Builder of {@link SensitivityOptions}; each setter checks its value. */
  public static final class Builder {
    private double luminosityInvFb = DEFAULT_LUMINOSITY_INV_FB;
    private int minSmMcEvents = DEFAULT_MIN_SM_MC_EVENTS;
    private double targetSigma = DEFAULT_TARGET_SIGMA;
    private double cMax = DEFAULT_C_MAX;
    private final Map<String, Double> cMaxByOperator = new HashMap<>();
    private int gridPoints = DEFAULT_GRID_POINTS;
    private OptionalDouble fixedCut = OptionalDouble.empty();

    private Builder() {}

    /** Integrated luminosity, fb^-1, positive. */
    public Builder luminosityInvFb(double value) {
      requirePositive(value, "luminosity (fb^-1)");
      this.luminosityInvFb = value;
      return this;
    }

    /** Fewest SM Monte Carlo events a region may keep, at least 1. */
    public Builder minSmMcEvents(int value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "minimum SM Monte Carlo events in a region is " + value + "; it must be at least 1");
      }
      this.minSmMcEvents = value;
      return this;
    }

    /** Significance at which a limit is set, positive. */
    public Builder targetSigma(double value) {
      requirePositive(value, "target significance");
      this.targetSigma = value;
      return this;
    }

    /** Half-width of the scanned range of every operator, positive. */
    public Builder cMax(double value) {
      requirePositive(value, "range of c");
      this.cMax = value;
      return this;
    }

    /** Half-width of the scanned range of one operator, overriding {@link #cMax(double)}. */
    public Builder cMax(String operator, double value) {
      requirePositive(value, "range of " + operator);
      cMaxByOperator.put(operator, value);
      return this;
    }

    /** Points of the plotted curve, odd and at least 3. */
    public Builder gridPoints(int value) {
      if (value < 3 || value % 2 == 0) {
        throw new IllegalArgumentException(
            "grid points " + value + ": need an odd number, at least 3, so that c = 0 is one");
      }
      this.gridPoints = value;
      return this;
    }

    /** Evaluate at this one cut instead of optimising it (e.g. a model's stored threshold). */
    public Builder fixedCut(double cut) {
      if (Double.isNaN(cut)) {
        throw new IllegalArgumentException("fixed cut is NaN");
      }
      this.fixedCut = OptionalDouble.of(cut);
      return this;
    }

    public SensitivityOptions build() {
      return new SensitivityOptions(this);
    }

    private static void requirePositive(double value, String what) {
      if (!(value > 0 && Double.isFinite(value))) {
        throw new IllegalArgumentException(what + " is " + value + "; it must be positive");
      }
    }
  }
}
