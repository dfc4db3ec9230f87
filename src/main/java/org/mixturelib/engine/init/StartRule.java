package org.mixturelib.engine.init;

import java.io.Serializable;
import org.mixturelib.data.Block;

/**
 * The responsibilities that start one EM run, computed per block inside the tasks of one pass
 * (the first M-step is then taken from them). Implementations are pure functions of the row, so
 * that a start does not depend on how the rows are partitioned.
 */
public interface StartRule extends Serializable {
  /**
   * Writes the start responsibilities of the block's rows, row-major {@code n x K}, each row
   * non-negative and summing to one or (a row left out of the start) all zero.
   */
  void responsibilities(Block b, double[] resp);

  /**
   * Whether the gate's first M-step learns from these responsibilities (otherwise only the
   * experts' does, and the gate keeps its initial state).
   */
  default boolean trainsGate() {
    return true;
  }
}
