package org.mixturelib.regularizers;

import org.mixturelib.linalg.Lbfgs;
import org.mixturelib.localmodels.BayesianExperts;

/**
 * Links the experts' prior means through any differentiable function R (0.4's
 * RegularizeFunc). The M-step maximises over the prior means
 *
 * <pre>
 *   Σ_k [ -½ w0_kᵀ A_k⁻¹ w0_k + w0_kᵀ A_k⁻¹ E[W_k] ] + R(W0)
 * </pre>
 *
 * <p>(the w0-dependent part of {@code -KL(q(W_k) || N(w0_k, A_k))}) by L-BFGS to a tolerance,
 * warm-started from the current means. (0.4 stopped after 100 Adam steps at lr 1e-3, short of
 * the maximiser.) 0.4's constructor over a list of local models is {@code
 * mixture.RegularizeFunc}'s.
 */
public final class RegularizeFunc implements Regularizer {
  private static final long serialVersionUID = 1L;

  private final int[] experts;
  private final LinkFunction link;
  private final int maxIter;
  private final double tol;

  /**
   * @param experts indices of the regularized experts
   * @param link the link function R and its gradient
   * @param maxIter L-BFGS iteration limit per M-step (0.4's {@code epoch})
   * @param tol relative tolerance
   */
  public RegularizeFunc(int[] experts, LinkFunction link, int maxIter, double tol) {
    if (experts.length < 1) {
      throw new IllegalArgumentException("RegularizeFunc needs at least one local model");
    }
    if (link == null) {
      throw new IllegalArgumentException("R (the link function) must not be null");
    }
    if (maxIter < 1 || !(tol > 0)) {
      throw new IllegalArgumentException("RegularizeFunc needs epoch >= 1 and tol > 0");
    }
    this.experts = experts.clone();
    this.link = link;
    this.maxIter = maxIter;
    this.tol = tol;
  }

  @Override
  public void mStep(BayesianExperts e) {
    int d = e.numFeatures();
    int m = e.numOutputs();
    int r = experts.length;
    int size = d * m;
    double[][] precision = new double[r][];
    double[][] posterior = new double[r][];
    double[] start = new double[r * size];
    for (int a = 0; a < r; a++) {
      precision[a] = e.priorPrecision(experts[a]);
      if (precision[a] == null) {
        throw new IllegalArgumentException("local model " + experts[a]
            + " has no prior; RegularizeFunc needs priors A and w_0 on every model");
      }
      posterior[a] = e.coefficients(experts[a]);
      System.arraycopy(e.priorMean(experts[a]), 0, start, a * size, size);
    }
    double[][] w0 = new double[r][size];
    double[][] grad = new double[r][size];
    Lbfgs.Result res = new Lbfgs(10, maxIter, tol).minimize((x, g) -> {
      for (int a = 0; a < r; a++) {
        System.arraycopy(x, a * size, w0[a], 0, size);
        java.util.Arrays.fill(grad[a], 0);
      }
      double value = link.valueAndGradient(w0, grad);
      for (int a = 0; a < r; a++) {
        for (int j = 0; j < m; j++) {
          for (int q = 0; q < d; q++) {
            double aw0 = 0;
            double aw = 0;
            for (int c = 0; c < d; c++) {
              aw0 += precision[a][c * d + q] * w0[a][j * d + c];
              aw += precision[a][c * d + q] * posterior[a][j * d + c];
            }
            value += -0.5 * w0[a][j * d + q] * aw0 + w0[a][j * d + q] * aw;
            g[a * size + j * d + q] = -(grad[a][j * d + q] - aw0 + aw);
          }
        }
      }
      return -value;
    }, start);
    for (int a = 0; a < r; a++) {
      double[] out = new double[size];
      System.arraycopy(res.x(), a * size, out, 0, size);
      e.setPriorMean(experts[a], out);
    }
  }

  @Override
  public double boundTerm(BayesianExperts e) {
    double[][] w0 = new double[experts.length][];
    double[][] grad = new double[experts.length][];
    for (int a = 0; a < experts.length; a++) {
      w0[a] = e.priorMean(experts[a]);
      grad[a] = new double[w0[a].length];
    }
    return link.valueAndGradient(w0, grad);
  }
}
