package org.mixturelib.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mixturelib.data.DataSource;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.GateScores;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.localmodels.ExpertScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observed information of the full log-likelihood {@code Σ_i w_i log Σ_k pi_k(x_i) f_k(y_i
 * | x_i)} at a fitted mixture's maximum-likelihood parameters, in one pass over the data
 * ({@code treeAggregate} of a P x P matrix, P the number of parameters not held at zero by the
 * experts' structure or penalty: those are known before the pass and their rows and columns
 * are not accumulated), by Louis' identity
 * row by row, or group by group for grouped data ({@link InformationKernel}), and its inverse,
 * the sampling covariance of the estimates.
 *
 * <p>The parameters are the experts' ({@link ExpertScores}: coefficients and dispersions) and
 * the gate's log-odds against component 0 ({@link GateScores}; for constant weights the K - 1
 * log-odds, from which the weights' errors follow by the delta method). Some have no standard
 * error, get NaN and a warning that names them, and are held fixed for the others':
 *
 * <ul>
 *   <li>a noise variance at its floor (the likelihood is not stationary there);
 *   <li>coefficients fixed at 0 by the experts' structure (components outside a nested group;
 *       no warning: they are not parameters);
 *   <li>every parameter of a component whose weight is near 0 (less than one row's share, one
 *       group's for grouped data);
 *   <li>parameters along which the information is singular or not positive definite (found by
 *       a Cholesky factorisation of the scaled information that skips them).
 * </ul>
 *
 * <p>A gate input that is constant over the rows (an intercept column among the features the
 * gate reads) is redundant with the gate's intercepts: its coefficients are folded into the
 * intercepts (flexmix's convention) and reported as 0 without an error.
 */
public final class ObservedInformation {
  private static final Logger LOG = LoggerFactory.getLogger(ObservedInformation.class);
  /** A Newton decrement {@code sᵀ I⁻¹ s} above this says the parameters are not at a maximum. */
  static final double NOT_AT_MAXIMUM = 1e-2;

  private ObservedInformation() {}

  /** Whether standard errors can be computed for {@code state}. */
  public static boolean supports(MixtureState state) {
    return state.abilities().expertScores().filter(ExpertScores::maximumLikelihood).isPresent()
        && state.abilities().gateScores().filter(GateScores::maximumLikelihood).isPresent();
  }

  /**
   * The information at {@code state} (not modified) over {@code data} and the standard errors
   * it gives.
   *
   * @throws IllegalArgumentException when the experts or the gate are not maximum-likelihood
   *     estimates with per-row scores (experts with priors: their posterior covariance is the
   *     object to report; an MLP or per-object gate)
   */
  public static StandardErrors compute(DataSource data, MixtureState state) {
    return compute(data, state, false);
  }

  /** {@link #compute(DataSource, MixtureState)}, in the dense form whatever the experts. */
  static StandardErrors compute(DataSource data, MixtureState state, boolean dense) {
    return compute(data, state, dense, false);
  }

  /**
   * {@link #compute(DataSource, MixtureState, boolean)}, accumulating the rows and columns of
   * the parameters held at zero too when {@code full} (for the tests: they are dropped after).
   */
  static StandardErrors compute(DataSource data, MixtureState state, boolean dense,
      boolean full) {
    ExpertScores experts = state.abilities().expertScores()
        .filter(ExpertScores::maximumLikelihood).orElse(null);
    if (experts == null) {
      throw new IllegalArgumentException("standard errors need maximum-likelihood experts with"
          + " per-row scores (no prior, estimated noise); "
          + state.experts().getClass().getSimpleName() + " is not (use the posterior"
          + " covariance of Bayesian experts instead)");
    }
    GateScores gate = state.abilities().gateScores().filter(GateScores::maximumLikelihood)
        .orElse(null);
    if (gate == null) {
      throw new IllegalArgumentException("standard errors need maximum-likelihood mixing"
          + " weights or a linear gate; " + state.gate().getClass().getSimpleName()
          + " is not (a variational or prior-weighted Dirichlet, an MLP or per-object gate)");
    }
    if (experts.numFeatures() != data.numFeatures()) {
      throw new IllegalArgumentException("the experts expect " + experts.numFeatures()
          + " features but the data has " + data.numFeatures());
    }
    int k = state.k();
    int g = gate.numScoreInputs();
    int e0 = experts.numScoreParameters();
    int size = e0 + (k - 1) * (g + 1);
    int[] position = new int[size];
    for (int j = 0, at = 0; j < size; j++) {
      position[j] = full || j >= e0 || !experts.heldAtZero(j) ? at++ : -1;
    }
    InformationStats stats = data.aggregate(state.copy(),
        () -> new InformationStats(position, k, g),
        (st, b, acc) -> InformationKernel.add(st, b, acc, dense));
    double[] info = new double[size * size];
    double[] score = new double[size];
    int kept = stats.score.length;
    for (int c = 0; c < size; c++) {
      int pc = position[c];
      if (pc >= 0) {
        score[c] = stats.score[pc];
        for (int r = 0; r <= c; r++) {
          int pr = position[r];
          if (pr >= 0) {
            info[c * size + r] = stats.information[pc * kept + pr];
            info[r * size + c] = info[c * size + r];
          }
        }
      }
    }
    StandardErrors.Layout layout = new StandardErrors.Layout(k, experts.expertParameters(), e0,
        g, index(experts, k));
    double[] estimates = new double[size];
    String[] names = new String[size];
    for (int j = 0; j < e0; j++) {
      estimates[j] = experts.parameterValue(j);
      names[j] = experts.parameterName(j);
    }
    System.arraycopy(gate.scoreParameters(), 0, estimates, e0, size - e0);
    for (int c = 1; c < k; c++) {
      names[layout.gate(c, 0)] = "gate intercept of component " + (c + 1);
      for (int a = 0; a < g; a++) {
        names[layout.gate(c, a + 1)] = "gate coefficient " + a + " of component " + (c + 1);
      }
    }

    List<String> warnings = new ArrayList<>();
    boolean[] held = new boolean[size];
    boolean[] noError = new boolean[size];
    for (int j = 0; j < e0; j++) {
      if (experts.heldAtZero(j)) {
        held[j] = true;
        noError[j] = true;
      } else if (experts.atBound(j)) {
        held[j] = true;
        noError[j] = true;
        warnings.add(names[j] + " is held at its floor: no standard error; the others' are"
            + " conditional on it");
      }
    }
    double total = 0;
    for (double w : stats.componentWeights) {
      total += w;
    }
    for (int c = 0; c < k; c++) {
      if (stats.componentWeights[c] / total * stats.units < 1) {
        warnings.add("component " + (c + 1) + " has weight " + stats.componentWeights[c] / total
            + " (less than one " + (stats.grouped ? "group" : "row")
            + "'s share): its parameters have no standard errors");
        for (int j = 0; j < layout.expertParameters(); j++) {
          int at = layout.expert(c, j);
          held[at] = true;
          noError[at] = true;
        }
        for (int c2 = 1; c2 < k; c2++) {
          if (c == 0 || c2 == c) {
            for (int t = 0; t <= g; t++) {
              held[layout.gate(c2, t)] = true;
              noError[layout.gate(c2, t)] = true;
            }
          }
        }
      }
    }
    for (int a = 0; a < g; a++) {
      if (stats.inputMin[a] == stats.inputMax[a]) {
        double value = stats.inputMin[a];
        for (int c = 1; c < k; c++) {
          int coef = layout.gate(c, a + 1);
          estimates[layout.gate(c, 0)] += value * estimates[coef];
          estimates[coef] = 0;
          held[coef] = true;
          noError[coef] = true;
        }
        LOG.info("gate input {} is constant ({}): its coefficients are folded into the gate's"
            + " intercepts", a, value);
      }
    }
    double[] covariance = invert(info, size, held, noError, names, warnings);
    double decrement = decrement(covariance, score, size, held);
    if (decrement > NOT_AT_MAXIMUM) {
      warnings.add("the parameters are not at a maximum of the likelihood (Newton decrement "
          + String.format(Locale.ROOT, "%.4g", decrement) + "): the standard errors are not"
          + " those of the maximum-likelihood estimates; the fit stopped before convergence"
          + " (raise maxIter) or on a constraint that holds it off the maximum"
          + " (maxVarianceRatio, a penalty, a variance floor)");
    }
    for (String w : warnings) {
      LOG.warn(w);
    }
    return new StandardErrors(layout, names, estimates, covariance, noError,
        stats.logLikelihood, decrement, warnings);
  }

  private static int[][] index(ExpertScores experts, int k) {
    int p = experts.expertParameters();
    int[][] out = new int[k][p];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < p; j++) {
        out[e][j] = experts.parameterIndex(e, j);
      }
    }
    return out;
  }

  /**
   * The inverse of the information over the parameters not held, NaN elsewhere; parameters
   * along which the information is singular (or not positive definite) join the held ones,
   * each with a warning.
   */
  private static double[] invert(double[] info, int size, boolean[] held, boolean[] noError,
      String[] names, List<String> warnings) {
    double[] covariance = new double[size * size];
    Arrays.fill(covariance, Double.NaN);
    int[] free = free(held);
    double[] sub = submatrix(info, size, free);
    int[] dependent = Cholesky.dependentColumns(sub, free.length);
    for (int j : dependent) {
      held[free[j]] = true;
      noError[free[j]] = true;
      warnings.add("the information is singular or not positive definite along "
          + names[free[j]] + ": it has no standard error");
    }
    free = free(held);
    if (free.length == 0) {
      return covariance;
    }
    sub = submatrix(info, size, free);
    Cholesky chol = Cholesky.factor(sub, free.length, "observed information");
    if (chol.jitter() > 0) {
      warnings.add("the observed information is not positive definite: no standard errors");
      Arrays.fill(noError, true);
      return covariance;
    }
    double[] inv = chol.inverse();
    for (int c = 0; c < free.length; c++) {
      for (int r = 0; r < free.length; r++) {
        covariance[free[c] * size + free[r]] = inv[c * free.length + r];
      }
    }
    return covariance;
  }

  private static int[] free(boolean[] held) {
    int n = 0;
    for (boolean h : held) {
      n += h ? 0 : 1;
    }
    int[] out = new int[n];
    for (int j = 0, at = 0; j < held.length; j++) {
      if (!held[j]) {
        out[at++] = j;
      }
    }
    return out;
  }

  private static double[] submatrix(double[] a, int size, int[] keep) {
    double[] out = new double[keep.length * keep.length];
    for (int c = 0; c < keep.length; c++) {
      for (int r = 0; r < keep.length; r++) {
        out[c * keep.length + r] = a[keep[c] * size + keep[r]];
      }
    }
    return out;
  }

  /** {@code sᵀ I⁻¹ s} over the parameters not held. */
  private static double decrement(double[] covariance, double[] score, int size,
      boolean[] held) {
    double d = 0;
    for (int c = 0; c < size; c++) {
      for (int r = 0; r < size; r++) {
        if (!held[c] && !held[r]) {
          d += score[c] * covariance[c * size + r] * score[r];
        }
      }
    }
    return d;
  }
}
