package org.mixturelib.hypermodels;

import java.io.Serializable;
import org.mixturelib.data.Block;
import org.mixturelib.persistence.Persistent;

/**
 * A hyper model as the EM engine sees it: it scores {@code E[log pi_k(x_i)]} for a block of
 * rows and updates itself in the M-step from the responsibilities, through a {@link
 * GateUpdate} that gives the total responsibility per component (closed-form gates) and a loss
 * and gradient aggregated over all rows (gradient-trained gates). A gate saves its own
 * parameters ({@link Persistent}) under the id of the Spark ML {@code gate} param it
 * implements ({@code "dirichlet"} for a mixture of regressions).
 *
 * <p>Optional abilities are interfaces a gate implements, which the engine tests: {@link
 * TrainedGate} (gradient-trained), {@link CurvatureGate} (Newton steps), {@link VectorGate}
 * (SQUAREM), {@link GateScores} (standard errors), {@link RowStateGate} (per-object state),
 * {@link ResizableGate} (dropping and re-seeding components), {@link RestartableGate} and
 * {@link StandInGate}.
 */
public interface Gate extends Serializable, Persistent {
  /** Number of components (experts) the gate weighs. */
  int numComponents();

  /**
   * Writes {@code E[log pi_k(x_i)]} for the block's rows, row-major {@code n x K}. With
   * {@code plugIn}, the log of the point estimate of pi (posterior mean or MAP) instead.
   *
   * @param rowState the block's per-row state from the previous pass, or null (always null
   *     but for a {@link RowStateGate})
   */
  void logPi(Block b, double[] rowState, double[] out, boolean plugIn);

  /** The M-step. */
  void mStep(GateUpdate update);

  /** The gate's part of the bound beyond the data term (-KL to its prior, or 0). */
  double boundTerm();

  /** Number of free parameters (for AIC and BIC). */
  int numFreeParameters();

  /**
   * Number of free parameters when {@code constantInputs} of the input columns are constant
   * (an intercept column among the features is redundant with a gate's own biases); the same as
   * {@link #numFreeParameters()} for gates that do not read the inputs.
   */
  default int numFreeParameters(int constantInputs) {
    return numFreeParameters();
  }

  /** A deep copy. */
  Gate copy();
}
