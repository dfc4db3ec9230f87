package org.mixturelib.engine;

/**
 * Working arrays of the E-step kernel, kept by a partition's statistics object (in a
 * {@code transient} field, so never serialised) and reused for every block the partition
 * folds. They grow to the largest block seen and are never shrunk.
 */
final class KernelScratch {
  /** Row-major n x K: log weights plus expected log-likelihoods, then responsibilities. */
  double[] logResp = new double[0];
  /** Row-major n x K: responsibilities (when they are not kept as per-row state). */
  double[] resp = new double[0];
  /** Column-major n x K: case weight times responsibility, the experts' statistics weights. */
  double[] weighted = new double[0];
  /** Column-major n x (K M): every expert's predictions. */
  double[] pred = new double[0];
  /** Column-major n x D: rows times a posterior covariance factor. */
  double[] quad = new double[0];
  /** n doubles for {@code LinearExperts.addStatistics} to zero. */
  double[] zeros = new double[0];
  /** The entropy of the last block's responsibilities. */
  double entropy;
  /** {@code Σ_i w_i log max_k r_ik} of the last block's responsibilities. */
  double mapLogResponsibility;

  /** Makes every array large enough for a block of n rows. */
  KernelScratch ensure(int n, int k, int d, int m) {
    if (logResp.length < n * k) {
      logResp = new double[n * k];
      resp = new double[n * k];
      weighted = new double[n * k];
    }
    if (pred.length < n * k * m) {
      pred = new double[n * k * m];
    }
    if (quad.length < n * d) {
      quad = new double[n * d];
    }
    if (zeros.length < n) {
      zeros = new double[n];
    }
    return this;
  }
}
