package org.mixturelib.localmodels;

/**
 * The M-step of per-component noise variances under Hathaway's constraint {@code max_k s_k /
 * min_k s_k <= R} and a floor {@code s_k >= f}: the maximiser of
 *
 * <pre>
 *   Σ_k -(n_k / 2) (log s_k + S_k / s_k)
 * </pre>
 *
 * <p>over the constrained set, where {@code S_k} is component k's unconstrained
 * (maximum-likelihood) variance and {@code n_k} its weight. For a window {@code [a, a R]} the
 * best {@code s_k} is {@code S_k} clamped to the window, and the objective of that clamping is
 * concave in {@code log a} (each term is concave in {@code log s_k}), so a bisection on the
 * sign of its slope in {@code log a} finds the maximiser (Ingrassia 2004's form of the constrained M-step). Because the
 * previous variances satisfy the constraint, the EM bound still never decreases.
 */
final class VarianceRatio {
  private static final int SEARCH_STEPS = 200;

  private VarianceRatio() {}

  /**
   * Returns the constrained variances.
   *
   * @param ml the unconstrained variances {@code S_k} (the mean squared residuals, before any
   *     floor)
   * @param weights the components' weights {@code n_k}; a component of weight 0 is moved into
   *     the window without counting in the objective
   * @param ratio the bound R (at least 1; infinite for none)
   * @param floor the floor f (>= 0)
   */
  static double[] constrain(double[] ml, double[] weights, double ratio, double floor) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int e = 0; e < ml.length; e++) {
      if (weights[e] > 0) {
        lo = Math.min(lo, Math.max(ml[e], floor));
        hi = Math.max(hi, Math.max(ml[e], floor));
      }
    }
    if (!(hi > 0)) {
      return ml.clone();
    }
    double bottom;
    double top;
    if (!Double.isFinite(ratio) || hi <= ratio * lo) {
      // the unconstrained maximiser is feasible; empty components are pulled into range
      bottom = Math.max(floor, hi / ratio);
      top = lo * ratio;
    } else {
      double left = Math.log(lo);
      double right = Math.max(Math.log(hi / ratio), left);
      // the objective is concave in log a: bisect on the sign of its slope, then take the
      // stationary point of the sets clamped there (exact where the sets are settled)
      for (int step = 0; step < SEARCH_STEPS && right - left > 1e-15 * (1 + Math.abs(left));
          step++) {
        double mid = (left + right) / 2;
        if (slope(ml, weights, Math.exp(mid), ratio) > 0) {
          left = mid;
        } else {
          right = mid;
        }
      }
      bottom = Math.min(Math.max(stationary(ml, weights, Math.exp((left + right) / 2), ratio),
          Math.exp(left)), Math.exp(right));
      top = bottom * ratio;
    }
    double[] out = new double[ml.length];
    for (int e = 0; e < ml.length; e++) {
      out[e] = Math.min(Math.max(ml[e], bottom), top);
    }
    return out;
  }

  /**
   * The slope of the objective in {@code log a} for the window {@code [a, a R]}: the variances
   * clamped up to a pull it up, those clamped down to {@code a R} pull it down.
   */
  private static double slope(double[] ml, double[] weights, double a, double ratio) {
    double g = 0;
    for (int e = 0; e < ml.length; e++) {
      if (weights[e] > 0) {
        if (ml[e] < a) {
          g += weights[e] * (ml[e] / a - 1);
        } else if (ml[e] > a * ratio) {
          g += weights[e] * (ml[e] / (a * ratio) - 1);
        }
      }
    }
    return g;
  }

  /**
   * The zero of the slope with the clamped sets as they are at {@code a}: {@code a = (Σ_low n S
   * + Σ_high n S / R) / (Σ_low n + Σ_high n)}.
   */
  private static double stationary(double[] ml, double[] weights, double a, double ratio) {
    double num = 0;
    double den = 0;
    for (int e = 0; e < ml.length; e++) {
      if (weights[e] > 0) {
        if (ml[e] <= a) {
          num += weights[e] * ml[e];
          den += weights[e];
        } else if (ml[e] >= a * ratio) {
          num += weights[e] * ml[e] / ratio;
          den += weights[e];
        }
      }
    }
    return den > 0 ? num / den : a;
  }
}
