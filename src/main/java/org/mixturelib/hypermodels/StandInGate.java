package org.mixturelib.hypermodels;

/**
 * A gate whose M-step is costly (a network), stood in for during the starts' short runs by
 * another gate, so that the starts cost what a mixture of models' starts cost; the continuing
 * fit then trains this gate from the best start's experts.
 */
public interface StandInGate extends Gate {
  /** The gate the starts use in place of this one. */
  Gate startStandIn();
}
