package org.mixturelib.engine;

/**
 * The outcome of an EM fit: the parameters and the figures a summary reports.
 *
 * @param state fitted parameters
 * @param boundHistory the bound before each M-step of the chosen run, then at the end
 * @param iterations number of M-steps of the chosen run
 * @param converged whether the tolerance was reached before maxIter
 * @param logLikelihood plug-in log-likelihood {@code Σ_i w_i log Σ_k pi_k(x_i) p(y_i | x_i,
 *     W_k)} at the fitted parameters
 * @param entropy responsibility entropy {@code -Σ_i w_i Σ_k r_ik log r_ik} at the end
 * @param componentWeights total responsibility per component at the end
 * @param clusterSizes weight of the rows whose most likely component is k
 * @param totalWeight {@code Σ_i w_i}
 * @param numRows number of rows
 * @param numFreeParameters free parameters of experts and gate
 */
public record FitResult(MixtureState state, double[] boundHistory, int iterations,
    boolean converged, double logLikelihood, double entropy, double[] componentWeights,
    double[] clusterSizes, double totalWeight, long numRows, int numFreeParameters) {

  /** Akaike's criterion {@code -2 logL + 2 p}. */
  public double aic() {
    return -2 * logLikelihood + 2 * numFreeParameters;
  }

  /** Schwarz's criterion {@code -2 logL + p log N} (N the total case weight). */
  public double bic() {
    return -2 * logLikelihood + numFreeParameters * Math.log(totalWeight);
  }

  /** Integrated completed likelihood, BIC plus twice the responsibility entropy. */
  public double icl() {
    return bic() + 2 * entropy;
  }

  /** The last recorded bound. */
  public double finalBound() {
    return boundHistory[boundHistory.length - 1];
  }
}
