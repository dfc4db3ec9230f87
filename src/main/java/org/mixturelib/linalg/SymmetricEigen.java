package org.mixturelib.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Eigen-decomposition of a small symmetric matrix by LAPACK's {@code dsyev}.
 *
 * @param values eigenvalues in ascending order
 * @param vectors column-major n x n, column i the unit eigenvector of {@code values[i]}
 */
public record SymmetricEigen(double[] values, double[] vectors) {
  /**
   * Decomposes the symmetric matrix {@code a} (n x n, column-major, the upper triangle is read;
   * not modified).
   *
   * @throws ArithmeticException if the matrix holds a non-finite value or dsyev fails
   */
  public static SymmetricEigen of(double[] a, int n) {
    for (double v : a) {
      if (!Double.isFinite(v)) {
        throw new ArithmeticException("eigen-decomposition of a matrix with a non-finite entry");
      }
    }
    double[] v = a.clone();
    double[] w = new double[n];
    double[] query = new double[1];
    intW info = new intW(0);
    LAPACK.getInstance().dsyev("V", "U", n, v, Math.max(1, n), w, query, -1, info);
    int lwork = Math.max(1, (int) query[0]);
    double[] work = new double[lwork];
    LAPACK.getInstance().dsyev("V", "U", n, v, Math.max(1, n), w, work, lwork, info);
    if (info.val != 0) {
      throw new ArithmeticException("dsyev failed with info " + info.val);
    }
    return new SymmetricEigen(w, v);
  }

  /** The eigenvector of the largest eigenvalue (a copy). */
  public double[] top() {
    int n = values.length;
    double[] out = new double[n];
    System.arraycopy(vectors, (n - 1) * n, out, 0, n);
    return out;
  }

  /** The largest eigenvalue. */
  public double topValue() {
    return values[values.length - 1];
  }
}
