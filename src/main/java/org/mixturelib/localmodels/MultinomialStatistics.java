package org.mixturelib.localmodels;

import org.mixturelib.data.Mergeable;

/**
 * The statistics of {@link MultinomialExperts} at the current coefficients, per expert k with
 * {@code q = L - 1} free levels and P = q (q + 1) / 2 pairs of them: the gradient {@code Σ_i
 * w_i r_ik (y_il - p_ikl) x_i} of its weighted log-likelihood (column-major D x q, expert k's at
 * {@code k D q}), the blocks of its negative Hessian {@code Σ_i w_i r_ik p_ikl (δ_lm - p_ikm)
 * x_i x_iᵀ} for the pairs {@code l <= m} (the upper triangle of a column-major D x D block,
 * block {@code k P + pair(l, m)} at {@code (k P + pair) D²}), and the largest |linear predictor|
 * on the rows the expert holds (for the separation note). The Hessian is summed over every
 * {@code stride}-th row (by global row index) and scaled by the stride, see {@link
 * MultinomialExperts}; {@code rows} counts all rows of the pass.
 */
public final class MultinomialStatistics implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  final int k;
  final int d;
  final int q;
  final double[] gradient;
  final double[] hessian;
  final double[] maxAbsEta;
  long rows;

  MultinomialStatistics(int k, int d, int q) {
    this.k = k;
    this.d = d;
    this.q = q;
    gradient = new double[k * d * q];
    hessian = new double[k * pairs(q) * d * d];
    maxAbsEta = new double[k];
  }

  /** Number of pairs {@code l <= m} of q levels. */
  static int pairs(int q) {
    return q * (q + 1) / 2;
  }

  /** Index of the pair {@code (l, m)}, {@code l <= m}, among the pairs of q levels. */
  static int pair(int l, int m) {
    return m * (m + 1) / 2 + l;
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    MultinomialStatistics o = (MultinomialStatistics) other;
    Mergeable.addInto(gradient, o.gradient);
    Mergeable.addInto(hessian, o.hessian);
    rows += o.rows;
    for (int e = 0; e < k; e++) {
      maxAbsEta[e] = Math.max(maxAbsEta[e], o.maxAbsEta[e]);
    }
    return this;
  }

  /** Expert e's negative Hessian, column-major {@code Dq x Dq}, both triangles filled. */
  double[] information(int e) {
    int dq = d * q;
    double[] h = new double[dq * dq];
    int dd = d * d;
    for (int m = 0; m < q; m++) {
      for (int l = 0; l <= m; l++) {
        int at = (e * pairs(q) + pair(l, m)) * dd;
        for (int c = 0; c < d; c++) {
          for (int a = 0; a < d; a++) {
            // the block's upper triangle holds (min, max); it is symmetric
            double v = a <= c ? hessian[at + c * d + a] : hessian[at + a * d + c];
            int row = l * d + a;
            int col = m * d + c;
            h[col * dq + row] = v;
            h[row * dq + col] = v;
          }
        }
      }
    }
    return h;
  }
}
