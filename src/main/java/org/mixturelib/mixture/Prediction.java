package org.mixturelib.mixture;

/**
 * What {@link MixtureEM#predict} returns, as 0.4 did: the answers and the mixing weights.
 *
 * @param answers N x M mixture predictions {@code Σ_k pi_k(x) g_k(x)}
 * @param pi N x K mixing weights
 */
public record Prediction(double[][] answers, double[][] pi) {}
