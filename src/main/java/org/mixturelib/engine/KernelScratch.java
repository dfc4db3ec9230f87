package org.mixturelib.engine;

import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertKernel;

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
  /** The experts' own working arrays, for {@link #expertsOf}. */
  private ExpertKernel experts;
  private ExpertFamily expertsOf;
  /** The entropy of the last block's responsibilities. */
  double entropy;
  /** {@code Σ_i w_i log max_k r_ik} of the last block's responsibilities. */
  double mapLogResponsibility;

  /** Makes every array large enough for a block of n rows and K components. */
  KernelScratch ensure(int n, int k) {
    if (logResp.length < n * k) {
      logResp = new double[n * k];
      resp = new double[n * k];
      weighted = new double[n * k];
    }
    return this;
  }

  /** The kernel of {@code family} (made on first use, again when the family changes). */
  ExpertKernel experts(ExpertFamily family) {
    if (expertsOf != family) {
      experts = family.newKernel();
      expertsOf = family;
    }
    return experts;
  }
}
