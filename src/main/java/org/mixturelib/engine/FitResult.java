package org.mixturelib.engine;

/**
 * The outcome of an EM fit: the parameters and the figures a summary reports.
 *
 * <p>The criteria follow flexmix's definitions (with N the total case weight, flexmix's number
 * of observations for unit weights): {@code AIC = -2 logL + 2 p}, {@code BIC = -2 logL + p log
 * N} and {@code ICL = BIC - 2 Σ_i w_i log r_i,z(i)}, the classification likelihood of Biernacki,
 * Celeux and Govaert (2000) with each row assigned to its most likely component z(i) (flexmix's
 * {@code ICL} is {@code -2 clogLik + p log N}, the same number). The free parameters p count,
 * per component, the coefficients and (per-component noise) one variance, plus one shared
 * variance, plus the gate's parameters net of the softmax's invariance and of constant input
 * columns, as flexmix's {@code df}. The log-likelihood is that of the maximum-likelihood noise
 * variances; flexmix's Gaussian experts report sigma multiplied by {@code sqrt(N / (N - p_k))},
 * so flexmix's log-likelihood at the same fit sits slightly below ours (docs/flexmix.md).
 *
 * <p>Grouped data ({@code y ~ x | g}): the log-likelihood sums over groups, {@code
 * componentWeights} and {@code clusterSizes} count groups, the entropy and the MAP term are the
 * groups', and N in BIC and ICL stays the total case weight of the rows (flexmix's {@code nobs}
 * is the number of rows).
 *
 * @param state fitted parameters (the number of components may be smaller than asked for when
 *     a degenerate component was removed, see {@link EmConfig#minPrior})
 * @param boundHistory the bound before each M-step of the chosen run, then at the end
 * @param modelChanges indices into {@code boundHistory} of the bounds that follow a change of
 *     the model outside an EM step (a component removed); the bound never decreases between two
 *     of them in 'default' mode
 * @param iterations number of M-steps of the chosen run
 * @param converged whether the tolerance was reached before maxIter
 * @param logLikelihood plug-in log-likelihood {@code Σ_i w_i log Σ_k pi_k(x_i) p(y_i | x_i,
 *     W_k)} at the fitted parameters
 * @param entropy responsibility entropy {@code -Σ_i w_i Σ_k r_ik log r_ik} at the end
 * @param mapLogResponsibility {@code Σ_i w_i log max_k r_ik} at the end (for ICL)
 * @param componentWeights total responsibility per component at the end (of the groups when
 *     grouped)
 * @param clusterSizes weight of the rows (number of groups, when grouped) whose most likely
 *     component is k
 * @param totalWeight {@code Σ_i w_i}
 * @param numRows number of rows
 * @param numGroups number of groups, 0 for ungrouped rows
 * @param numFreeParameters free parameters of experts and gate
 * @param removed the components the chosen run removed below {@link EmConfig#minPrior}, in
 *     the order removed (empty when none, and for what a resumed fit removed before its
 *     checkpoint)
 */
public record FitResult(MixtureState state, double[] boundHistory, int[] modelChanges,
    int iterations, boolean converged, double logLikelihood, double entropy,
    double mapLogResponsibility, double[] componentWeights, double[] clusterSizes,
    double totalWeight, long numRows, long numGroups, int numFreeParameters,
    java.util.List<Removed> removed) {

  /**
   * A component removed below minPrior.
   *
   * @param component its number among the components the run started with, counted from 1 as
   *     tables count
   * @param weight its share of the total weight when it was removed
   * @param iteration the EM iteration after which it was removed
   */
  public record Removed(int component, double weight, int iteration)
      implements java.io.Serializable {
    /** {@code "2 (weight 0.012, iteration 14)"}. */
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%d (weight %.3g, iteration %d)", component,
          weight, iteration);
    }
  }

  /** Akaike's criterion {@code -2 logL + 2 p}. */
  public double aic() {
    return -2 * logLikelihood + 2 * numFreeParameters;
  }

  /** Schwarz's criterion {@code -2 logL + p log N} (N the total case weight). */
  public double bic() {
    return -2 * logLikelihood + numFreeParameters * Math.log(totalWeight);
  }

  /**
   * Integrated completed likelihood as flexmix computes it: {@code -2 (logL + Σ_i w_i log
   * r_i,z(i)) + p log N}, BIC plus twice the classification's cost.
   */
  public double icl() {
    return bic() - 2 * mapLogResponsibility;
  }

  /** Number of components of the fitted model. */
  public int numComponents() {
    return state.k();
  }

  /** The last recorded bound. */
  public double finalBound() {
    return boundHistory[boundHistory.length - 1];
  }
}
