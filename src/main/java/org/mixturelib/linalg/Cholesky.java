package org.mixturelib.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import java.io.Serializable;
import org.netlib.util.intW;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cholesky factor {@code L} (lower, column-major) of a symmetric positive definite matrix.
 *
 * <p>The matrix is factorised in its Jacobi-scaled form {@code D^-1/2 A D^-1/2} (unit
 * diagonal), so that the tests below do not depend on the units of the columns. When that form
 * is not numerically positive definite, or has a pivot below {@value #MIN_PIVOT} (a column
 * that the previous ones explain to within that fraction of its variance: constant,
 * duplicated or linearly dependent columns), a ridge is added: a growing multiple of each
 * diagonal entry ({@link #jitter()} is that multiple). Callers decide how to report it; this
 * class logs each case at debug level only. Solves never form an explicit inverse unless the
 * caller asks for it ({@link #inverse()}).
 */
public final class Cholesky implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Cholesky.class);
  /** Smallest accepted pivot of the unit-diagonal form (1 - R² of a column on the previous). */
  public static final double MIN_PIVOT = 1e-12;
  private static final double FIRST_JITTER = 1e-10;

  private final int n;
  private final double[] lower;
  private final double jitter;

  private Cholesky(int n, double[] lower, double jitter) {
    this.n = n;
    this.lower = lower;
    this.jitter = jitter;
  }

  /**
   * Factorises the symmetric matrix {@code a} (n x n, column-major, only the lower triangle is
   * read). The input is not modified.
   *
   * @param what a name for the matrix used in the log line and the error message
   * @throws ArithmeticException if the matrix holds a NaN or an infinite value, or stays
   *     indefinite with a ridge of its own diagonal's size
   */
  public static Cholesky factor(double[] a, int n, String what) {
    for (double v : a) {
      if (!Double.isFinite(v)) {
        throw new ArithmeticException(what + " holds a NaN or an infinite value");
      }
    }
    // a column with a zero (or negative) diagonal gets the mean positive diagonal as its unit
    double meanDiag = 0;
    int positive = 0;
    for (int i = 0; i < n; i++) {
      if (a[i * n + i] > 0) {
        meanDiag += a[i * n + i];
        positive++;
      }
    }
    double fallback = positive > 0 ? Math.sqrt(meanDiag / positive) : 1;
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      double diag = a[i * n + i];
      scale[i] = diag > 0 ? Math.sqrt(diag) : fallback;
    }
    double[] unit = new double[n * n];
    for (int c = 0; c < n; c++) {
      for (int r = c; r < n; r++) {
        unit[c * n + r] = a[c * n + r] / (scale[r] * scale[c]);
      }
    }
    double jitter = 0;
    while (jitter <= 1) {
      double[] l = unit.clone();
      for (int i = 0; i < n; i++) {
        l[i * n + i] += jitter;
      }
      intW info = new intW(0);
      LAPACK.getInstance().dpotrf("L", n, l, Math.max(1, n), info);
      if (info.val == 0 && minPivot(l, n) >= MIN_PIVOT) {
        for (int c = 0; c < n; c++) {
          for (int r = 0; r < n; r++) {
            l[c * n + r] = r < c ? 0 : l[c * n + r] * scale[r];
          }
        }
        if (jitter > 0) {
          LOG.debug("{}: added a ridge of {} times its diagonal", what, jitter);
        }
        return new Cholesky(n, l, jitter);
      }
      jitter = jitter == 0 ? FIRST_JITTER : jitter * 10;
    }
    throw new ArithmeticException(what + " is not positive definite even with a ridge of its"
        + " own diagonal");
  }

  /**
   * The columns of the symmetric positive semi-definite {@code a} (n x n, column-major, lower
   * triangle read) that the columns before them explain to within {@value #MIN_PIVOT} of their
   * own variance (a zero column counts too), found by a Cholesky factorisation of the
   * Jacobi-scaled matrix that skips such columns. For a Gram matrix {@code XᵀX}: the constant,
   * duplicated or linearly dependent columns of X, each named after the ones it depends on.
   */
  public static int[] dependentColumns(double[] a, int n) {
    double[] l = new double[n * n];
    double[] scale = new double[n];
    boolean[] dependent = new boolean[n];
    int count = 0;
    for (int j = 0; j < n; j++) {
      double diag = a[j * n + j];
      scale[j] = diag > 0 ? Math.sqrt(diag) : 0;
    }
    for (int j = 0; j < n; j++) {
      if (scale[j] == 0) {
        dependent[j] = true;
        count++;
        continue;
      }
      double pivot = 1;
      for (int q = 0; q < j; q++) {
        pivot -= l[q * n + j] * l[q * n + j];
      }
      if (!(pivot >= MIN_PIVOT)) {
        dependent[j] = true;
        count++;
        continue;
      }
      double root = Math.sqrt(pivot);
      l[j * n + j] = root;
      for (int r = j + 1; r < n; r++) {
        if (scale[r] == 0) {
          continue;
        }
        double v = a[j * n + r] / (scale[r] * scale[j]);
        for (int q = 0; q < j; q++) {
          v -= l[q * n + r] * l[q * n + j];
        }
        l[j * n + r] = v / root;
      }
    }
    int[] out = new int[count];
    for (int j = 0, at = 0; j < n; j++) {
      if (dependent[j]) {
        out[at++] = j;
      }
    }
    return out;
  }

  private static double minPivot(double[] l, int n) {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double p = l[i * n + i];
      min = Math.min(min, p * p);
    }
    return min;
  }

  /** Dimension of the factorised matrix. */
  public int size() {
    return n;
  }

  /**
   * The ridge added, as a multiple of each diagonal entry (0 when none was needed): the factor
   * is that of {@code A + jitter diag(A)}.
   */
  public double jitter() {
    return jitter;
  }

  /** Lower factor, column-major n x n (a copy). */
  public double[] lower() {
    return lower.clone();
  }

  /** Solves {@code A X = B} for {@code nrhs} right-hand sides (column-major n x nrhs), in place. */
  public void solveInPlace(double[] b, int nrhs) {
    intW info = new intW(0);
    LAPACK.getInstance().dpotrs("L", n, nrhs, lower, Math.max(1, n), b, Math.max(1, n), info);
    if (info.val != 0) {
      throw new ArithmeticException("dpotrs failed with info " + info.val);
    }
  }

  /** Solves {@code A x = b}, returning a new array. */
  public double[] solve(double[] b, int nrhs) {
    double[] x = b.clone();
    solveInPlace(x, nrhs);
    return x;
  }

  /** Explicit inverse (column-major); used only where the inverse itself is the result. */
  public double[] inverse() {
    double[] inv = new double[n * n];
    for (int i = 0; i < n; i++) {
      inv[i * n + i] = 1;
    }
    solveInPlace(inv, n);
    return inv;
  }

  /** {@code log det A}. */
  public double logDet() {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.log(lower[i * n + i]);
    }
    return 2 * s;
  }
}
