package org.mixturelib.regularizers;

import java.io.Serializable;
import org.mixturelib.localmodels.BayesianExperts;

/**
 * A driver-side M-step on the experts' prior means, run after the experts' own M-step. Its
 * {@link #boundTerm} is added to the EM bound, so that the recorded objective is the one the
 * M-step maximises.
 */
public interface Regularizer extends Serializable {
  /** Updates the prior means of the regularized experts. */
  void mStep(BayesianExperts experts);

  /** The regularizer's log-density term of the objective at the current prior means. */
  double boundTerm(BayesianExperts experts);
}
