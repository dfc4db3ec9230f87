package org.mixturelib.localmodels;

import org.mixturelib.linalg.VectorSupport;

/**
 * The Gaussian pass's two hot loops over a column-major block: the weighted second moments
 * (the experts' statistics, also the GLM experts' normal equations) and the Gaussian experts'
 * log-densities. Two implementations with the same results to rounding: {@code ScalarLoops}
 * (strips of rows that Java 17's JIT vectorises itself) and {@code VectorLoops} (the incubating
 * Vector API), chosen by {@link VectorSupport} when a partition's kernel is made. The vector
 * class is loaded only when that module is present, so a JVM without it never links it.
 *
 * <p>An instance keeps working arrays between blocks and is not thread-safe: one per
 * partition's kernel.
 */
public interface PassLoops {
  /**
   * Adds {@code Σ_i w_ik z_i z_iᵀ} (upper triangle, column-major) into {@code stats[k p² ...]}
   * for every k.
   *
   * @param z column-major n x (at least p) data; its first p columns are used
   * @param w column-major n x K weights, column k at {@code k n}
   */
  void addMoments(double[] z, int n, int p, double[] w, int k, double[] stats);

  /**
   * Adds every Gaussian linear expert's log-density of every row, {@code -M/2 log(2π σ²_e) -
   * ||y_i - W_eᵀ x_i||² / (2 σ²_e)}, into {@code out[i K + e]} (row-major n x K).
   *
   * @param xy column-major n x (d + m) block, X then Y
   * @param means column-major d x (K m) coefficients, expert e's output j in column {@code e m
   *     + j}
   * @param variances the K noise variances
   */
  void addLogDensities(double[] xy, int n, int d, int m, double[] means, double[] variances,
      int k, double[] out);

  /**
   * Adds {@code Σ_i z_ij r_ie} into {@code out[e p + j]} for the first p columns of z and the K
   * columns of r ({@code Zᵀ R}, column-major p x K): the GLM experts' right-hand sides.
   *
   * @param z column-major n x (at least p) data
   * @param r column-major n x K
   */
  void addProducts(double[] z, int n, int p, double[] r, int k, double[] out);

  /**
   * {@code out[i] = exp(x[i])} for i in {@code from .. from + n - 1} (out may be x): the GLM
   * families' fused loops ({@link GlmColumns}) take their exponentials a column at a time. Within
   * an ulp or two of {@link Math#exp}.
   */
  void exp(double[] x, int from, int n, double[] out);

  /** {@code out[i] = log(x[i])} likewise, within an ulp or two of {@link Math#log}. */
  void log(double[] x, int from, int n, double[] out);

  /** New loops of the kind chosen now ({@link VectorSupport#loops}). */
  static PassLoops create() {
    return VectorSupport.loops(PassLoops.class, "org.mixturelib.localmodels.VectorLoops",
        ScalarLoops::new);
  }
}
