package org.mixturelib.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.mixturelib.engine.FitResult;
import org.mixturelib.inference.StandardErrors;

/**
 * The training summary of a mixture fit: the plug-in log-likelihood and the criteria built on
 * it, the iterations and the bound per iteration, and how the rows fall into components; and,
 * for maximum-likelihood fits (experts without priors, constant weights or the linear gate),
 * the standard errors from the observed information at the fitted parameters with z
 * statistics, normal p-values and Wald intervals, in the names of Spark's
 * {@code GeneralizedLinearRegressionTrainingSummary} (see {@code docs/inference.md}). A
 * parameter without a standard error (a variance at its floor, a component without weight, a
 * singular information) has NaN, and {@link #standardErrorWarnings()} names it.
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
  private final StandardErrorTable errors;
  private final String noErrors;
  private final long numGroups;
  private final int requestedK;
  private final double minPrior;
  private final List<FitResult.Removed> removedComponents;
  private final List<String> notes;

  /**
   * @param r the fit
   * @param requestedK the number of components asked for
   * @param minPrior the threshold below which components were removed
   * @param errors the standard errors, or null
   * @param noErrors why there are none (when {@code errors} is null)
   */
  MixtureSummary(FitResult r, int requestedK, double minPrior, StandardErrorTable errors,
      String noErrors) {
    this.errors = errors;
    this.noErrors = noErrors;
    this.requestedK = requestedK;
    this.minPrior = minPrior;
    removedComponents = List.copyOf(r.removed());
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
    notes = List.copyOf(org.mixturelib.inference.Identification.notes(r));
  }

  /**
   * What the reader must know about the fitted model, one line each (empty when nothing): a
   * model the data do not identify ({@link org.mixturelib.inference.Identification}). The fit
   * logs each once, as a warning.
   */
  public List<String> notes() {
    return notes;
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

  /** The number of components asked for ({@code k} of the estimator). */
  public int requestedK() {
    return requestedK;
  }

  /**
   * The components removed below {@code minPrior}, numbered among the {@link #requestedK()}
   * asked for from 1 as the tables count (empty when none; a fit resumed from a checkpoint
   * knows only how many it lost before it, see {@link #removedNote()}). The fitted model's
   * {@code k} and {@code numComponents()} count the components kept.
   */
  public List<FitResult.Removed> removedComponents() {
    return removedComponents;
  }

  /**
   * One line saying which components were removed, {@code "2 of 3 components removed below
   * minPrior 0.05: 2 (weight 0.012, iteration 14), 3 (...)"}, or "" when none was.
   */
  public String removedNote() {
    int kept = componentWeights.length;
    if (kept == requestedK) {
      return "";
    }
    String which = removedComponents.size() == requestedK - kept
        ? ": " + String.join(", ", removedComponents.stream().map(Object::toString).toList())
        : " (before the checkpoint this fit resumed from)";
    return String.format(java.util.Locale.ROOT, "%d of %d components removed below minPrior"
        + " %s%s", requestedK - kept, requestedK, minPrior, which);
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

  // ---------------------------------------------------------------- standard errors

  /** Whether the standard errors are available (maximum-likelihood fits). */
  public boolean hasStandardErrors() {
    return errors != null;
  }

  private StandardErrorTable errors() {
    if (errors == null) {
      throw new IllegalStateException("no standard errors for this fit: " + noErrors);
    }
    return errors;
  }

  /** The standard errors as the engine gives them: every parameter, its name and covariance. */
  public StandardErrors standardErrors() {
    return errors().errors();
  }

  /** The warnings of the standard errors, each naming a parameter that has none. */
  public List<String> standardErrorWarnings() {
    return errors().errors().warnings();
  }

  /** Standard errors of {@code MixtureModel.coefficients()}: (K M) x D. */
  public Matrix coefficientStandardErrors() {
    return errors().coefficientStandardErrors();
  }

  /** Standard errors of {@code MixtureModel.intercepts()} (NaN without intercepts). */
  public Vector interceptStandardErrors() {
    return errors().interceptStandardErrors();
  }

  /**
   * z statistics {@code estimate / se} of the experts' coefficients, (K M) x (D + 1) with the
   * intercept last when fitted (Spark's order).
   */
  public Matrix tValues() {
    return errors().tValues();
  }

  /** Two-sided p-values of {@link #tValues()} against the normal reference (as flexmix). */
  public Matrix pValues() {
    return errors().pValues();
  }

  /**
   * Wald intervals of the experts' coefficients at the given level, {@code {lower, upper}},
   * each shaped as {@link #tValues()}.
   *
   * @param level coverage in (0, 1), e.g. 0.95
   */
  public Matrix[] coefficientConfidenceIntervals(double level) {
    return errors().coefficientIntervals(level);
  }

  /**
   * The gate's log-odds of components 1..K-1 against component 0, (K - 1) x (G + 1): row c - 1
   * is {@code [intercept, one coefficient per gate input]} (flexmix's concomitant
   * coefficients); for constant weights the (K - 1) x 1 log-odds {@code log(pi_c / pi_0)}.
   */
  public Matrix gateCoefficients() {
    return errors().gateCoefficients();
  }

  /** Standard errors of {@link #gateCoefficients()}. */
  public Matrix gateStandardErrors() {
    return errors().gateStandardErrors();
  }

  /** z statistics of {@link #gateCoefficients()}. */
  public Matrix gateTValues() {
    return errors().gateTValues();
  }

  /** Two-sided normal p-values of {@link #gateCoefficients()}. */
  public Matrix gatePValues() {
    return errors().gatePValues();
  }

  /** Wald intervals of {@link #gateCoefficients()} at the given level, {@code {lower, upper}}. */
  public Matrix[] gateConfidenceIntervals(double level) {
    return errors().gateIntervals(level);
  }

  /**
   * Standard errors of constant mixing weights (delta method from the log-odds).
   *
   * @throws IllegalStateException for a gate that depends on x
   */
  public Vector mixingWeightStandardErrors() {
    return errors().mixingWeightStandardErrors();
  }

  /** z statistics {@code pi_k / se} of constant mixing weights. */
  public Vector mixingWeightTValues() {
    return errors().mixingWeightTValues();
  }

  /** Two-sided normal p-values of {@link #mixingWeightTValues()}. */
  public Vector mixingWeightPValues() {
    return errors().mixingWeightPValues();
  }

  /** Wald intervals of constant mixing weights at the given level, {@code {lower, upper}}. */
  public Vector[] mixingWeightConfidenceIntervals(double level) {
    return errors().mixingWeightIntervals(level);
  }

  /** Number of groups of a fit with a group column, 0 without. */
  public long numGroups() {
    return numGroups;
  }
}
