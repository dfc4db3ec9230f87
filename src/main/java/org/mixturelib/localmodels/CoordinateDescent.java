package org.mixturelib.localmodels;

/**
 * Coordinate descent for an elastic-net penalised quadratic, glmnet's "covariance updates":
 * minimises
 *
 * <pre>
 *   ½ βᵀ A β - bᵀ β + λ Σ_j f_j (α |β_j| + (1 - α) β_j² / 2)
 * </pre>
 *
 * <p>over β (p entries) given the symmetric p x p matrix A (a weighted Gram matrix, positive
 * semi-definite), b, the penalty factors f (1 for a penalised coordinate, 0 for a free one such
 * as the intercept), λ >= 0 and α in [0, 1]. It keeps the gradient {@code r = b - A β}: a
 * coordinate's update reads one entry of r and, when the coordinate moves, updates r with one
 * column of A, so a sweep costs O(p) plus O(p) per moving coordinate, never a pass over rows.
 * Sweeps run over the active set (nonzero coordinates) until they settle, then one sweep over
 * every coordinate checks that no other enters; the fit stops when no coordinate moves by more
 * than the tolerance ({@code A_jj δ_j² < tol}, glmnet's criterion).
 *
 * <p>Only the columns of A of a <em>screened</em> set of coordinates need be known (glmnet's
 * strong-rule and ever-active sets): the others are held at 0, the gradient is still kept for
 * every coordinate (the known columns give all its rows), and {@link #complete} checks that the
 * whole problem would move none of the held ones (the KKT conditions): the solution is then the
 * whole problem's. {@link #screen} proposes the next screened set.
 *
 * <p>Not thread-safe: one instance per solve (it keeps the gradient between warm starts along a
 * path of λ).
 */
final class CoordinateDescent {
  /** Most sweeps of one solve. */
  static final int MAX_SWEEPS = 100_000;

  private final double[] a;
  private final int p;
  /** The screened coordinates, increasing: column m of {@code a} is coordinate {@code cols[m]}. */
  private final int[] cols;
  private final double[] factors;
  private final double alpha;
  private final double tol;
  private final double[] beta;
  private final double[] r;
  private final boolean[] active;
  private int sweeps;

  /**
   * A solver at β = {@code start} (copied).
   *
   * @param a the screened coordinates' columns of A: p x {@code cols.length}, column-major
   * @param b p
   * @param cols the screened coordinates, increasing; every nonzero of {@code start} among them
   * @param factors p penalty factors (0 or more)
   * @param alpha the mix of the lasso (1) and ridge (0) penalties
   * @param tol the tolerance on {@code A_jj δ_j²}
   */
  CoordinateDescent(double[] a, double[] b, int p, int[] cols, double[] factors, double alpha,
      double tol, double[] start) {
    this.a = a;
    this.p = p;
    this.cols = cols;
    this.factors = factors;
    this.alpha = alpha;
    this.tol = tol;
    this.beta = start.clone();
    this.r = b.clone();
    this.active = new boolean[p];
    for (int m = 0; m < cols.length; m++) {
      int j = cols[m];
      if (beta[j] != 0) {
        active[j] = true;
        int col = m * p;
        for (int i = 0; i < p; i++) {
          r[i] -= a[col + i] * beta[j];
        }
      }
    }
  }

  /**
   * Solves at penalty {@code lambda}, warm-started from the current β.
   *
   * @param lambda λ >= 0, or +Infinity: every penalised coordinate at 0
   * @return the solution (the solver's own array: copy it to keep it)
   */
  double[] solve(double lambda) {
    sweeps = 0;
    while (sweeps < MAX_SWEEPS) {
      if (!sweep(lambda, false)) {
        break;
      }
      while (sweeps < MAX_SWEEPS && sweep(lambda, true)) {
        // the active set until it settles
      }
    }
    return beta;
  }

  /** Whether the last {@link #solve} stopped at {@link #MAX_SWEEPS} rather than converging. */
  boolean exhausted() {
    return sweeps >= MAX_SWEEPS;
  }

  /** The gradient {@code b - A β} at the current β (the solver's own array). */
  double[] gradient() {
    return r;
  }

  /**
   * Whether the last solution at {@code lambda} is the whole problem's: no coordinate outside
   * the screened set would move from 0 (glmnet's KKT check: a penalised one's gradient is at
   * most {@code λ α f_j}, a free one's is 0).
   */
  boolean complete(double lambda) {
    for (int j = 0, m = 0; j < p; j++) {
      if (m < cols.length && cols[m] == j) {
        m++;
      } else if (Math.abs(r[j]) > bound(j, lambda, 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The penalised coordinates worth screening after a solve at {@code lambda}, increasing:
   * those that moved since this solver was made (glmnet's ever-active set) and those whose
   * gradient reaches {@code shrink λ α f_j} (glmnet's strong rule for the next λ when {@code
   * shrink = 2 λ_next / λ - 1}).
   */
  int[] screen(double lambda, double shrink) {
    int[] out = new int[p];
    int count = 0;
    for (int j = 0; j < p; j++) {
      if (factors[j] > 0 && (active[j] || Math.abs(r[j]) > bound(j, lambda, shrink))) {
        out[count++] = j;
      }
    }
    return java.util.Arrays.copyOf(out, count);
  }

  /** The gradient a held coordinate j may have at 0 ({@code shrink λ α f_j}). */
  private double bound(int j, double lambda, double shrink) {
    return factors[j] == 0 ? 0
        : lambda == Double.POSITIVE_INFINITY ? lambda : shrink * lambda * factors[j] * alpha;
  }

  /** One sweep (over the active set only, or every coordinate); whether some coordinate moved. */
  private boolean sweep(double lambda, boolean activeOnly) {
    sweeps++;
    boolean moved = false;
    for (int m = 0; m < cols.length; m++) {
      int j = cols[m];
      if (activeOnly && !active[j]) {
        continue;
      }
      double ajj = a[m * p + j];
      if (!(ajj > 0)) {
        continue; // a coordinate the quadratic does not see: stays where it is
      }
      double old = beta[j];
      double u = r[j] + ajj * old;
      double next;
      if (factors[j] == 0) {
        next = u / ajj;
      } else if (lambda == Double.POSITIVE_INFINITY) {
        next = 0;
      } else {
        double l1 = lambda * factors[j] * alpha;
        next = Math.abs(u) <= l1 ? 0 : (u - Math.copySign(l1, u))
            / (ajj + lambda * factors[j] * (1 - alpha));
      }
      double delta = next - old;
      if (delta == 0) {
        continue;
      }
      beta[j] = next;
      active[j] = true;
      int col = m * p;
      for (int i = 0; i < p; i++) {
        r[i] -= a[col + i] * delta;
      }
      if (ajj * delta * delta > tol) {
        moved = true;
      }
    }
    return moved;
  }
}
