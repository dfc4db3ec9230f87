package org.mixturelib.localmodels;

import org.mixturelib.data.Block;

/**
 * {@link ExpertScores} of experts with one output whose per-row derivatives factor through the
 * features: expert e's score in its D coefficients is {@code a_ie x_i} and their curvature
 * {@code c_ie x_i x_iᵀ} (row scalars a, c: a GLM's {@code ∂ log f / ∂eta} and {@code -∂² log f
 * / ∂eta²}, the Gaussian's residual over the variance and the inverse variance), and its {@code
 * t = expertParameters() - numFeatures()} other parameters (a dispersion) have row scores
 * {@code b_ie}, cross curvatures with the coefficients {@code d_ie x_i} and curvatures {@code
 * h_ie}. The information pass then sums weighted second moments of the features, a few D x D
 * blocks per pair of experts, instead of the outer products of every row's full score
 * ({@code inference.ObservedInformation}).
 */
public interface FactoredScores extends ExpertScores {
  /** Whether the derivatives factor as configured (one output); if not, the dense form runs. */
  boolean scoresFactor();

  /**
   * Expert e's row factors at the current parameters for the block's rows.
   *
   * @param factors column-major {@code n x (2 + 2 t + t (t + 1) / 2)}: a, c, then the t scores
   *     b, the t cross factors d, and the packed upper triangle of h (entry (j, j'), {@code j <=
   *     j'}, in column {@code 2 + 2 t + j' (j' + 1) / 2 + j})
   */
  void rowFactors(Block b, int e, double[] factors);

  /** Columns of {@link #rowFactors}' output for t other parameters. */
  static int factorColumns(int t) {
    return 2 + 2 * t + t * (t + 1) / 2;
  }
}
