package org.mixturelib.engine;

import java.io.Serializable;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.ResizableGate;
import org.mixturelib.localmodels.ExpertFamily;

/**
 * The parameters that every pass broadcasts: the experts and the gate, with their optional
 * {@link Abilities}, resolved once here.
 */
public final class MixtureState implements Serializable {
  private static final long serialVersionUID = 2L;
  private final ExpertFamily experts;
  private final Gate gate;
  private final Abilities abilities;

  /**
   * @param experts the K experts (one family)
   * @param gate the gate over the same K
   * @throws IllegalArgumentException when the two parts do not agree on K
   */
  public MixtureState(ExpertFamily experts, Gate gate) {
    if (gate.numComponents() != experts.numExperts()) {
      throw new IllegalArgumentException("the hyper model has " + gate.numComponents()
          + " outputs but there are " + experts.numExperts() + " local models");
    }
    this.experts = experts;
    this.gate = gate;
    this.abilities = new Abilities(experts, gate);
  }

  /** The K experts. */
  public ExpertFamily experts() {
    return experts;
  }

  /** The gate. */
  public Gate gate() {
    return gate;
  }

  /** The optional abilities of the experts and the gate. */
  public Abilities abilities() {
    return abilities;
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
    ResizableGate g = abilities.resizableGate().orElseThrow(() -> new IllegalArgumentException(
        "the gate (" + gate.typeId() + ") cannot drop components"));
    return new MixtureState(experts.restrictTo(keep), g.restrictTo(keep));
  }

  /** Number of components. */
  public int k() {
    return experts.numExperts();
  }
}
