package org.mixturelib.hypermodels;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Special;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * Mixing weights that do not depend on x, with a Dirichlet prior {@code pi ~ Dir(mu)} (a
 * mixture of models; 0.4's HyperModelDirichlet, flexmix's default).
 *
 * <p>The update is {@code m = mu + Σ_i w_i r_i}. In the variational form (0.4's, the default)
 * the gate scores {@code E[log pi_k] = psi(m_k) - psi(Σ m)} and contributes {@code
 * -KL(Dir(m) || Dir(mu))} to the bound. In the MAP form (the Spark ML estimators) it scores
 * {@code log pi_k} at the mode {@code (m_k - 1) / (Σ m - K)}, which for {@code mu = 1} is the
 * maximum-likelihood weight {@code n_k / N}.
 */
public final class HyperModelDirichlet implements GateScores, VectorGate {
  private static final long serialVersionUID = 1L;

  private final double[] mu;
  private final double[] m;
  private final boolean variational;

  /** K components, prior {@code mu = 1}, variational (0.4's {@code HyperModelDirichlet(K)}). */
  public HyperModelDirichlet(int outputDim) {
    this(ones(outputDim), true);
  }

  /**
   * @param mu the Dirichlet prior, one positive value per component (>= 1 in the MAP form)
   * @param variational variational (expected log weights) or MAP point weights
   */
  public HyperModelDirichlet(double[] mu, boolean variational) {
    if (mu == null || mu.length < 1) {
      throw new IllegalArgumentException("output_dim (number of experts) must be >= 1");
    }
    for (double v : mu) {
      if (!(v > 0) || Double.isInfinite(v) || (!variational && v < 1)) {
        throw new IllegalArgumentException("Dirichlet prior mu must be finite and > 0"
            + (variational ? "" : " (>= 1 for MAP weights)") + ", got " + Arrays.toString(mu));
      }
    }
    this.mu = mu.clone();
    this.m = mu.clone();
    this.variational = variational;
  }

  private static double[] ones(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("output_dim (number of experts) must be >= 1, got " + k);
    }
    double[] a = new double[k];
    Arrays.fill(a, 1.0);
    return a;
  }

  @Override
  public int numComponents() {
    return mu.length;
  }

  /** The current Dirichlet parameter m (a copy). */
  public double[] posterior() {
    return m.clone();
  }

  /** Sets the Dirichlet parameter directly (from counts: {@code mu + counts}). */
  public void updateFromCounts(double[] counts) {
    if (counts.length != mu.length) {
      throw new IllegalArgumentException("got " + counts.length + " responsibility columns for "
          + mu.length + " components");
    }
    for (int k = 0; k < mu.length; k++) {
      m[k] = mu[k] + counts[k];
    }
  }

  /**
   * Restores the Dirichlet parameter m as stored (e.g. by a saved model): one finite value
   * {@code >= mu_k} per component.
   */
  public void setPosterior(double[] posterior) {
    if (posterior.length != mu.length) {
      throw new IllegalArgumentException("Dirichlet posterior has " + posterior.length
          + " entries for " + mu.length + " components");
    }
    for (int k = 0; k < mu.length; k++) {
      if (!(posterior[k] >= mu[k]) || Double.isInfinite(posterior[k])) {
        throw new IllegalArgumentException("Dirichlet posterior must be finite and >= the prior"
            + " " + Arrays.toString(mu) + ", got " + Arrays.toString(posterior));
      }
    }
    System.arraycopy(posterior, 0, m, 0, mu.length);
  }

  /** {@code "dirichlet"}: the weights of a mixture of regressions. */
  @Override
  public String typeId() {
    return "dirichlet";
  }

  /** Writes the Dirichlet parameter m. */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("posterior", m);
  }

  /** Restores m (see {@link #setPosterior}). */
  @Override
  public void readParameters(ParameterReader in) {
    setPosterior(in.doubles("posterior", mu.length));
  }

  /** The log weights this gate uses, one per component. */
  public double[] logWeights(boolean plugIn) {
    int k = mu.length;
    double[] out = new double[k];
    double sum = 0;
    for (double v : m) {
      sum += v;
    }
    if (variational && !plugIn) {
      double psiSum = Special.digamma(sum);
      for (int j = 0; j < k; j++) {
        out[j] = Special.digamma(m[j]) - psiSum;
      }
    } else if (variational) {
      for (int j = 0; j < k; j++) {
        out[j] = Math.log(m[j] / sum);
      }
    } else {
      double denominator = sum - k;
      for (int j = 0; j < k; j++) {
        out[j] = denominator > 0 ? Math.log((m[j] - 1) / denominator) : -Math.log(k);
      }
    }
    return out;
  }

  /** The mixing weights (posterior mean, or the MAP weights). */
  public double[] weights() {
    double[] lw = logWeights(true);
    for (int j = 0; j < lw.length; j++) {
      lw[j] = Math.exp(lw[j]);
    }
    return lw;
  }

  @Override
  public void logPi(Block b, double[] rowState, double[] out, boolean plugIn) {
    double[] lw = logWeights(plugIn);
    int k = lw.length;
    for (int i = 0, o = 0; i < b.n; i++, o += k) {
      for (int c = 0; c < k; c++) {
        out[o + c] = lw[c];
      }
    }
  }

  @Override
  public void mStep(GateUpdate update) {
    updateFromCounts(update.counts());
  }

  @Override
  public double boundTerm() {
    if (variational) {
      return -klToPrior(m, mu);
    }
    double sumMu = 0;
    for (double v : mu) {
      sumMu += v;
    }
    double[] lw = logWeights(true);
    double t = Special.logGamma(sumMu);
    for (int j = 0; j < mu.length; j++) {
      t += -Special.logGamma(mu[j]) + (mu[j] == 1 ? 0 : (mu[j] - 1) * lw[j]);
    }
    return t;
  }

  /**
   * {@code KL(Dir(m) || Dir(mu))}: {@code log Γ(Σ m) - log Γ(Σ mu) + Σ_j [log Γ(mu_j) - log
   * Γ(m_j) + (m_j - mu_j)(ψ(m_j) - ψ(Σ m))]}.
   */
  static double klToPrior(double[] m, double[] mu) {
    double sumM = 0;
    double sumMu = 0;
    for (int j = 0; j < mu.length; j++) {
      sumM += m[j];
      sumMu += mu[j];
    }
    double psiSum = Special.digamma(sumM);
    double kl = Special.logGamma(sumM) - Special.logGamma(sumMu);
    for (int j = 0; j < mu.length; j++) {
      kl += Special.logGamma(mu[j]) - Special.logGamma(m[j])
          + (m[j] - mu[j]) * (Special.digamma(m[j]) - psiSum);
    }
    return kl;
  }

  @Override
  public int numFreeParameters() {
    return mu.length - 1;
  }

  // ---------------------------------------------------------------- parameter vector

  /**
   * The log-ratios {@code log(n_c / n_0)}, c = 1..K-1, of the counts {@code n = m - mu} (for the
   * MAP form with {@code mu = 1}, the log-odds of the mixing weights); null when a count is 0.
   */
  @Override
  public double[] parameterVector() {
    double[] v = new double[mu.length - 1];
    double first = m[0] - mu[0];
    for (int c = 1; c < mu.length; c++) {
      double count = m[c] - mu[c];
      if (!(count > 0 && first > 0)) {
        return null;
      }
      v[c - 1] = Math.log(count / first);
    }
    return v;
  }

  /**
   * Sets the counts to the current total count shared in the proportions {@code softmax(0,
   * v)}, so that the total (the rows' weight after an M-step) is kept.
   */
  @Override
  public void setParameterVector(double[] v) {
    if (v.length != mu.length - 1) {
      throw new IllegalArgumentException("parameter vector of " + v.length + " entries for "
          + mu.length + " components, expected " + (mu.length - 1));
    }
    double top = 0;
    for (double x : v) {
      top = Math.max(top, x);
    }
    double total = 0;
    double sum = Math.exp(-top);
    for (int c = 0; c < mu.length; c++) {
      total += m[c] - mu[c];
      sum += c > 0 ? Math.exp(v[c - 1] - top) : 0;
    }
    for (int c = 0; c < mu.length; c++) {
      m[c] = mu[c] + total * Math.exp((c > 0 ? v[c - 1] : 0) - top) / sum;
    }
  }

  // ---------------------------------------------------------------- scores (standard errors)

  /** None: the weights do not depend on x. */
  @Override
  public int numScoreInputs() {
    return 0;
  }

  /** Never called: there are no inputs. */
  @Override
  public int scoreInputColumn(int g) {
    throw new IllegalArgumentException("constant mixing weights read no input (asked for " + g
        + ")");
  }

  /** The log-odds {@code log(pi_c / pi_0)}, c = 1..K-1, of the weights {@link #weights()}. */
  @Override
  public double[] scoreParameters() {
    double[] lw = logWeights(true);
    double[] out = new double[lw.length - 1];
    for (int c = 1; c < lw.length; c++) {
      out[c - 1] = lw[c] - lw[0];
    }
    return out;
  }

  /** The MAP form with a flat prior ({@code mu = 1}): the maximum-likelihood weights. */
  @Override
  public boolean maximumLikelihood() {
    for (double v : mu) {
      if (v != 1) {
        return false;
      }
    }
    return !variational;
  }

  @Override
  public void rowDerivatives(Block b, double[] score, double[] curvature) {
    double[] w = weights();
    double[] pi = new double[b.n * w.length];
    for (int i = 0; i < b.n; i++) {
      System.arraycopy(w, 0, pi, i * w.length, w.length);
    }
    GateScores.logitDerivatives(b.n, w.length, 0, pi, new double[0], score, curvature);
  }

  @Override
  public boolean canChangeComponents() {
    return true;
  }

  /** Both get {@code (m_from + m_into) / 2}: half the weight each, variational or MAP. */
  @Override
  public HyperModelDirichlet splitWeight(int from, int into) {
    HyperModelDirichlet c = copy();
    double half = (m[from] + m[into]) / 2;
    c.m[from] = half;
    c.m[into] = half;
    return c;
  }

  @Override
  public HyperModelDirichlet restrictTo(int[] keep) {
    double[] mu2 = new double[keep.length];
    for (int i = 0; i < keep.length; i++) {
      mu2[i] = mu[keep[i]];
    }
    HyperModelDirichlet c = new HyperModelDirichlet(mu2, variational);
    for (int i = 0; i < keep.length; i++) {
      c.m[i] = m[keep[i]];
    }
    return c;
  }

  @Override
  public HyperModelDirichlet copy() {
    HyperModelDirichlet c = new HyperModelDirichlet(mu, variational);
    System.arraycopy(m, 0, c.m, 0, m.length);
    return c;
  }

  // ---------------------------------------------------------------- 0.4-style API

  /** 0.4's {@code E_step}: {@code m = mu + Σ_i Z_i} (Z is N x K). */
  public void eStep(double[][] x, double[][] y, double[][] z) {
    updateFromCounts(GateSupport.columnSums(z, mu.length));
  }

  /** 0.4's {@code LogPiExpectation}: N x K, the same row for every object. */
  public double[][] logPiExpectation(double[][] x) {
    return GateSupport.repeat(logWeights(false), x.length);
  }

  /** 0.4's {@code PredictPi}: N x K, the same weights for every object. */
  public double[][] predictPi(double[][] x) {
    return GateSupport.repeat(weights(), x.length);
  }
}
