package org.mixturelib.localmodels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link PassLoops} on the incubating Vector API ({@code jdk.incubator.vector}), made by
 * {@link PassLoops#create()} only when the JVM resolved that module, and loaded by name, so a
 * JVM without it never links this class.
 *
 * <p>The loops read the block's columns where they are (a vector load takes any offset, which
 * Java 17's auto-vectoriser does not), keep their running sums in registers, one vector per
 * entry and expert, over a tile of rows (the second moments: as many rows as keep the tile's
 * columns and weights within about 256 KB, so that they stay in the core's cache however wide
 * the block), and add the lanes up once per tile; the rows past the last whole vector go
 * through scalar code. Per step of {@code L} rows (the preferred
 * species: 8 doubles with AVX-512, 4 with AVX2):
 *
 * <ul>
 *   <li>second moments: two entries {@code (a, c)} and {@code (a + 1, c)} for four experts at
 *       once, eight fused multiply-adds for seven loads (one entry, or one expert, when fewer
 *       are left);
 *   <li>log-densities: four predictions (expert and output) at once, one load of each feature
 *       column for the four, then their squared residuals.
 * </ul>
 *
 * <p>The results equal {@link ScalarLoops}' to rounding (the order of the additions differs and
 * a fused multiply-add rounds once): about 1e-15 relative.
 */
final class VectorLoops implements PassLoops {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Values (columns and weights) of one tile of rows in the second moments: 256 KB. */
  private static final int TILE_VALUES = 32 * 1024;

  /** Column-major n x K: each expert's sum of squared residuals over its outputs. */
  private double[] squares = new double[0];
  /** Per prediction column (expert, output): {@code -M/2 log(2π σ²)} and {@code 1/(2σ²)}. */
  private double[] logNorm = new double[0];
  private double[] half = new double[0];

  @Override
  public void addMoments(double[] z, int n, int p, double[] w, int k, double[] stats) {
    int nv = S.loopBound(n);
    int stride = p * p;
    // rows by tiles whose columns and weights (about 256 KB) stay in the core's cache
    int tile = Math.max(L, TILE_VALUES / (p + k) / L * L);
    for (int from = 0; from < nv; from += tile) {
      int to = Math.min(nv, from + tile);
      for (int c = 0; c < p; c++) {
        int a = 0;
        for (; a + 1 <= c; a += 2) {
          int e = 0;
          for (; e + 4 <= k; e += 4) {
            pairFour(z, n, from, to, c, a, w, e, stats, stride, p);
          }
          for (; e < k; e++) {
            pairOne(z, n, from, to, c, a, w, e, stats, stride, p);
          }
        }
        if (a == c) {
          int e = 0;
          for (; e + 4 <= k; e += 4) {
            squareFour(z, n, from, to, c, w, e, stats, stride, p);
          }
          for (; e < k; e++) {
            squareOne(z, n, from, to, c, w, e, stats, stride, p);
          }
        }
      }
    }
    for (int i = nv; i < n; i++) {
      for (int c = 0; c < p; c++) {
        double zc = z[c * n + i];
        for (int a = 0; a <= c; a++) {
          double x = zc * z[a * n + i];
          for (int e = 0; e < k; e++) {
            stats[e * stride + c * p + a] += x * w[e * n + i];
          }
        }
      }
    }
  }

  /** Entries (a, c) and (a + 1, c) for experts e .. e + 3. */
  private static void pairFour(double[] z, int n, int from, int to, int c, int a, double[] w, int e,
      double[] stats, int stride, int p) {
    DoubleVector s00 = DoubleVector.zero(S);
    DoubleVector s01 = s00;
    DoubleVector s02 = s00;
    DoubleVector s03 = s00;
    DoubleVector s10 = s00;
    DoubleVector s11 = s00;
    DoubleVector s12 = s00;
    DoubleVector s13 = s00;
    int zc = c * n;
    int z0 = a * n;
    int z1 = z0 + n;
    int w0 = e * n;
    for (int i = from; i < to; i += L) {
      DoubleVector vc = DoubleVector.fromArray(S, z, zc + i);
      DoubleVector x0 = vc.mul(DoubleVector.fromArray(S, z, z0 + i));
      DoubleVector x1 = vc.mul(DoubleVector.fromArray(S, z, z1 + i));
      DoubleVector q = DoubleVector.fromArray(S, w, w0 + i);
      s00 = x0.fma(q, s00);
      s10 = x1.fma(q, s10);
      q = DoubleVector.fromArray(S, w, w0 + n + i);
      s01 = x0.fma(q, s01);
      s11 = x1.fma(q, s11);
      q = DoubleVector.fromArray(S, w, w0 + 2 * n + i);
      s02 = x0.fma(q, s02);
      s12 = x1.fma(q, s12);
      q = DoubleVector.fromArray(S, w, w0 + 3 * n + i);
      s03 = x0.fma(q, s03);
      s13 = x1.fma(q, s13);
    }
    int at = e * stride + c * p + a;
    stats[at] += s00.reduceLanes(VectorOperators.ADD);
    stats[at + 1] += s10.reduceLanes(VectorOperators.ADD);
    stats[at + stride] += s01.reduceLanes(VectorOperators.ADD);
    stats[at + stride + 1] += s11.reduceLanes(VectorOperators.ADD);
    stats[at + 2 * stride] += s02.reduceLanes(VectorOperators.ADD);
    stats[at + 2 * stride + 1] += s12.reduceLanes(VectorOperators.ADD);
    stats[at + 3 * stride] += s03.reduceLanes(VectorOperators.ADD);
    stats[at + 3 * stride + 1] += s13.reduceLanes(VectorOperators.ADD);
  }

  /** Entries (a, c) and (a + 1, c) for expert e. */
  private static void pairOne(double[] z, int n, int from, int to, int c, int a, double[] w, int e,
      double[] stats, int stride, int p) {
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = s0;
    int zc = c * n;
    int z0 = a * n;
    int z1 = z0 + n;
    int w0 = e * n;
    for (int i = from; i < to; i += L) {
      DoubleVector vc = DoubleVector.fromArray(S, z, zc + i);
      DoubleVector q = DoubleVector.fromArray(S, w, w0 + i);
      s0 = vc.mul(DoubleVector.fromArray(S, z, z0 + i)).fma(q, s0);
      s1 = vc.mul(DoubleVector.fromArray(S, z, z1 + i)).fma(q, s1);
    }
    int at = e * stride + c * p + a;
    stats[at] += s0.reduceLanes(VectorOperators.ADD);
    stats[at + 1] += s1.reduceLanes(VectorOperators.ADD);
  }

  /** Entry (c, c) for experts e .. e + 3. */
  private static void squareFour(double[] z, int n, int from, int to, int c, double[] w, int e,
      double[] stats, int stride, int p) {
    DoubleVector s0 = DoubleVector.zero(S);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    int zc = c * n;
    int w0 = e * n;
    for (int i = from; i < to; i += L) {
      DoubleVector vc = DoubleVector.fromArray(S, z, zc + i);
      DoubleVector x = vc.mul(vc);
      s0 = x.fma(DoubleVector.fromArray(S, w, w0 + i), s0);
      s1 = x.fma(DoubleVector.fromArray(S, w, w0 + n + i), s1);
      s2 = x.fma(DoubleVector.fromArray(S, w, w0 + 2 * n + i), s2);
      s3 = x.fma(DoubleVector.fromArray(S, w, w0 + 3 * n + i), s3);
    }
    int at = e * stride + c * p + c;
    stats[at] += s0.reduceLanes(VectorOperators.ADD);
    stats[at + stride] += s1.reduceLanes(VectorOperators.ADD);
    stats[at + 2 * stride] += s2.reduceLanes(VectorOperators.ADD);
    stats[at + 3 * stride] += s3.reduceLanes(VectorOperators.ADD);
  }

  /** Entry (c, c) for expert e. */
  private static void squareOne(double[] z, int n, int from, int to, int c, double[] w, int e,
      double[] stats, int stride, int p) {
    DoubleVector s = DoubleVector.zero(S);
    int zc = c * n;
    int w0 = e * n;
    for (int i = from; i < to; i += L) {
      DoubleVector vc = DoubleVector.fromArray(S, z, zc + i);
      s = vc.mul(vc).fma(DoubleVector.fromArray(S, w, w0 + i), s);
    }
    stats[e * stride + c * p + c] += s.reduceLanes(VectorOperators.ADD);
  }

  @Override
  public void addLogDensities(double[] xy, int n, int d, int m, double[] means,
      double[] variances, int k, double[] out) {
    if (squares.length < n * k) {
      squares = new double[n * k];
    }
    if (logNorm.length < k) {
      logNorm = new double[k];
      half = new double[k];
    }
    for (int e = 0; e < k; e++) {
      logNorm[e] = -0.5 * m * Math.log(2 * Math.PI * variances[e]);
      half[e] = 0.5 / variances[e];
    }
    java.util.Arrays.fill(squares, 0, n * k, 0.0);
    int columns = k * m;
    int q = 0;
    for (; q + 4 <= columns; q += 4) {
      residualsFour(xy, n, d, m, means, q);
    }
    for (; q < columns; q++) {
      residualsOne(xy, n, d, m, means, q);
    }
    for (int e = 0; e < k; e++) {
      double ln = logNorm[e];
      double h = half[e];
      for (int i = 0, o = e, s = e * n; i < n; i++, o += k, s++) {
        out[o] += ln - h * squares[s];
      }
    }
  }

  /** Adds the squared residuals of prediction columns q .. q + 3 into {@link #squares}. */
  private void residualsFour(double[] xy, int n, int d, int m, double[] means, int q) {
    int nv = S.loopBound(n);
    int m0 = q * d;
    int m1 = m0 + d;
    int m2 = m1 + d;
    int m3 = m2 + d;
    int y0 = (d + q % m) * n;
    int y1 = (d + (q + 1) % m) * n;
    int y2 = (d + (q + 2) % m) * n;
    int y3 = (d + (q + 3) % m) * n;
    int o0 = q / m * n;
    int o1 = (q + 1) / m * n;
    int o2 = (q + 2) / m * n;
    int o3 = (q + 3) / m * n;
    double[] sq = squares;
    for (int i = 0; i < nv; i += L) {
      DoubleVector p0 = DoubleVector.zero(S);
      DoubleVector p1 = p0;
      DoubleVector p2 = p0;
      DoubleVector p3 = p0;
      for (int c = 0, at = i; c < d; c++, at += n) {
        DoubleVector x = DoubleVector.fromArray(S, xy, at);
        p0 = x.fma(DoubleVector.broadcast(S, means[m0 + c]), p0);
        p1 = x.fma(DoubleVector.broadcast(S, means[m1 + c]), p1);
        p2 = x.fma(DoubleVector.broadcast(S, means[m2 + c]), p2);
        p3 = x.fma(DoubleVector.broadcast(S, means[m3 + c]), p3);
      }
      addSquare(DoubleVector.fromArray(S, xy, y0 + i).sub(p0), sq, o0 + i);
      addSquare(DoubleVector.fromArray(S, xy, y1 + i).sub(p1), sq, o1 + i);
      addSquare(DoubleVector.fromArray(S, xy, y2 + i).sub(p2), sq, o2 + i);
      addSquare(DoubleVector.fromArray(S, xy, y3 + i).sub(p3), sq, o3 + i);
    }
    for (int t = 0; t < 4; t++) {
      residualsTail(xy, n, nv, d, m, means, q + t);
    }
  }

  /** Adds the squared residuals of prediction column q into {@link #squares}. */
  private void residualsOne(double[] xy, int n, int d, int m, double[] means, int q) {
    int nv = S.loopBound(n);
    int m0 = q * d;
    int y0 = (d + q % m) * n;
    int o0 = q / m * n;
    for (int i = 0; i < nv; i += L) {
      DoubleVector p0 = DoubleVector.zero(S);
      for (int c = 0, at = i; c < d; c++, at += n) {
        p0 = DoubleVector.fromArray(S, xy, at).fma(DoubleVector.broadcast(S, means[m0 + c]),
            p0);
      }
      addSquare(DoubleVector.fromArray(S, xy, y0 + i).sub(p0), squares, o0 + i);
    }
    residualsTail(xy, n, nv, d, m, means, q);
  }

  private static void addSquare(DoubleVector r, double[] sq, int at) {
    r.fma(r, DoubleVector.fromArray(S, sq, at)).intoArray(sq, at);
  }

  /** The rows past the last whole vector, for prediction column q. */
  private void residualsTail(double[] xy, int n, int nv, int d, int m, double[] means, int q) {
    int m0 = q * d;
    int y0 = (d + q % m) * n;
    int o0 = q / m * n;
    for (int i = nv; i < n; i++) {
      double pred = 0;
      for (int c = 0; c < d; c++) {
        pred += xy[c * n + i] * means[m0 + c];
      }
      double r = xy[y0 + i] - pred;
      squares[o0 + i] += r * r;
    }
  }

  /**
   * The Vector API's {@code EXP}, which the JIT compiles to the platform's vector maths (the
   * operator a constant in each loop, as its intrinsics need).
   */
  @Override
  public void exp(double[] x, int from, int n, double[] out) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      DoubleVector.fromArray(S, x, from + i).lanewise(VectorOperators.EXP)
          .intoArray(out, from + i);
    }
    for (; i < n; i++) {
      out[from + i] = Math.exp(x[from + i]);
    }
  }

  /** The Vector API's {@code LOG}, likewise. */
  @Override
  public void log(double[] x, int from, int n, double[] out) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += S.length()) {
      DoubleVector.fromArray(S, x, from + i).lanewise(VectorOperators.LOG)
          .intoArray(out, from + i);
    }
    for (; i < n; i++) {
      out[from + i] = Math.log(x[from + i]);
    }
  }

  @Override
  public void addProducts(double[] z, int n, int p, double[] r, int k, double[] out) {
    int bound = S.loopBound(n);
    for (int j = 0; j < p; j++) {
      int zj = j * n;
      for (int e = 0; e < k; e++) {
        int re = e * n;
        DoubleVector acc = DoubleVector.zero(S);
        int i = 0;
        for (; i < bound; i += S.length()) {
          acc = DoubleVector.fromArray(S, z, zj + i).fma(DoubleVector.fromArray(S, r, re + i),
              acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
          s += z[zj + i] * r[re + i];
        }
        out[e * p + j] += s;
      }
    }
  }
}
