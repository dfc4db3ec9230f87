package org.mixturelib.localmodels;

import org.mixturelib.linalg.VectorSupport;

/**
 * The zero-inflated experts' per-row densities over a block (an exp and a log per row and expert
 * for the zero part's probability, another pair for a zero row's mixture of structural and count
 * zeros). Two implementations with the same results to rounding, chosen by {@link VectorSupport}
 * when a partition's kernel is made, as {@link PassLoops} are: {@link Scalar} (row by row, the
 * zero part's terms once per run of rows with the same predictor) and {@code
 * ZeroInflatedVectorLoops} (the incubating Vector API's exp and log1p over several rows at once,
 * every row's terms), loaded by name only when that module is present.
 *
 * <p>With {@code pi = 1 / (1 + exp(-eta))} and {@code f} the count density, a positive row's
 * log-density is {@code log(1 - pi) + log f(y)} and its posterior of a structural zero 0; a zero
 * row's is {@code log(pi + (1 - pi) f(0)) = log(1 - pi) + max(eta, log f(0)) + log(1 + exp(-|log
 * f(0) - eta|))} and its posterior {@code exp(eta) / (exp(eta) + f(0))}.
 */
interface ZeroInflatedLoops {
  /**
   * One expert's log-densities of a block's rows, its columns at {@code at} of column-major n x K
   * arrays.
   *
   * @param y the labels, row i's at {@code yAt + i}
   * @param logf the count log-densities {@code log f(y_i)}
   * @param eta the zero part's linear predictors
   * @param pi gets the probabilities of a structural zero
   * @param zeta gets the posteriors of a structural zero (0 for a positive row)
   * @param density gets the zero-inflated log-densities
   */
  void densities(int n, double[] y, int yAt, double[] logf, double[] eta, int at, double[] pi,
      double[] zeta, double[] density);

  /** New loops of the kind chosen now ({@link VectorSupport#loops}). */
  static ZeroInflatedLoops create() {
    return VectorSupport.loops(ZeroInflatedLoops.class,
        "org.mixturelib.localmodels.ZeroInflatedVectorLoops", () -> Scalar.INSTANCE);
  }

  /** Row by row with {@link Math#exp} and {@link ExpLog#log1p}; stateless. */
  final class Scalar implements ZeroInflatedLoops {
    /** The one instance. */
    static final Scalar INSTANCE = new Scalar();

    private Scalar() {}

    @Override
    public void densities(int n, double[] y, int yAt, double[] logf, double[] eta, int at,
        double[] pi, double[] zeta, double[] density) {
      double last = Double.NaN;
      double logNot = 0; // log(1 - pi) = -log(1 + exp(eta))
      double p = 0;
      for (int i = 0, j = at; i < n; i++, j++) {
        double t = eta[j];
        if (t != last) {
          double x = Math.exp(-Math.abs(t));
          logNot = -(Math.max(t, 0) + ExpLog.log1p(x));
          p = t >= 0 ? 1 / (1 + x) : x / (1 + x);
          last = t;
        }
        pi[j] = p;
        double lf = logf[j];
        if (y[yAt + i] != 0) {
          zeta[j] = 0;
          density[j] = logNot + lf;
          continue;
        }
        double diff = lf - t;
        if (diff <= 0) {
          double r = Math.exp(diff);
          zeta[j] = 1 / (1 + r);
          density[j] = logNot + t + ExpLog.log1p(r);
        } else {
          double r = Math.exp(-diff);
          zeta[j] = r / (1 + r);
          density[j] = logNot + lf + ExpLog.log1p(r);
        }
      }
    }
  }
}
