package org.mixturelib.ml;

import java.io.Serializable;
import org.mixturelib.engine.MixtureState;

/**
 * What a model holds beyond its params: the fitted parameters and the input layout they were
 * fitted on.
 *
 * @param state the experts and the gate (with the intercept as the last feature when fitted)
 * @param numFeatures length of the features vector (without the intercept)
 * @param vectorLabel whether the label was a vector (then predictions are vectors too)
 */
record Fitted(MixtureState state, int numFeatures, boolean vectorLabel, int numGateInputs)
    implements Serializable {
  /** Fitted parameters whose gate reads the features. */
  Fitted(MixtureState state, int numFeatures, boolean vectorLabel) {
    this(state, numFeatures, vectorLabel, 0);
  }

  /** Number of appended intercept columns (0 or 1). */
  int interceptColumns() {
    return state.experts().numFeatures() - numFeatures;
  }
}
