package org.mixturelib.engine;

import java.io.Serializable;
import org.mixturelib.engine.init.StartRule;

/**
 * What one pass broadcasts: the parameters and how to get the responsibilities from them.
 *
 * @param state the parameters of the current E-step
 * @param start the rule giving the responsibilities of a start instead of scoring, or null
 * @param sample draw one expert per row from its responsibilities for the experts' statistics
 * @param plugIn score with point estimates (plug-in log-likelihood) instead of expectations
 * @param seed the fit's seed
 * @param stream which draw this is (restart or iteration), mixed into per-row random numbers
 * @param gateParams candidate gate parameters for a gradient pass, or null
 */
record Pass(MixtureState state, StartRule start, boolean sample, boolean plugIn, long seed,
    long stream, double[] gateParams) implements Serializable {

  static Pass score(MixtureState state, boolean sample, long seed, long stream) {
    return new Pass(state, null, sample, false, seed, stream, null);
  }

  static Pass plugIn(MixtureState state) {
    return new Pass(state, null, false, true, 0, 0, null);
  }

  static Pass start(MixtureState state, StartRule rule) {
    return new Pass(state, rule, false, false, 0, 0, null);
  }

  Pass withState(MixtureState other) {
    return new Pass(other, start, sample, plugIn, seed, stream, gateParams);
  }

  Pass withGateParams(double[] params) {
    return new Pass(state, start, false, plugIn, seed, stream, params);
  }
}
