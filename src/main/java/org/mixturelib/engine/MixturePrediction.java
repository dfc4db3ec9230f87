package org.mixturelib.engine;

import org.mixturelib.data.Block;

/**
 * Predictions of a fitted mixture for a block of rows, with point estimates plugged in:
 * {@code pi_k(x)}, every expert's answer, the mixture mean {@code Σ_k pi_k(x) W_kᵀ x} and the
 * predictive variance {@code Σ_k pi_k (sigma2_k + xᵀ B_k x + ||W_kᵀx||²) / M - ||mean||² / M}
 * (per output, averaged) from the mixture and the experts' posterior covariances.
 *
 * @param pi row-major n x K
 * @param components column-major n x (K M)
 * @param mean column-major n x M
 * @param variance per row: the predictive variance of each output, averaged over outputs
 */
public record MixturePrediction(double[] pi, double[] components, double[] mean,
    double[] variance) {

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
    double[] mean = new double[n * m];
    double[] second = new double[n];
    double[] noise = s.experts().noiseVariances();
    double[][] cov = new double[k][];
    for (int e = 0; e < k; e++) {
      cov[e] = s.experts().covariance(e);
    }
    int d = b.d;
    for (int i = 0; i < n; i++) {
      for (int e = 0; e < k; e++) {
        double p = pi[i * k + e];
        double quad = 0;
        if (cov[e] != null) {
          for (int c = 0; c < d; c++) {
            double xc = b.xy[c * n + i];
            double t = 0;
            for (int r = 0; r < d; r++) {
              t += cov[e][c * d + r] * b.xy[r * n + i];
            }
            quad += xc * t;
          }
        }
        double sq = 0;
        for (int j = 0; j < m; j++) {
          double v = comp[(e * m + j) * n + i];
          mean[j * n + i] += p * v;
          sq += v * v;
        }
        second[i] += p * (noise[e] + quad + sq / m);
      }
    }
    double[] variance = new double[n];
    for (int i = 0; i < n; i++) {
      double sq = 0;
      for (int j = 0; j < m; j++) {
        sq += mean[j * n + i] * mean[j * n + i];
      }
      variance[i] = Math.max(second[i] - sq / m, 0);
    }
    return new MixturePrediction(pi, comp, mean, variance);
  }
}
