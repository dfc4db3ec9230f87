package org.mixturelib.inference;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Blas;
import org.mixturelib.localmodels.FactoredScores;

/**
 * Louis' identity ({@link InformationKernel}) for experts whose scores factor through the
 * features ({@link FactoredScores}): expert k's coefficient score is {@code a_k x}, so with
 * {@code alpha_k = r_k a_k} the mean score {@code s̄} is {@code [alpha_1 x, ..., alpha_K x, u]},
 * {@code u} the few other entries (each expert's other parameters {@code r_k b_k}, the gate's
 * {@code Σ_k r_k g_k}). The block of the information between the coefficients of experts k and
 * l is then one weighted second moment of the features:
 *
 * <pre>
 *   Σ_i w (alpha_k alpha_l) x xᵀ                        (k ≠ l)
 *   Σ_i w (r_k c_k - r_k a_k² + alpha_k²) x xᵀ            (k = l)
 * </pre>
 *
 * <p>(curvature, less the component's own score product, plus {@code s̄ s̄ᵀ}): {@code K (K + 1)
 * / 2} moments through the pass's second-moment loop ({@link
 * org.mixturelib.localmodels.PassLoops#addMoments}), against the dense form's products of the
 * full {@code P}-long scores. The coefficients' cross terms with {@code u} are one product
 * {@code Xᵀ F} ({@code dgemm}) of the features with {@code K m} weight columns, and the small
 * {@code m x m} block of {@code u} follows the dense recipe. Nothing per row is {@code P} or
 * {@code D²} long, so wide data costs the moments' arithmetic and no memory beyond a block.
 *
 * <p>The sums are taken in an expanded layout where each expert has its own coefficients and
 * other parameters and the gate's parameters appear once ({@code K p + q}), then added into
 * the family's positions ({@code ExpertScores#parameterIndex}), so that shared parameters
 * collect every expert's share. Features whose coefficient every expert holds at zero
 * ({@link InformationStats#position}: a penalty's zeros) are left out of the moments, which
 * then run over the block's other features ({@code d} of them, gathered); an expert's
 * coefficient held at zero on a feature another expert keeps is summed and not added.
 */
final class FactoredInformation {
  private FactoredInformation() {}

  /** The working arrays of one partition, grown to the largest block seen. */
  static final class Work {
    final int k;
    /** Number of features in the moments. */
    final int d;
    /** The block's columns of those features, or null for all of them. */
    final int[] features;
    final int t;
    final int q;
    final int pairs;
    /** Columns of u: K t other parameters, then q gate parameters. */
    final int m;
    /** Expanded size {@code K (d + t) + q}. */
    final int size;
    /** Accumulated position of each expanded parameter, -1 for one held at zero. */
    final int[] global;
    final double[] xMoments;
    final double[] uMoments;
    final double[] ownMoments;
    final double[] cross;
    final double[] expanded;
    final double[] score;
    double[][] factors = new double[0][];
    double[] pairWeights = new double[0];
    double[] u = new double[0];
    double[] crossWeights = new double[0];
    double[] own = new double[0];
    double[] ownWeight = new double[0];
    /** The features' columns gathered from the block (when {@link #features} is not null). */
    double[] x = new double[0];

    Work(FactoredScores experts, int k, int q, int e0, int[] position) {
      this.k = k;
      int all = experts.numFeatures();
      int[] used = java.util.stream.IntStream.range(0, all).filter(a -> {
        for (int e = 0; e < k; e++) {
          if (position[experts.parameterIndex(e, a)] >= 0) {
            return true;
          }
        }
        return false;
      }).toArray();
      this.features = used.length == all ? null : used;
      this.d = used.length;
      this.t = experts.expertParameters() - all;
      this.q = q;
      this.pairs = k * (k + 1) / 2;
      this.m = k * t + q;
      int p = d + t;
      this.size = k * p + q;
      global = new int[size];
      for (int e = 0; e < k; e++) {
        for (int j = 0; j < p; j++) {
          int local = j < d ? used[j] : all + j - d;
          global[e * p + j] = position[experts.parameterIndex(e, local)];
        }
      }
      for (int g = 0; g < q; g++) {
        global[k * p + g] = position[e0 + g];
      }
      xMoments = new double[pairs * d * d];
      uMoments = new double[m * m];
      ownMoments = new double[(t + q) * (t + q)];
      cross = new double[d * k * m];
      expanded = new double[size * size];
      score = new double[size];
    }

    void ensure(int n) {
      if (pairWeights.length < n * pairs) {
        factors = new double[k][n * FactoredScores.factorColumns(t)];
        pairWeights = new double[n * pairs];
        u = new double[n * m];
        crossWeights = new double[n * k * m];
        own = new double[n * (t + q)];
        ownWeight = new double[n];
        x = new double[features == null ? 0 : n * d];
      }
    }

    /** Block b's columns of the features, column-major n x d. */
    double[] columns(Block b) {
      if (features == null) {
        return b.xy;
      }
      for (int a = 0; a < d; a++) {
        System.arraycopy(b.xy, features[a] * b.n, x, a * b.n, b.n);
      }
      return x;
    }

    /** Expanded position of u's column j. */
    int uPosition(int j) {
      return j < k * t ? (j / t) * (d + t) + d + j % t : k * (d + t) + j - k * t;
    }
  }

  /**
   * Adds block {@code b}'s information, score and nothing else into {@code acc} (the caller
   * has filled the responsibilities {@code s.resp}, their weighted form {@code s.weighted}, the
   * gate's derivatives and the log-likelihood, rows of weight 0 zeroed).
   */
  static void add(FactoredScores experts, Block b, InformationKernel.Scratch s, int q,
      InformationStats acc) {
    int k = s.index.length;
    if (s.factored == null) {
      s.factored = new Work(experts, k, q, experts.numScoreParameters(), acc.position);
    }
    Work work = s.factored;
    int n = b.n;
    work.ensure(n);
    double[] x = work.columns(b);
    int d = work.d;
    int t = work.t;
    int p = d + t;
    int m = work.m;
    int fc = FactoredScores.factorColumns(t);
    double[] r = s.resp;
    double[] w = b.weights;
    double[][] f = work.factors;
    for (int e = 0; e < k; e++) {
      experts.rowFactors(b, e, f[e]);
      for (int i = 0; i < n; i++) {
        if (w[i] == 0) {
          for (int c = 0; c < fc; c++) {
            f[e][c * n + i] = 0;
          }
        }
      }
    }
    double[] gs = s.gScore;
    double[] gc = s.gCurv;
    int qq = q * (q + 1) / 2;

    // the weights of the coefficients' moments, pair (e, l), e <= l, in column pair(e, l)
    double[] pw = work.pairWeights;
    for (int e = 0, col = 0; e < k; e++) {
      double[] fe = f[e];
      int re = e * n;
      for (int l = e; l < k; l++, col++) {
        double[] fl = f[l];
        int rl = l * n;
        int o = col * n;
        if (l == e) {
          for (int i = 0; i < n; i++) {
            double ri = r[re + i];
            double a = fe[i];
            double alpha = ri * a;
            pw[o + i] = w[i] * (ri * fe[n + i] - ri * a * a + alpha * alpha);
          }
        } else {
          for (int i = 0; i < n; i++) {
            pw[o + i] = w[i] * r[re + i] * fe[i] * r[rl + i] * fl[i];
          }
        }
      }
    }
    double[] xm = work.xMoments;
    Arrays.fill(xm, 0.0);
    s.loops.addMoments(x, n, d, pw, work.pairs, xm);

    // u: each expert's other scores times its responsibility, then the gate's mean scores
    double[] u = work.u;
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < t; j++) {
        int o = (e * t + j) * n;
        int from = (2 + j) * n;
        for (int i = 0; i < n; i++) {
          u[o + i] = r[e * n + i] * f[e][from + i];
        }
      }
    }
    for (int g = 0; g < q; g++) {
      int o = (k * t + g) * n;
      for (int i = 0; i < n; i++) {
        double v = 0;
        for (int e = 0, at = i * k * q + g; e < k; e++, at += q) {
          v += r[e * n + i] * gs[at];
        }
        u[o + i] = v;
      }
    }

    // the coefficients' cross terms with u: Xᵀ F, F's column (e, j) = w (alpha_e u_j + own_ej)
    double[] cw = work.crossWeights;
    for (int e = 0; e < k; e++) {
      double[] fe = f[e];
      int re = e * n;
      for (int j = 0; j < m; j++) {
        int o = (e * m + j) * n;
        int uo = j * n;
        for (int i = 0; i < n; i++) {
          cw[o + i] = w[i] * r[re + i] * fe[i] * u[uo + i];
        }
        if (j < k * t && j / t == e) { // expert e's own other parameter: curvature - s sᵀ
          int jj = j % t;
          int bo = (2 + jj) * n;
          int dd = (2 + t + jj) * n;
          for (int i = 0; i < n; i++) {
            cw[o + i] += w[i] * r[re + i] * (fe[dd + i] - fe[i] * fe[bo + i]);
          }
        } else if (j >= k * t) { // the gate: - s sᵀ
          int g = j - k * t;
          for (int i = 0, at = e * q + g; i < n; i++, at += k * q) {
            cw[o + i] -= w[i] * r[re + i] * fe[i] * gs[at];
          }
        }
      }
    }
    double[] cross = work.cross;
    Blas.get().dgemm("T", "N", d, k * m, n, 1.0, x, 0, n, cw, 0, n, 0.0, cross, 0, d);

    // u's block: Σ w u uᵀ, then per expert its curvature less its own score products
    double[] um = work.uMoments;
    Arrays.fill(um, 0.0);
    if (m > 0) {
      s.loops.addMoments(u, n, m, w, 1, um);
    }
    double[] ex = work.expanded;
    Arrays.fill(ex, 0.0);
    int size = work.size;
    for (int c = 0; c < m; c++) {
      int pc = work.uPosition(c);
      for (int a = 0; a <= c; a++) {
        int pa = work.uPosition(a);
        double v = um[c * m + a];
        ex[pc * size + pa] += v;
        if (a != c) {
          ex[pa * size + pc] += v;
        }
      }
    }
    int local = t + q;
    double[] own = work.own;
    double[] ownWeight = work.ownWeight;
    double[] om = work.ownMoments;
    for (int e = 0; e < k; e++) {
      double[] fe = f[e];
      for (int j = 0; j < t; j++) {
        System.arraycopy(fe, (2 + j) * n, own, j * n, n);
      }
      for (int g = 0; g < q; g++) {
        for (int i = 0, at = e * q + g; i < n; i++, at += k * q) {
          own[(t + g) * n + i] = gs[at];
        }
      }
      for (int i = 0; i < n; i++) {
        ownWeight[i] = w[i] * r[e * n + i];
      }
      Arrays.fill(om, 0.0);
      if (local > 0) {
        s.loops.addMoments(own, n, local, ownWeight, 1, om);
      }
      for (int c = 0; c < local; c++) {
        int pc = c < t ? e * p + d + c : k * p + c - t;
        for (int a = 0; a <= c; a++) {
          int pa = a < t ? e * p + d + a : k * p + a - t;
          double v = -om[c * local + a];
          if (c < t) { // both the expert's: + its curvature
            double h = 0;
            int hc = (2 + 2 * t + c * (c + 1) / 2 + a) * n;
            for (int i = 0; i < n; i++) {
              h += ownWeight[i] * fe[hc + i];
            }
            v += h;
          }
          ex[pc * size + pa] += v;
          if (a != c) {
            ex[pa * size + pc] += v;
          }
        }
      }
    }
    if (q > 0) { // + Σ w (gate curvature)
      int g0 = k * p;
      for (int i = 0; i < n; i++) {
        double wi = w[i];
        if (wi != 0) {
          for (int c = 0, o = i * qq; c < q; c++) {
            for (int a = 0; a <= c; a++, o++) {
              double v = wi * gc[o];
              ex[(g0 + c) * size + g0 + a] += v;
              if (a != c) {
                ex[(g0 + a) * size + g0 + c] += v;
              }
            }
          }
        }
      }
    }

    // the coefficients' blocks and cross terms into the expanded matrix
    for (int e = 0, col = 0; e < k; e++) {
      for (int l = e; l < k; l++, col++) {
        int mo = col * d * d;
        for (int c = 0; c < d; c++) {
          for (int a = 0; a <= c; a++) {
            double v = xm[mo + c * d + a];
            put(ex, size, e * p + a, l * p + c, v);
            if (a != c && l != e) { // a block off the diagonal is not symmetric in (a, c)
              put(ex, size, e * p + c, l * p + a, v);
            }
          }
        }
      }
      for (int j = 0; j < m; j++) {
        int pj = work.uPosition(j);
        for (int a = 0; a < d; a++) {
          put(ex, size, e * p + a, pj, cross[(e * m + j) * d + a]);
        }
      }
    }

    // the score Σ w s̄: coefficients Xᵀ (w alpha_e), u's Σ w u
    double[] sc = work.score;
    Arrays.fill(sc, 0.0);
    double[] col = s.column;
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        col[i] = w[i] * r[e * n + i] * f[e][i];
      }
      Blas.get().dgemv("T", n, d, 1.0, x, 0, n, col, 0, 1, 0.0, sc, e * p, 1);
    }
    for (int j = 0; j < m; j++) {
      double v = 0;
      for (int i = 0, o = j * n; i < n; i++) {
        v += w[i] * u[o + i];
      }
      sc[work.uPosition(j)] += v;
    }

    // into the accumulated positions: every ordered pair whose positions are in order
    int[] global = work.global;
    double[] info = acc.information;
    int full = acc.score.length;
    for (int c = 0; c < size; c++) {
      int gcol = global[c];
      if (gcol < 0) {
        continue;
      }
      acc.score[gcol] += sc[c];
      for (int a = 0; a < size; a++) {
        int grow = global[a];
        if (grow >= 0 && grow <= gcol) {
          info[gcol * full + grow] += ex[c * size + a];
        }
      }
    }
  }

  /** Adds v at (a, c) and at (c, a) of the symmetric expanded matrix (once on its diagonal). */
  private static void put(double[] ex, int size, int a, int c, double v) {
    ex[c * size + a] += v;
    if (a != c) {
      ex[a * size + c] += v;
    }
  }
}
