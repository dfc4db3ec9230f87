package org.mixturelib.hypermodels;

/**
 * A gate that keeps per-row (per-object) state between passes: each object's own posterior of
 * its weights, which {@link Gate#logPi} scores from that state (the sparse gate). Its part of
 * the bound is held by those posteriors.
 */
public interface RowStateGate extends Gate {
  /**
   * The part of the bound held by per-object posteriors: {@code -Σ_o w_o KL(q(pi_o) || prior)}
   * over the objects of one block, whose posteriors are the ones {@link #logPi} scores with the
   * same state.
   *
   * @param objectState the objects' state from the previous pass (objects x K, row-major), or
   *     null (no pass yet)
   * @param objects the number of objects (rows, or groups of a grouped block)
   * @param weights each object's weight, or null for weight 1 each (groups)
   */
  double objectBoundTerm(double[] objectState, int objects, double[] weights);
}
