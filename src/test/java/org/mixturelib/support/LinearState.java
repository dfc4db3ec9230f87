package org.mixturelib.support;

import org.mixturelib.engine.MixtureState;
import org.mixturelib.localmodels.LinearExperts;

/** The Gaussian experts of a state that tests built with {@link LinearExperts}. */
public final class LinearState {
  private LinearState() {}

  /** The state's experts, which must be {@link LinearExperts}. */
  public static LinearExperts experts(MixtureState s) {
    return (LinearExperts) s.experts();
  }
}
