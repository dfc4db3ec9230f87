package org.mixturelib.bench;

import java.util.SplittableRandom;

/**
 * Issue 12's planted mixture of experts, fixed by a seed: x ~ N(0, I_D); the gate {@code pi(x)
 * = softmax(3 A x)} with A of N(0, 1) entries (K x D); K experts {@code y = w_kᵀ x + 0.5 e}
 * with w_k of 3 N(0, 1) entries and no intercept. Each row is a pure function of (seed, row
 * index), and the true model's log-likelihood and mean of any row are known.
 */
final class SoftGateSpec implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  static final double NOISE_SD = 0.5;

  final int d;
  final int k;
  final long seed;
  final double[][] gate;
  final double[][] weights;

  SoftGateSpec(int d, int k, long seed) {
    this.d = d;
    this.k = k;
    this.seed = seed;
    SplittableRandom r = new SplittableRandom(seed);
    gate = new double[k][d];
    weights = new double[k][d];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < d; j++) {
        gate[e][j] = 3 * r.nextGaussian();
        weights[e][j] = 3 * r.nextGaussian();
      }
    }
  }

  /** The true gate's weights of a row. */
  double[] pi(double[] x) {
    double[] s = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < d; j++) {
        s[e] += gate[e][j] * x[j];
      }
      max = Math.max(max, s[e]);
    }
    double total = 0;
    for (int e = 0; e < k; e++) {
      s[e] = Math.exp(s[e] - max);
      total += s[e];
    }
    for (int e = 0; e < k; e++) {
      s[e] /= total;
    }
    return s;
  }

  double expert(int e, double[] x) {
    double y = 0;
    for (int j = 0; j < d; j++) {
      y += weights[e][j] * x[j];
    }
    return y;
  }

  /** Writes row i's features into x (length D) and returns its answer. */
  double row(long i, double[] x) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    for (int j = 0; j < d; j++) {
      x[j] = r.nextGaussian();
    }
    double[] pi = pi(x);
    double u = r.nextDouble();
    int z = k - 1;
    double c = 0;
    for (int e = 0; e < k; e++) {
      c += pi[e];
      if (u < c) {
        z = e;
        break;
      }
    }
    return expert(z, x) + NOISE_SD * r.nextGaussian();
  }

  /** The true model's log-density of (x, y). */
  double logLik(double[] x, double y) {
    double[] pi = pi(x);
    double v = NOISE_SD * NOISE_SD;
    double s = 0;
    for (int e = 0; e < k; e++) {
      double r = y - expert(e, x);
      s += pi[e] * Math.exp(-r * r / (2 * v));
    }
    return Math.log(s / Math.sqrt(2 * Math.PI * v));
  }

  /** The true model's mean of a row (the oracle's prediction). */
  double mean(double[] x) {
    double[] pi = pi(x);
    double m = 0;
    for (int e = 0; e < k; e++) {
      m += pi[e] * expert(e, x);
    }
    return m;
  }
}
