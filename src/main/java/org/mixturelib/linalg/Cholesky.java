package org.mixturelib.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.netlib.util.intW;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cholesky factor {@code L} (lower, column-major) of a symmetric positive definite matrix.
 *
 * <p>When the matrix is not numerically positive definite, a growing multiple of the mean
 * diagonal is added (jitter) until the factorisation succeeds; the first such event is logged
 * once per JVM with the name of the matrix. Solves never form an explicit inverse unless the
 * caller asks for it ({@link #inverse()}).
 */
public final class Cholesky implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Cholesky.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

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
   * @throws ArithmeticException if the matrix holds a NaN or stays indefinite after jitter
   */
  public static Cholesky factor(double[] a, int n, String what) {
    double meanDiag = 0;
    for (int i = 0; i < n; i++) {
      meanDiag += Math.abs(a[i * n + i]);
    }
    meanDiag = n == 0 ? 1 : Math.max(meanDiag / n, Double.MIN_NORMAL);
    for (double j : a) {
      if (!Double.isFinite(j)) {
        throw new ArithmeticException(what + " holds a NaN or an infinite value");
      }
    }
    double jitter = 0;
    for (int attempt = 0; attempt < 12; attempt++) {
      double[] l = a.clone();
      for (int i = 0; i < n; i++) {
        l[i * n + i] += jitter;
      }
      intW info = new intW(0);
      LAPACK.getInstance().dpotrf("L", n, l, Math.max(1, n), info);
      if (info.val == 0) {
        for (int c = 1; c < n; c++) {
          for (int r = 0; r < c; r++) {
            l[c * n + r] = 0;
          }
        }
        if (jitter > 0 && WARNED.compareAndSet(false, true)) {
          LOG.warn("{} was not positive definite; added jitter {} to its diagonal"
              + " (logged once; collinear or constant columns are the usual cause)", what, jitter);
        }
        return new Cholesky(n, l, jitter);
      }
      jitter = jitter == 0 ? 1e-10 * meanDiag : jitter * 10;
    }
    throw new ArithmeticException(what + " is not positive definite even with jitter " + jitter);
  }

  /** Dimension of the factorised matrix. */
  public int size() {
    return n;
  }

  /** The jitter added to the diagonal (0 when none was needed). */
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
