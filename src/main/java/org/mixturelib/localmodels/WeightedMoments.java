package org.mixturelib.localmodels;

/**
 * Weighted second moments of the first p columns of a column-major block, for K weight columns
 * at once: {@code Σ_i w_ik z_i z_iᵀ} (upper triangle) per k, through this JVM's {@link
 * PassLoops} (the Vector API when present, the scalar strips otherwise), and the products {@code
 * Zᵀ R} of their right-hand sides. The handle the GLM experts' IRLS normal equations use; the Gaussian experts hold their {@link PassLoops}
 * directly.
 *
 * <p>An instance keeps the loops' working arrays and is not thread-safe: one per partition's
 * kernel.
 */
final class WeightedMoments {
  private final PassLoops loops = PassLoops.create();

  /**
   * Adds {@code Σ_i w_ik z_i z_iᵀ} into {@code stats[k p² ...]} (upper triangle, column-major).
   *
   * @param z column-major n x (at least p) data; its first p columns are used
   * @param w column-major n x K weights, column k at {@code k n}
   */
  void add(double[] z, int n, int p, double[] w, int k, double[] stats) {
    loops.addMoments(z, n, p, w, k, stats);
  }

  /** Adds {@code Zᵀ R} (p x K) into out: {@link PassLoops#addProducts}. */
  void addProducts(double[] z, int n, int p, double[] r, int k, double[] out) {
    loops.addProducts(z, n, p, r, k, out);
  }
}
