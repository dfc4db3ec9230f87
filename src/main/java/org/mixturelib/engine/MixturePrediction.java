package org.mixturelib.engine;

import org.mixturelib.data.Block;
import org.mixturelib.localmodels.CategoricalExperts;
import org.mixturelib.localmodels.PredictiveVariance;

/**
 * Predictions of a fitted mixture for a block of rows, with point estimates plugged in:
 * {@code pi_k(x)}, every expert's answer {@code mu_k(x)} (on the response scale), the mixture
 * mean {@code Σ_k pi_k(x) mu_k(x)} and, for experts with a {@link PredictiveVariance}, the
 * predictive variance {@code Σ_k pi_k (v_k(x) + ||mu_k(x)||² / M) - ||mean||² / M} (per output,
 * averaged), where {@code v_k} is expert k's (for Gaussian experts {@code sigma2_k + xᵀ B_k
 * x}, from their posterior covariances).
 *
 * <p>For {@link CategoricalExperts} (an answer of L levels) the mixture's probability of each
 * level {@code Σ_k pi_k(x) p_k(l | x)} replaces the mean: the prediction ({@code mean}) is the
 * index of the most probable level (the first on ties), each expert's answer its own most
 * probable level, and there is no predictive variance.
 *
 * @param pi row-major n x K
 * @param components column-major n x (K M)
 * @param mean column-major n x M
 * @param variance per row: the predictive variance of each output, averaged over outputs; null
 *     when the experts do not give one
 * @param levelProbabilities column-major n x L: the mixture's probability of each level, for
 *     categorical experts; null otherwise
 */
public record MixturePrediction(double[] pi, double[] components, double[] mean,
    double[] variance, double[] levelProbabilities) {

  /** Scores a block with the given parameters. */
  public static MixturePrediction of(MixtureState s, Block b) {
    int n = b.n;
    int k = s.k();
    int m = b.m;
    double[] pi = new double[n * k];
    s.gate().logPi(b, null, pi, true);
    for (int i = 0; i < pi.length; i++) {
      pi[i] = Math.exp(pi[i]);
    }
    double[] comp = new double[n * k * m];
    s.experts().predict(b, comp);
    if (s.experts() instanceof CategoricalExperts c) {
      return categorical(c, b, pi, comp);
    }
    double[] mean = new double[n * m];
    double[] second = new double[n];
    double[] own = null;
    PredictiveVariance predictive = s.abilities().predictiveVariance().orElse(null);
    if (predictive != null) {
      own = new double[n * k];
      predictive.predictiveVariance(b, own);
    }
    for (int i = 0; i < n; i++) {
      for (int e = 0; e < k; e++) {
        double p = pi[i * k + e];
        double sq = 0;
        for (int j = 0; j < m; j++) {
          double v = comp[(e * m + j) * n + i];
          mean[j * n + i] += p * v;
          sq += v * v;
        }
        if (own != null) {
          second[i] += p * (own[e * n + i] + sq / m);
        }
      }
    }
    if (own == null) {
      return new MixturePrediction(pi, comp, mean, null, null);
    }
    double[] variance = new double[n];
    for (int i = 0; i < n; i++) {
      double sq = 0;
      for (int j = 0; j < m; j++) {
        sq += mean[j * n + i] * mean[j * n + i];
      }
      variance[i] = Math.max(second[i] - sq / m, 0);
    }
    return new MixturePrediction(pi, comp, mean, variance, null);
  }

  /** The mixed level probabilities and the most probable level of each row. */
  private static MixturePrediction categorical(CategoricalExperts c, Block b, double[] pi,
      double[] comp) {
    int n = b.n;
    int k = c.numExperts();
    int levels = c.numLevels();
    double[] own = new double[n * k * levels];
    c.levelProbabilities(b, own);
    double[] mixed = new double[n * levels];
    for (int e = 0; e < k; e++) {
      for (int l = 0; l < levels; l++) {
        int at = (e * levels + l) * n;
        for (int i = 0; i < n; i++) {
          mixed[l * n + i] += pi[i * k + e] * own[at + i];
        }
      }
    }
    double[] mode = new double[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int l = 1; l < levels; l++) {
        if (mixed[l * n + i] > mixed[best * n + i]) {
          best = l;
        }
      }
      mode[i] = best;
    }
    return new MixturePrediction(pi, comp, mode, null, mixed);
  }
}
