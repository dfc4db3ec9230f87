package org.mixturelib.hypermodels;

import org.mixturelib.data.Block;

/**
 * A gate that is a multinomial logit with maximum-likelihood parameters and gives, row by row,
 * the derivatives of its log weights: what the observed information (the standard errors of a
 * fitted mixture, {@code inference.ObservedInformation}) needs of the gate. Constant mixing
 * weights are the case G = 0 ({@link HyperModelDirichlet}); a network gate implements this
 * interface for its linear form only and answers {@link #maximumLikelihood()} false otherwise.
 *
 * <p>The log-odds of component c against component 0 are {@code eta_c(x) = a_c + b_cᵀ u(x)}
 * for {@code c = 1..K-1} (flexmix's concomitant model, component 0 the reference), with G
 * inputs {@code u} (none for constant mixing weights). The parameters are one vector of {@code
 * (K - 1)(G + 1)} entries: component c's intercept at {@code (c - 1)(G + 1)}, its coefficient on
 * input g at {@code (c - 1)(G + 1) + 1 + g}. With {@code pi = softmax(0, eta)}, row i's score of
 * {@code log pi_k} in component c's parameters is {@code (δ_kc - pi_c) [1; u]} and the
 * curvature {@code -∇² log pi_k} has block (c, c') {@code (δ_cc' pi_c - pi_c pi_c') [1; u][1;
 * u]ᵀ}, the same for every k.
 */
public interface GateScores extends Gate {
  /** Number of inputs G of the log-odds (0 for constant weights). */
  int numScoreInputs();

  /**
   * The block's gate input column ({@code Block.gateInput}) that input g reads (so that a
   * constant column, redundant with the intercepts, can be found and held out).
   */
  int scoreInputColumn(int g);

  /** The parameters in the layout above: (K - 1)(G + 1) values. */
  double[] scoreParameters();

  /**
   * Whether the parameters are maximum-likelihood estimates (no prior on the weights, no
   * variational form), so that the observed information gives their sampling covariance.
   */
  boolean maximumLikelihood();

  /**
   * Row derivatives at the current parameters.
   *
   * @param score row i's score of {@code log pi_k} at {@code (i K + k) q}, q = (K - 1)(G + 1)
   * @param curvature row i's {@code -∇² log pi_k} (the same for every k), its upper triangle
   *     packed by columns at {@code i q(q+1)/2} (entry (a, c), {@code a <= c}, at {@code c(c +
   *     1)/2 + a})
   */
  void rowDerivatives(Block b, double[] score, double[] curvature);

  /**
   * Writes the derivatives of a multinomial logit from its weights and inputs (the maths every
   * such gate shares).
   *
   * @param pi row-major n x K weights
   * @param inputs column-major n x G inputs (may be empty when G = 0)
   */
  static void logitDerivatives(int n, int k, int g, double[] pi, double[] inputs,
      double[] score, double[] curvature) {
    int s = g + 1;
    int q = (k - 1) * s;
    int packed = q * (q + 1) / 2;
    double[] u = new double[s];
    u[0] = 1;
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < g; a++) {
        u[a + 1] = inputs[a * n + i];
      }
      for (int kk = 0; kk < k; kk++) {
        int at = (i * k + kk) * q;
        for (int c = 1; c < k; c++) {
          double f = (kk == c ? 1 : 0) - pi[i * k + c];
          for (int a = 0; a < s; a++) {
            score[at + (c - 1) * s + a] = f * u[a];
          }
        }
      }
      int at = i * packed;
      for (int c2 = 1; c2 < k; c2++) {
        for (int c = 1; c <= c2; c++) {
          double f = (c == c2 ? pi[i * k + c] : 0) - pi[i * k + c] * pi[i * k + c2];
          for (int b2 = 0; b2 < s; b2++) {
            int col = (c2 - 1) * s + b2;
            for (int a = 0; a < s; a++) {
              int row = (c - 1) * s + a;
              if (row <= col) {
                curvature[at + col * (col + 1) / 2 + row] = f * u[a] * u[b2];
              }
            }
          }
        }
      }
    }
  }
}
