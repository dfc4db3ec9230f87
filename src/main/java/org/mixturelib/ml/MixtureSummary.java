package org.mixturelib.ml;

import java.io.Serializable;
import org.mixturelib.engine.FitResult;

/**
 * The training summary of a mixture fit: the plug-in log-likelihood and the criteria built on
 * it, the iterations and the bound per iteration, and how the rows fall into components.
 */
public final class MixtureSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double logLikelihood;
  private final double aic;
  private final double bic;
  private final double icl;
  private final int numIterations;
  private final boolean converged;
  private final double[] objectiveHistory;
  private final double[] clusterSizes;
  private final double[] componentWeights;
  private final int numFreeParameters;
  private final double totalWeight;
  private final long numGroups;

  MixtureSummary(FitResult r) {
    logLikelihood = r.logLikelihood();
    aic = r.aic();
    bic = r.bic();
    icl = r.icl();
    numIterations = r.iterations();
    converged = r.converged();
    objectiveHistory = r.boundHistory().clone();
    clusterSizes = r.clusterSizes().clone();
    componentWeights = r.componentWeights().clone();
    numFreeParameters = r.numFreeParameters();
    totalWeight = r.totalWeight();
    numGroups = r.numGroups();
  }

  /** Plug-in log-likelihood {@code Σ_i w_i log p(y_i | x_i)} at the fitted parameters. */
  public double logLikelihood() {
    return logLikelihood;
  }

  /** Akaike's criterion {@code -2 logL + 2 p}. */
  public double aic() {
    return aic;
  }

  /** Schwarz's criterion {@code -2 logL + p log N} (N the total case weight). */
  public double bic() {
    return bic;
  }

  /** Integrated completed likelihood as flexmix: BIC plus twice the classification cost. */
  public double icl() {
    return icl;
  }

  /** Number of EM iterations (M-steps) of the chosen run. */
  public int numIterations() {
    return numIterations;
  }

  /** Whether the tolerance was reached before maxIter. */
  public boolean converged() {
    return converged;
  }

  /** The bound before each M-step of the chosen run, then at the end (a copy). */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /**
   * Case weight of the rows whose most likely component is k (a copy); with a group column,
   * the number of groups whose most likely component is k.
   */
  public double[] clusterSizes() {
    return clusterSizes.clone();
  }

  /**
   * Total responsibility per component, {@code Σ_i w_i r_ik} (a copy); with a group column,
   * {@code Σ_g r_gk} over the groups.
   */
  public double[] componentWeights() {
    return componentWeights.clone();
  }

  /** Number of free parameters p counted by AIC and BIC. */
  public int numFreeParameters() {
    return numFreeParameters;
  }

  /** Total case weight. */
  public double totalWeight() {
    return totalWeight;
  }

  /** Number of groups of a fit with a group column, 0 without. */
  public long numGroups() {
    return numGroups;
  }
}
