package org.mixturelib.bench;

import java.util.SplittableRandom;

/**
 * The benchmark's planted model, fixed by a seed: x ~ N(0, I_D); K Gaussian linear experts
 * with intercept and weights N(0, 2²) and noise standard deviations uniform in [0.5, 1.5];
 * mixing weights proportional to K, K-1, ..., 1 (0.4/0.3/0.2/0.1 for K = 4), or, for the
 * mixture of experts, the expert of a row chosen by the largest of K random linear scores of x.
 * Each row is a pure function of (seed, row index), so that Spark partitions, the CSV for R
 * and every rerun hold the same data. The Poisson variant ({@link #poisson}) has Poisson
 * experts with log link instead: intercepts 1 + N(0, 0.5²), weights N(0, 0.3²), counts drawn
 * by inversion.
 */
final class PlantedSpec implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  final int d;
  final int k;
  final long seed;
  final boolean gated;
  /** Poisson experts (log link) instead of Gaussian ones. */
  final boolean counts;
  /** Per expert: intercept then D weights. */
  final double[][] weights;
  final double[] noiseSd;
  final double[] cumulative;
  final double[][] gateScores;

  PlantedSpec(int d, int k, long seed, boolean gated) {
    this(d, k, seed, gated, false);
  }

  /** The planted mixture of K Poisson regressions (constant mixing weights). */
  static PlantedSpec poisson(int d, int k, long seed) {
    return new PlantedSpec(d, k, seed, false, true);
  }

  private PlantedSpec(int d, int k, long seed, boolean gated, boolean counts) {
    this.d = d;
    this.k = k;
    this.seed = seed;
    this.gated = gated;
    this.counts = counts;
    SplittableRandom r = new SplittableRandom(seed);
    weights = new double[k][d + 1];
    noiseSd = new double[k];
    gateScores = new double[k][d];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j <= d; j++) {
        weights[e][j] = counts ? (j == 0 ? 1 + 0.5 * r.nextGaussian() : 0.3 * r.nextGaussian())
            : 2 * r.nextGaussian();
      }
      noiseSd[e] = 0.5 + r.nextDouble();
      for (int j = 0; j < d; j++) {
        gateScores[e][j] = r.nextGaussian();
      }
    }
    cumulative = new double[k];
    double total = k * (k + 1) / 2.0;
    double c = 0;
    for (int e = 0; e < k; e++) {
      c += (k - e) / total;
      cumulative[e] = c;
    }
  }

  /** Writes row i's features into x (length D) and returns its answer. */
  double row(long i, double[] x) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    for (int j = 0; j < d; j++) {
      x[j] = r.nextGaussian();
    }
    int z = k - 1;
    if (gated) {
      double best = Double.NEGATIVE_INFINITY;
      for (int e = 0; e < k; e++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += gateScores[e][j] * x[j];
        }
        if (s > best) {
          best = s;
          z = e;
        }
      }
    } else {
      double u = r.nextDouble();
      for (int e = 0; e < k; e++) {
        if (u < cumulative[e]) {
          z = e;
          break;
        }
      }
    }
    double y = weights[z][0];
    for (int j = 0; j < d; j++) {
      y += weights[z][j + 1] * x[j];
    }
    if (counts) {
      // inversion: the smallest c with P(Y <= c) >= u
      double mean = Math.exp(y);
      double u = r.nextDouble();
      double p = Math.exp(-mean);
      double cdf = p;
      int c = 0;
      while (cdf < u && c < 100_000) {
        c++;
        p *= mean / c;
        cdf += p;
      }
      return c;
    }
    return y + noiseSd[z] * r.nextGaussian();
  }
}
