package org.mixturelib.engine;

import java.io.Serializable;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.ResizableGate;
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

  /**
   * A copy over the given components only, in the given order.
   *
   * @throws IllegalArgumentException when the gate cannot drop components (it is not a {@link
   *     ResizableGate})
   */
  public MixtureState restrictTo(int[] keep) {
    if (!(gate instanceof ResizableGate g)) {
      throw new IllegalArgumentException("the gate (" + gate.typeId() + ") cannot drop"
          + " components");
    }
    return new MixtureState(experts.restrictTo(keep), g.restrictTo(keep));
  }

  /** Number of components. */
  public int k() {
    return experts.numExperts();
  }
}
