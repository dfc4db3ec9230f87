package org.mixturelib.regularizers;

import org.mixturelib.linalg.Cholesky;
import org.mixturelib.localmodels.BayesianExperts;

/**
 * Draws the prior means of several experts together (0.4's RegularizeModel). With
 * {@code alpha} a variance-like strength per coordinate, the M-step maximises over the prior
 * means {@code w0_1..w0_R} of the regularized experts
 *
 * <pre>
 *   Σ_k -KL(q(W_k) || N(w0_k, A_k))  -  Σ_{k&lt;k'} Σ_d (w0_kd - w0_k'd)² / (2 alpha_d)
 * </pre>
 *
 * <p>whose stationary point is, for each k, {@code [A_k⁻¹ + (R-1) diag(1/alpha)] w0_k = A_k⁻¹
 * E[W_k] + diag(1/alpha) Σ_{k'≠k} w0_k'}. The code solves this linear system for all experts
 * jointly (one Cholesky solve of size R D per output), so the result is the exact maximiser:
 * a small alpha pulls the means to a common value, a large one leaves {@code w0_k = E[W_k]}.
 * (0.4 wrote the coupling with alpha in place of 1/alpha and iterated it once; its documented
 * outputs, w0 = [0.3333, 0.5] and [0.6667, 0.5] for alpha = [1, 1e-10], are this formula's.)
 * 0.4's constructor over a list of local models is {@code mixture.RegularizeModel}'s.
 */
public final class RegularizeModel implements Regularizer {
  private static final long serialVersionUID = 1L;

  private final int[] experts;
  private final double[] alpha;

  /**
   * Regularizes the given experts of a fit.
   *
   * @param experts indices of the regularized experts (at least two)
   * @param alpha coupling variance per coordinate (length D), or one value for all
   */
  public RegularizeModel(int[] experts, double[] alpha) {
    if (experts.length < 2) {
      throw new IllegalArgumentException("RegularizeModel needs at least two local models, got "
          + experts.length);
    }
    checkAlpha(alpha);
    this.experts = experts.clone();
    this.alpha = alpha.clone();
  }

  private static void checkAlpha(double[] alpha) {
    if (alpha == null || alpha.length == 0) {
      throw new IllegalArgumentException("HyperParameters must contain 'alpha' for"
          + " RegularizeModel");
    }
    for (double a : alpha) {
      if (!(a > 0) || Double.isInfinite(a)) {
        throw new IllegalArgumentException("alpha must be finite and > 0, got " + a);
      }
    }
  }

  private double alphaAt(int coordinate) {
    return alpha.length == 1 ? alpha[0] : alpha[coordinate];
  }

  @Override
  public void mStep(BayesianExperts e) {
    int d = e.numFeatures();
    int m = e.numOutputs();
    if (alpha.length != 1 && alpha.length != d) {
      throw new IllegalArgumentException("alpha has " + alpha.length + " entries, expected 1 or "
          + d + " (one per feature)");
    }
    int r = experts.length;
    int size = r * d;
    double[] system = new double[size * size];
    double[][] precisions = new double[r][];
    for (int a = 0; a < r; a++) {
      precisions[a] = e.priorPrecision(experts[a]);
      if (precisions[a] == null) {
        throw new IllegalArgumentException("local model " + experts[a]
            + " has no prior; RegularizeModel needs priors A and w_0 on every model");
      }
      for (int c = 0; c < d; c++) {
        for (int q = 0; q < d; q++) {
          system[(a * d + c) * size + a * d + q] = precisions[a][c * d + q];
        }
      }
      for (int b = 0; b < r; b++) {
        for (int c = 0; c < d; c++) {
          double coupling = 1 / alphaAt(c);
          system[(b * d + c) * size + a * d + c] += a == b ? (r - 1) * coupling : -coupling;
        }
      }
    }
    Cholesky chol = Cholesky.factor(system, size, "RegularizeModel system");
    double[] rhs = new double[size * m];
    for (int a = 0; a < r; a++) {
      double[] w = e.coefficients(experts[a]);
      for (int j = 0; j < m; j++) {
        for (int q = 0; q < d; q++) {
          double s = 0;
          for (int c = 0; c < d; c++) {
            s += precisions[a][c * d + q] * w[j * d + c];
          }
          rhs[j * size + a * d + q] = s;
        }
      }
    }
    chol.solveInPlace(rhs, m);
    for (int a = 0; a < r; a++) {
      double[] w0 = new double[d * m];
      for (int j = 0; j < m; j++) {
        System.arraycopy(rhs, j * size + a * d, w0, j * d, d);
      }
      e.setPriorMean(experts[a], w0);
    }
  }

  @Override
  public double boundTerm(BayesianExperts e) {
    int d = e.numFeatures();
    int m = e.numOutputs();
    double t = 0;
    for (int a = 0; a < experts.length; a++) {
      double[] wa = e.priorMean(experts[a]);
      for (int b = a + 1; b < experts.length; b++) {
        double[] wb = e.priorMean(experts[b]);
        for (int j = 0; j < m; j++) {
          for (int c = 0; c < d; c++) {
            double diff = wa[j * d + c] - wb[j * d + c];
            t -= diff * diff / (2 * alphaAt(c));
          }
        }
      }
    }
    return t;
  }
}
