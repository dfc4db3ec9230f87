package org.mixturelib.engine;

import java.io.Serializable;

/**
 * What one pass broadcasts: the parameters and how to get the responsibilities from them.
 *
 * @param state the parameters of the current E-step
 * @param random draw responsibilities at random (initialisation) instead of scoring: each row
 *     is kept with probability {@code keep} and then belongs wholly to one expert drawn
 *     uniformly
 * @param sample draw one expert per row from its responsibilities for the experts' statistics
 * @param plugIn score with point estimates (plug-in log-likelihood) instead of expectations
 * @param seed the fit's seed
 * @param stream which draw this is (restart or iteration), mixed into per-row random numbers
 * @param keep probability that a random draw keeps a row (initialisation only)
 * @param gateParams candidate gate parameters for a gradient pass, or null
 */
record Pass(MixtureState state, boolean random, boolean sample, boolean plugIn, long seed,
    long stream, double keep, double[] gateParams) implements Serializable {

  static Pass score(MixtureState state, boolean sample, long seed, long stream) {
    return new Pass(state, false, sample, false, seed, stream, 1, null);
  }

  static Pass plugIn(MixtureState state) {
    return new Pass(state, false, false, true, 0, 0, 1, null);
  }

  static Pass random(MixtureState state, long seed, long stream, double keep) {
    return new Pass(state, true, false, false, seed, stream, keep, null);
  }

  Pass withGateParams(double[] params) {
    return new Pass(state, random, false, plugIn, seed, stream, keep, params);
  }
}
