package org.mixturelib.engine;

import java.io.Serializable;
import org.mixturelib.data.Block;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.Mergeable;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.linalg.SymmetricEigen;
import org.mixturelib.hypermodels.ResizableGate;
import org.mixturelib.localmodels.SplittableExperts;

/**
 * Splitting one expert into two along the direction in which the log-likelihood rises fastest:
 * how the engine leaves a saddle and re-seeds a degenerate component.
 *
 * <p>Take one expert {@code (W, sigma2)} holding responsibilities {@code tau_i} and split it
 * into {@code W_a = W + (1 - rho) d} and {@code W_b = W - rho d}, with shares {@code rho} and
 * {@code 1 - rho} of its weight. To second order the log-likelihood changes by {@code rho (1 -
 * rho) dᵀ H d / 2}, where {@code H = Σ_i w_i tau_i (g_i g_iᵀ + ∇² log f_i)} and g and ∇² are the
 * gradient and Hessian of the expert's log-density in {@code (vec W, log sigma2)} (log sigma2
 * only with per-component noise): the first-order terms cancel, and H is positive in some
 * direction exactly when one line (and noise) fits these rows worse than two would. One pass
 * aggregates H; the split direction is the top eigenvector of H relative to the expert's Fisher
 * information per unit weight, scaled to one unit of that metric (predictions that differ by
 * about one noise standard deviation), and that eigenvalue measures the gain.
 *
 * <ul>
 *   <li>Saddle: EM stopped with two experts a, b nearly identical (predictions that differ on the
 *       data by less than a tenth of a noise standard deviation, root mean square, and noise
 *       variances within 10%); they are merged (weighted by their total responsibilities) and
 *       split again along that direction, the gate unchanged.
 *   <li>Re-seed: a component's share fell below {@code minPrior}; the expert with the largest
 *       positive gain is split, the degenerate component taking one half (experts and gate
 *       weight). When no expert gains, there is none.
 * </ul>
 *
 * <p>Applies to {@link SplittableExperts} without priors and gates without per-row state.
 */
final class ComponentSplits {
  /** Root mean square prediction difference, in noise standard deviations, of a near pair. */
  private static final double CLOSE = 0.1;
  /** Largest |log(sigma2_a / sigma2_b)| of a near pair. */
  private static final double CLOSE_NOISE = 0.1;

  private ComponentSplits() {}

  /**
   * The state with the closest pair of nearly identical experts split, or null when there is
   * no such pair.
   *
   * @param state the converged parameters (not modified)
   * @param last the statistics of the last E-step at {@code state}
   */
  static MixtureState splitNearIdentical(DataSource data, MixtureState state, EStepStats last) {
    SplittableExperts e = splittable(state);
    if (e == null) {
      return null;
    }
    int k = state.k();
    int d = e.numFeatures();
    int m = e.numOutputs();
    double[] sxx = e.pooledSecondMoment(last.experts);
    double[] noise = e.dispersions();
    int bestA = -1;
    int bestB = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        double dist = predictionDistance(e.coefficients(a), e.coefficients(b), sxx, d, m)
            / (last.weight * m * Math.sqrt(noise[a] * noise[b]));
        boolean close = dist <= CLOSE * CLOSE
            && Math.abs(Math.log(noise[a] / noise[b])) <= CLOSE_NOISE;
        if (close && dist < bestDistance) {
          bestDistance = dist;
          bestA = a;
          bestB = b;
        }
      }
    }
    if (bestA < 0) {
      return null;
    }
    double rho = last.counts[bestA] / (last.counts[bestA] + last.counts[bestB]);
    double[] merged = new double[d * m];
    double[] wa = e.coefficients(bestA);
    double[] wb = e.coefficients(bestB);
    for (int i = 0; i < merged.length; i++) {
      merged[i] = rho * wa[i] + (1 - rho) * wb[i];
    }
    double var = rho * noise[bestA] + (1 - rho) * noise[bestB];
    Candidates c = new Candidates(state, new int[][] {{bestA, bestB}}, new double[][] {merged},
        new double[] {var}, e.perExpertNoise());
    Direction dir = aggregate(data, c)[0];
    SplittableExperts split = e.copy();
    apply(split, bestA, bestB, merged, var, rho, dir.step(), c.splitNoise());
    return new MixtureState(split, state.gate().copy());
  }

  /**
   * The state with {@code starved} re-seeded by splitting the expert whose split gains most, or
   * null when no expert gains (or the model does not allow it).
   */
  static MixtureState reseed(DataSource data, MixtureState state, EStepStats last,
      int starved) {
    SplittableExperts e = splittable(state);
    ResizableGate gate = state.abilities().resizableGate().orElse(null);
    if (e == null || gate == null) {
      return null;
    }
    int k = state.k();
    double[] noise = e.dispersions();
    int[][] members = new int[k][];
    double[][] coef = new double[k][];
    for (int c = 0; c < k; c++) {
      members[c] = new int[] {c};
      coef[c] = e.coefficients(c);
    }
    Candidates cand = new Candidates(state, members, coef, noise, e.perExpertNoise());
    Direction[] dirs = aggregate(data, cand);
    int best = -1;
    for (int c = 0; c < k; c++) {
      if (c != starved && dirs[c].gain() > 0
          && (best < 0 || dirs[c].gain() > dirs[best].gain())) {
        best = c;
      }
    }
    if (best < 0) {
      return null;
    }
    SplittableExperts split = e.copy();
    apply(split, best, starved, coef[best], noise[best], 0.5, dirs[best].step(),
        cand.splitNoise());
    return new MixtureState(split, gate.splitWeight(best, starved));
  }

  /** The state's experts when the splits apply to them, else null. */
  private static SplittableExperts splittable(MixtureState state) {
    Abilities can = state.abilities();
    SplittableExperts e = can.splittableExperts().orElse(null);
    if (state.k() < 2 || can.rowStateGate().isPresent() || e == null) {
      return null;
    }
    boolean priors = can.bayesianExperts().map(b -> java.util.stream.IntStream
        .range(0, state.k()).anyMatch(b::hasPrior)).orElse(false);
    return priors ? null : e;
  }

  /** Sets experts a and b to the two halves of the split of {@code (w, var)} along step. */
  private static void apply(SplittableExperts e, int a, int b, double[] w, double var, double rho,
      double[] step, boolean splitNoise) {
    int dm = w.length;
    double[] wa = new double[dm];
    double[] wb = new double[dm];
    for (int i = 0; i < dm; i++) {
      wa[i] = w[i] + (1 - rho) * step[i];
      wb[i] = w[i] - rho * step[i];
    }
    e.setCoefficients(a, wa);
    e.setCoefficients(b, wb);
    if (splitNoise) {
      e.setNoiseVariance(a, var * Math.exp((1 - rho) * step[dm]));
      e.setNoiseVariance(b, var * Math.exp(-rho * step[dm]));
    }
  }

  /** A split direction and its gain (top eigenvalue of H relative to the information). */
  private record Direction(double gain, double[] step) {}

  /** The experts to split: members whose responsibilities add up, and their merged expert. */
  private record Candidates(MixtureState state, int[][] members, double[][] w, double[] var,
      boolean splitNoise) implements Serializable {}

  private static Direction[] aggregate(DataSource data, Candidates cand) {
    int d = cand.state().experts().numFeatures();
    int m = cand.state().experts().numOutputs();
    int q = d * m + (cand.splitNoise() ? 1 : 0);
    int count = cand.members().length;
    Curvature c = data.aggregate(cand, () -> new Curvature(count, q, d),
        ComponentSplits::add);
    Direction[] out = new Direction[count];
    for (int j = 0; j < count; j++) {
      out[j] = direction(c, j, cand.var()[j], d, m, cand.splitNoise());
    }
    return out;
  }

  private static Direction direction(Curvature c, int j, double var, int d, int m,
      boolean splitNoise) {
    int q = c.q;
    double t = c.t[j];
    if (!(t > 0)) {
      return new Direction(Double.NEGATIVE_INFINITY, new double[q]);
    }
    // Fisher information per unit weight: (I ⊗ S / T) / var for W, M / 2 for log var
    double[] info = new double[q * q];
    for (int o = 0; o < m; o++) {
      for (int r = 0; r < d; r++) {
        for (int s = 0; s < d; s++) {
          info[(o * d + s) * q + o * d + r] = c.s[j * d * d + s * d + r] / (t * var);
        }
      }
    }
    if (splitNoise) {
      info[q * q - 1] = m / 2.0;
    }
    double[] h = new double[q * q];
    for (int i = 0; i < h.length; i++) {
      h[i] = c.h[j * q * q + i] / t;
    }
    double[] l = Cholesky.factor(info, q, "information of the expert to split").lower();
    // C = L⁻¹ H L⁻ᵀ: solve L X = H, then L Cᵀ = Xᵀ
    double[] cm = solveLower(l, transpose(solveLower(l, h, q), q), q);
    SymmetricEigen eig = SymmetricEigen.of(symmetrize(cm, q), q);
    return new Direction(eig.topValue(), solveUpperTransposed(l, eig.top(), q));
  }

  /** {@code Σ_j (W_a - W_b)_jᵀ Sxx (W_a - W_b)_j}. */
  private static double predictionDistance(double[] wa, double[] wb, double[] sxx, int d,
      int m) {
    double total = 0;
    for (int j = 0; j < m; j++) {
      for (int r = 0; r < d; r++) {
        double dr = wa[j * d + r] - wb[j * d + r];
        for (int c = 0; c < d; c++) {
          total += dr * sxx[c * d + r] * (wa[j * d + c] - wb[j * d + c]);
        }
      }
    }
    return total;
  }

  private static void add(Candidates p, Block b, Curvature acc) {
    int n = b.n;
    int k = p.state().k();
    int d = b.d;
    int m = b.m;
    int dm = d * m;
    int q = acc.q;
    KernelScratch scratch = new KernelScratch().ensure(n, k);
    double[] resp = scratch.resp;
    EStepKernel.responsibilities(Pass.score(p.state(), false, 0, 0), b, null, resp, scratch,
        null);
    double[] g = new double[q];
    double[] e = new double[m];
    for (int j = 0; j < p.members().length; j++) {
      double[] w = p.w()[j];
      double var = p.var()[j];
      int hOff = j * q * q;
      int sOff = j * d * d;
      for (int i = 0; i < n; i++) {
        double tau = 0;
        for (int c : p.members()[j]) {
          tau += resp[i * k + c];
        }
        tau *= b.weights[i];
        if (tau == 0) {
          continue;
        }
        double sq = 0;
        for (int o = 0; o < m; o++) {
          double pred = 0;
          for (int r = 0; r < d; r++) {
            pred += b.xy[r * n + i] * w[o * d + r];
          }
          e[o] = b.xy[(d + o) * n + i] - pred;
          sq += e[o] * e[o];
        }
        for (int o = 0; o < m; o++) {
          for (int r = 0; r < d; r++) {
            g[o * d + r] = e[o] * b.xy[r * n + i] / var;
          }
        }
        if (p.splitNoise()) {
          g[dm] = 0.5 * (sq / var - m);
        }
        for (int c = 0; c < q; c++) {
          for (int r = 0; r < q; r++) {
            acc.h[hOff + c * q + r] += tau * g[r] * g[c];
          }
        }
        for (int r = 0; r < d; r++) {
          for (int s = 0; s < d; s++) {
            double xx = b.xy[r * n + i] * b.xy[s * n + i];
            acc.s[sOff + s * d + r] += tau * xx;
            for (int o = 0; o < m; o++) {
              acc.h[hOff + (o * d + s) * q + o * d + r] -= tau * xx / var;
            }
          }
        }
        if (p.splitNoise()) {
          for (int t = 0; t < dm; t++) {
            acc.h[hOff + dm * q + t] -= tau * g[t];
            acc.h[hOff + t * q + dm] -= tau * g[t];
          }
          acc.h[hOff + dm * q + dm] -= tau * 0.5 * sq / var;
        }
        acc.t[j] += tau;
      }
    }
  }

  private static double[] solveLower(double[] l, double[] rhs, int q) {
    double[] x = rhs.clone();
    for (int col = 0; col < q; col++) {
      for (int r = 0; r < q; r++) {
        double v = x[col * q + r];
        for (int t = 0; t < r; t++) {
          v -= l[t * q + r] * x[col * q + t];
        }
        x[col * q + r] = v / l[r * q + r];
      }
    }
    return x;
  }

  private static double[] solveUpperTransposed(double[] l, double[] u, int q) {
    double[] x = u.clone();
    for (int r = q - 1; r >= 0; r--) {
      double v = x[r];
      for (int t = r + 1; t < q; t++) {
        v -= l[r * q + t] * x[t];
      }
      x[r] = v / l[r * q + r];
    }
    return x;
  }

  private static double[] transpose(double[] a, int q) {
    double[] t = new double[q * q];
    for (int c = 0; c < q; c++) {
      for (int r = 0; r < q; r++) {
        t[r * q + c] = a[c * q + r];
      }
    }
    return t;
  }

  private static double[] symmetrize(double[] a, int q) {
    double[] s = new double[q * q];
    for (int c = 0; c < q; c++) {
      for (int r = 0; r < q; r++) {
        s[c * q + r] = 0.5 * (a[c * q + r] + a[r * q + c]);
      }
    }
    return s;
  }

  /** Per candidate: the split curvature H, {@code Σ tau x xᵀ} and {@code Σ tau}. */
  private static final class Curvature implements Mergeable<Curvature> {
    private static final long serialVersionUID = 1L;
    final int q;
    final double[] h;
    final double[] s;
    final double[] t;

    Curvature(int count, int q, int d) {
      this.q = q;
      this.h = new double[count * q * q];
      this.s = new double[count * d * d];
      this.t = new double[count];
    }

    @Override
    public Curvature merge(Curvature o) {
      Mergeable.addInto(h, o.h);
      Mergeable.addInto(s, o.s);
      Mergeable.addInto(t, o.t);
      return this;
    }
  }
}
