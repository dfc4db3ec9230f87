package org.mixturelib.engine;

import org.mixturelib.data.Block;

/**
 * What a fitted mixture says about labelled rows, with point estimates plugged in: the
 * responsibilities {@code r_ik = pi_k(x_i) p(y_i | x_i, W_k) / p(y_i | x_i)} and each row's
 * log-likelihood {@code log p(y_i | x_i) = log Σ_k pi_k(x_i) p(y_i | x_i, W_k)}. Computed by the
 * E-step kernel, so it agrees with the fit's own scoring; a per-object gate gives the rows its
 * population weights.
 *
 * @param responsibilities row-major n x K
 * @param logLikelihood per row, unweighted
 */
public record MixturePosterior(double[] responsibilities, double[] logLikelihood) {

  /** Scores a block (its outputs are the labels) with the given parameters. */
  public static MixturePosterior of(MixtureState s, Block b) {
    double[] resp = new double[b.n * s.k()];
    double[] logLik = new double[b.n];
    EStepKernel.responsibilities(Pass.plugIn(s), b, null, resp,
        new KernelScratch().ensure(b.n, s.k()), logLik);
    return new MixturePosterior(resp, logLik);
  }
}
