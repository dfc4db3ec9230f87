package org.mixturelib.localmodels;

import org.mixturelib.linalg.VectorSupport;

/**
 * The multinomial experts' softmax over a column-major block of linear predictors, the E-step's
 * costliest loop after the products with the features (one exp per expert, free level and row).
 * Two implementations with the same results to rounding, chosen by {@link VectorSupport} when a
 * partition's kernel is made, as {@link PassLoops} are: {@link Scalar} ({@link Math#exp} row by
 * row) and {@code MultinomialVectorLoops} (the incubating Vector API's exp and log over several
 * rows at once), loaded by name only when that module is present.
 *
 * <p>Every row's predictors are taken unshifted when none exceeds {@link #UNSHIFTED} (q exps and
 * a log per row and expert); larger ones are shifted by their maximum first, so that nothing
 * overflows.
 */
interface MultinomialLoops {
  /**
   * Linear predictors up to this take their exp unshifted: L of them sum to less than {@code L
   * e^600}, far from overflow for any L an array can index.
   */
  double UNSHIFTED = 600;

  /**
   * The probabilities of the q free levels of K experts from their linear predictors, and
   * {@code logZ[e n + i] = log(1 + Σ_l exp(eta_il))} (level 0's predictor is 0).
   *
   * @param eta column-major n x (K q): expert e's level l + 1 in column {@code e q + l}
   * @param p the probabilities, in the layout of eta (may be eta: in place)
   * @param logZ column-major n x K
   */
  void softmax(int n, int k, int q, double[] eta, double[] p, double[] logZ);

  /** New loops of the kind chosen now ({@link VectorSupport#loops}). */
  static MultinomialLoops create() {
    return VectorSupport.loops(MultinomialLoops.class,
        "org.mixturelib.localmodels.MultinomialVectorLoops", () -> Scalar.INSTANCE);
  }

  /** The softmax row by row with {@link Math#exp}; stateless. */
  final class Scalar implements MultinomialLoops {
    /** The one instance. */
    static final Scalar INSTANCE = new Scalar();

    private Scalar() {}

    @Override
    public void softmax(int n, int k, int q, double[] eta, double[] p, double[] logZ) {
      for (int e = 0; e < k; e++) {
        int first = e * q * n;
        for (int i = 0; i < n; i++) {
          logZ[e * n + i] = row(n, q, first + i, eta, p);
        }
      }
    }

    /**
     * One row's softmax, its q predictors at {@code at}, {@code at + n}, ...: writes their
     * probabilities and returns {@code log(1 + Σ_l exp(eta_l))}.
     */
    static double row(int n, int q, int at, double[] eta, double[] p) {
      double max = 0;
      for (int l = 0, j = at; l < q; l++, j += n) {
        max = Math.max(max, eta[j]);
      }
      double shift = max > UNSHIFTED ? max : 0;
      double sum = shift == 0 ? 1 : Math.exp(-shift);
      for (int l = 0, j = at; l < q; l++, j += n) {
        double t = Math.exp(eta[j] - shift);
        p[j] = t; // eta[j] is read before: p may be eta
        sum += t;
      }
      double inverse = 1 / sum;
      for (int l = 0, j = at; l < q; l++, j += n) {
        p[j] *= inverse;
      }
      return shift + Math.log(sum);
    }
  }
}
