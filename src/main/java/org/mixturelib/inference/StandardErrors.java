package org.mixturelib.inference;

import java.io.Serializable;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * The estimates of a fitted mixture with their standard errors (from the inverse of the
 * observed information, {@link ObservedInformation}), z statistics {@code estimate / se},
 * two-sided p-values against the normal reference (flexmix's {@code summary(refit(...))}) and
 * Wald intervals {@code estimate ± z_(1+level)/2 se}. Parameters without a standard error (held
 * at a bound, a component with no weight, a singular information) have NaN for all of these.
 *
 * <p>Parameters are numbered as in {@link Layout}: the experts' parameters (the family's
 * layout), then the gate's log-odds of components 1..K-1 against component 0, each {@code
 * [intercept, one coefficient per gate input]}.
 */
public final class StandardErrors implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Where each parameter sits.
   *
   * @param components K
   * @param expertParameters parameters of one expert (its D M coefficients first)
   * @param gateOffset position of the first gate parameter (the experts' parameter count)
   * @param gateInputs G, the inputs of the gate's log-odds (0 for constant weights)
   * @param expertIndex position of expert e's parameter j at {@code [e][j]}
   */
  public record Layout(int components, int expertParameters, int gateOffset, int gateInputs,
      int[][] expertIndex) implements Serializable {
    /** Position of expert e's parameter j. */
    public int expert(int e, int j) {
      return expertIndex[e][j];
    }

    /**
     * Position of the gate's parameter t (0: intercept, 1 + g: input g) of component c's
     * log-odds against component 0 ({@code 1 <= c < K}).
     */
    public int gate(int c, int t) {
      if (c < 1 || c >= components || t < 0 || t > gateInputs) {
        throw new IllegalArgumentException("no gate parameter (" + c + ", " + t + ")");
      }
      return gateOffset + (c - 1) * (gateInputs + 1) + t;
    }

    /** Number of parameters. */
    public int size() {
      return gateOffset + (components - 1) * (gateInputs + 1);
    }
  }

  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  private final Layout layout;
  private final String[] names;
  private final double[] estimates;
  private final double[] covariance;
  private final boolean[] noError;
  private final double logLikelihood;
  private final double newtonDecrement;
  private final List<String> warnings;

  StandardErrors(Layout layout, String[] names, double[] estimates, double[] covariance,
      boolean[] noError, double logLikelihood, double newtonDecrement, List<String> warnings) {
    this.layout = layout;
    this.names = names;
    this.estimates = estimates;
    this.covariance = covariance;
    this.noError = noError;
    this.logLikelihood = logLikelihood;
    this.newtonDecrement = newtonDecrement;
    this.warnings = List.copyOf(warnings);
  }

  /** Where each parameter sits. */
  public Layout layout() {
    return layout;
  }

  /** Number of parameters. */
  public int size() {
    return estimates.length;
  }

  /** Parameter j's name (as the warnings name it). */
  public String name(int j) {
    return names[j];
  }

  /** Parameter j's estimate. */
  public double estimate(int j) {
    return estimates[j];
  }

  /** Parameter j's standard error, or NaN. */
  public double standardError(int j) {
    return noError[j] ? Double.NaN : Math.sqrt(covariance[j * size() + j]);
  }

  /** Parameter j's z statistic {@code estimate / se}, or NaN. */
  public double zValue(int j) {
    return estimate(j) / standardError(j);
  }

  /** Parameter j's two-sided p-value {@code 2 (1 - Phi(|z|))}, or NaN. */
  public double pValue(int j) {
    return normalPValue(zValue(j));
  }

  /** The two-sided normal p-value {@code 2 (1 - Phi(|z|))} of a z statistic (NaN for NaN). */
  public static double normalPValue(double z) {
    return Erf.erfc(Math.abs(z) / Math.sqrt(2));
  }

  /**
   * Parameter j's Wald interval at the given level.
   *
   * @param level coverage, in (0, 1)
   * @return {@code {lower, upper}} (NaN without a standard error)
   */
  public double[] interval(int j, double level) {
    double half = quantile(level) * standardError(j);
    return new double[] {estimate(j) - half, estimate(j) + half};
  }

  /** The normal quantile {@code z_(1+level)/2} of a two-sided interval at the given level. */
  public static double quantile(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    return NORMAL.inverseCumulativeProbability(0.5 + level / 2);
  }

  /** The covariance of parameters i and j (NaN when either has no standard error). */
  public double covariance(int i, int j) {
    return noError[i] || noError[j] ? Double.NaN : covariance[j * size() + i];
  }

  /**
   * The gate's log-odds against another reference component (flexmix's refit takes its first
   * component, whichever that is): for every component c other than {@code reference}, term t
   * (0: intercept, 1 + g: input g), {@code eta_c,t - eta_reference,t} and its standard error
   * from the covariance ({@code eta_0} is 0).
   *
   * @param reference the new reference component
   * @return {@code {estimates, errors}}, each {@code [c'][t]} over the K - 1 other components in
   *     order
   */
  public double[][][] gateAgainst(int reference) {
    int k = layout.components();
    if (reference < 0 || reference >= k) {
      throw new IllegalArgumentException("reference component " + reference + " is outside [0, "
          + k + ")");
    }
    int terms = layout.gateInputs() + 1;
    double[][] est = new double[k - 1][terms];
    double[][] err = new double[k - 1][terms];
    for (int c = 0, row = 0; c < k; c++) {
      if (c == reference) {
        continue;
      }
      for (int t = 0; t < terms; t++) {
        int a = c == 0 ? -1 : layout.gate(c, t);
        int r = reference == 0 ? -1 : layout.gate(reference, t);
        est[row][t] = (a < 0 ? 0 : estimates[a]) - (r < 0 ? 0 : estimates[r]);
        double v = (a < 0 ? 0 : covariance(a, a)) + (r < 0 ? 0 : covariance(r, r))
            - (a < 0 || r < 0 ? 0 : 2 * covariance(a, r));
        err[row][t] = Math.sqrt(v);
      }
      row++;
    }
    return new double[][][] {est, err};
  }

  /**
   * For constant weights ({@code gateInputs = 0}): the mixing weights {@code softmax(0, eta)}
   * and their standard errors by the delta method, {@code {weights, errors}}; NaN errors for
   * the weights of components without errors. Null for a gate that depends on x.
   */
  public double[][] mixingWeights() {
    if (layout.gateInputs() != 0) {
      return null;
    }
    int k = layout.components();
    double[] pi = new double[k];
    double sum = 1;
    pi[0] = 1;
    for (int c = 1; c < k; c++) {
      pi[c] = Math.exp(estimates[layout.gate(c, 0)]);
      sum += pi[c];
    }
    double[] se = new double[k];
    for (int c = 0; c < k; c++) {
      pi[c] /= sum;
    }
    for (int a = 0; a < k; a++) {
      // ∂pi_a / ∂eta_c = pi_a (δ_ac - pi_c); parameters without errors are held fixed
      double v = 0;
      boolean known = a > 0 ? !noError[layout.gate(a, 0)] : anyGateError();
      for (int c = 1; c < k; c++) {
        int jc = layout.gate(c, 0);
        if (noError[jc]) {
          continue;
        }
        double dc = pi[a] * ((a == c ? 1 : 0) - pi[c]);
        for (int c2 = 1; c2 < k; c2++) {
          int jc2 = layout.gate(c2, 0);
          if (!noError[jc2]) {
            v += dc * covariance[jc2 * size() + jc] * pi[a] * ((a == c2 ? 1 : 0) - pi[c2]);
          }
        }
      }
      se[a] = known ? Math.sqrt(v) : Double.NaN;
    }
    return new double[][] {pi, se};
  }

  private boolean anyGateError() {
    for (int c = 1; c < layout.components(); c++) {
      if (!noError[layout.gate(c, 0)]) {
        return true;
      }
    }
    return false;
  }

  /** The log-likelihood at the parameters, from the same pass. */
  public double logLikelihood() {
    return logLikelihood;
  }

  /**
   * {@code sᵀ I⁻¹ s} with s the score: about twice the log-likelihood still to gain by Newton's
   * method; near 0 at a maximum.
   */
  public double newtonDecrement() {
    return newtonDecrement;
  }

  /** The warnings of the computation, each naming a parameter (also logged). */
  public List<String> warnings() {
    return warnings;
  }
}
