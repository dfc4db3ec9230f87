package org.mixturelib.hypermodels;

/**
 * A gate that the engine may restart from uniform weights after EM has converged, to re-learn
 * it from the fitted experts (the linear softmax gate, whose training is convex; weights that
 * do not depend on x need no restart).
 */
public interface RestartableGate extends Gate {
  /** A copy whose weights are uniform over the components for every x. */
  RestartableGate uniformCopy();
}
