package org.mixturelib.localmodels;

import org.mixturelib.data.Block;
import org.mixturelib.linalg.Blas;

/**
 * An {@link ExpertFamily} whose expert k predicts through a linear predictor {@code eta =
 * W_kᵀ x} (plus the row's offset) and a {@link Link}: its coefficients are what the model
 * reports and what scoring without UDFs writes as column expressions.
 */
public interface LinearPredictors extends ExpertFamily {
  /**
   * Expert e's coefficients on the link scale, column-major D x {@link #coefficientColumns()}
   * (a copy).
   */
  double[] coefficients(int e);

  /**
   * Columns of coefficients per expert: one per output (M), unless the family has several
   * linear predictors per output (a multinomial expert's L - 1).
   */
  default int coefficientColumns() {
    return numOutputs();
  }

  /**
   * Expert e's covariance of its coefficients (column-major D x D, the same for every output):
   * the posterior covariance of a variational expert, the sampling covariance of a point
   * estimate; null before a fit.
   */
  double[] covariance(int e);

  /** The link from the linear predictor to the mean. */
  Link link();

  /**
   * Each expert's dispersion: the noise variance of Gaussian experts, the dispersion of Gamma
   * experts ({@code 1 / shape}), {@code 1 / theta} of negative binomial experts, 1 for families
   * without one (Poisson, binomial).
   */
  double[] dispersions();

  /**
   * One expert's linear predictor {@code wᵀ x} (without the offset) for the block's rows into
   * {@code out[0, n)}: column by column, a loop that the JIT vectorises.
   *
   * @param coefficients the expert's d coefficients from {@code from}
   */
  static void computeOne(Block b, double[] coefficients, int from, int d, double[] out) {
    int n = b.n;
    double[] xy = b.xy;
    java.util.Arrays.fill(out, 0, n, 0.0);
    for (int c = 0; c < d; c++) {
      double w = coefficients[from + c];
      for (int i = 0, o = c * n; i < n; i++, o++) {
        out[i] += w * xy[o];
      }
    }
  }

  /**
   * Every expert's linear predictor {@code W_kᵀ x + offset} for the block's rows: column-major
   * {@code n x K}.
   *
   * @param coefficients column-major {@code d x K}, expert k's coefficients in column k
   */
  static void compute(Block b, double[] coefficients, int d, int k, double[] out) {
    int n = b.n;
    Blas.get().dgemm("N", "N", n, k, d, 1.0, b.xy, n, coefficients, d, 0.0, out, n);
    if (b.offsets != null) {
      for (int e = 0; e < k; e++) {
        for (int i = 0; i < n; i++) {
          out[e * n + i] += b.offsets[i];
        }
      }
    }
  }
}
