package org.mixturelib.engine;

/**
 * The stopping rule of an EM run: a run has converged when the change of the bound per unit of
 * case weight and the gain still to come (Aitken's estimate from the last two changes) are both
 * at most {@code tol}. Only plain EM steps are compared: the first record, a record after the
 * model changed (a component re-seeded or removed) and an extrapolated point (not the EM map of
 * the last one) are not. The rule remembers the last comparable change ({@link #lastChange()},
 * part of a checkpoint's position).
 */
final class ConvergenceRule {
  private final double tol;
  private final boolean monotone;
  private double lastChange = Double.NaN;

  /**
   * @param tol the fit's tolerance per unit weight
   * @param monotone whether the bound cannot fall (plain EM), so that a fall is worth a warning
   */
  ConvergenceRule(double tol, boolean monotone) {
    this.tol = tol;
    this.monotone = monotone;
  }

  /** Resumes at a checkpoint's last comparable change (NaN for none). */
  void resumeAt(double change) {
    lastChange = change;
  }

  /**
   * What the rule makes of one recorded bound.
   *
   * @param change the change of the bound per unit weight since the last record
   * @param remaining the gain still to come per unit weight (Aitken's estimate)
   * @param comparable whether the record is a plain EM step from the last one
   * @param extrapolated whether the record is at an accelerated (extrapolated) point
   */
  record Verdict(double change, double remaining, boolean comparable, boolean extrapolated) {
    /** Whether the change and the gain still to come are both at most {@code t}. */
    boolean within(double t) {
      return comparable && Math.abs(change) <= t && remaining <= t;
    }

    /** The change to report: NaN when the record follows a change of the model. */
    double reported() {
      return comparable || extrapolated ? change : Double.NaN;
    }
  }

  /**
   * Judges {@code bound}, recorded after {@code previous} (negative infinity for none).
   *
   * @param first whether it is the run's first record
   * @param changed whether the model changed since the last record
   * @param extrapolated whether it is the bound at an extrapolated point
   * @param weight the total case weight
   */
  Verdict judge(double previous, double bound, boolean first, boolean changed,
      boolean extrapolated, double weight) {
    boolean comparable = !first && !changed && !extrapolated;
    double change = (bound - previous) / weight;
    double remaining = remainingGain(change, lastChange);
    lastChange = comparable ? change : extrapolated ? lastChange : Double.NaN;
    return new Verdict(change, remaining, comparable, extrapolated);
  }

  /** Whether the verdict ends the run as converged. */
  boolean converged(Verdict v) {
    return v.within(tol);
  }

  /** Whether a plain EM step's bound fell beyond rounding from {@code previous}. */
  boolean fell(Verdict v, double previous, double weight) {
    return v.comparable() && monotone && v.change() < -1e-9 * Math.abs(previous) / weight;
  }

  /** The last comparable change per unit weight, NaN after a change of the model. */
  double lastChange() {
    return lastChange;
  }

  /**
   * The gain still to come per unit weight, by Aitken's extrapolation: EM converges linearly,
   * so with the rate {@code a = change / previous} the remaining gain is {@code change a / (1 -
   * a)}; infinite when the bound is not slowing down, 0 without two rising steps.
   */
  static double remainingGain(double change, double previous) {
    if (!(change > 0 && previous > 0)) {
      return 0;
    }
    double rate = change / previous;
    return rate < 1 ? change * rate / (1 - rate) : Double.POSITIVE_INFINITY;
  }
}
