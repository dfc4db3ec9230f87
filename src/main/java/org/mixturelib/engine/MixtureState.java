package org.mixturelib.engine;

import java.io.Serializable;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.localmodels.ExpertFamily;

/**
 * The parameters that every pass broadcasts: the experts and the gate.
 *
 * @param experts the K experts (one family)
 * @param gate the gate over the same K
 */
public record MixtureState(ExpertFamily experts, Gate gate) implements Serializable {
  /** Checks that the two parts agree on K. */
  public MixtureState {
    if (gate.numComponents() != experts.numExperts()) {
      throw new IllegalArgumentException("the hyper model has " + gate.numComponents()
          + " outputs but there are " + experts.numExperts() + " local models");
    }
  }

  /** A deep copy. */
  public MixtureState copy() {
    return new MixtureState(experts.copy(), gate.copy());
  }

  /** A copy over the given components only, in the given order. */
  public MixtureState restrictTo(int[] keep) {
    return new MixtureState(experts.restrictTo(keep), gate.restrictTo(keep));
  }

  /** Number of components. */
  public int k() {
    return experts.numExperts();
  }
}
