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
 */
public interface Gate extends Serializable, Persistent {
  /** Number of components (experts) the gate weighs. */
  int numComponents();

  /**
   * Writes {@code E[log pi_k(x_i)]} for the block's rows, row-major {@code n x K}. With
   * {@code plugIn}, the log of the point estimate of pi (posterior mean or MAP) instead.
   *
   * @param rowState the block's per-row state from the previous pass, or null (only for gates
   *     with {@link #needsRowState()})
   */
  void logPi(Block b, double[] rowState, double[] out, boolean plugIn);

  /** The M-step. */
  void mStep(GateUpdate update);

  /** The gate's part of the bound beyond the data term (-KL to its prior, or 0). */
  double boundTerm();

  /**
   * The part of the bound held by per-object posteriors (gates with {@link #needsRowState()}):
   * {@code -Σ_o w_o KL(q(pi_o) || prior)} over the objects of one block, whose posteriors are
   * the ones {@link #logPi} scores with the same state; 0 for gates without per-object
   * posteriors (the default).
   *
   * @param objectState the objects' state from the previous pass (objects x K, row-major), or
   *     null (no pass yet)
   * @param objects the number of objects (rows, or groups of a grouped block)
   * @param weights each object's weight, or null for weight 1 each (groups)
   */
  default double objectBoundTerm(double[] objectState, int objects, double[] weights) {
    return 0;
  }

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

  /**
   * A copy whose weights are uniform over the components for every x, or null when such a
   * restart is not offered (the engine restarts a mixture of experts' linear gate from its
   * fitted experts this way; weights that do not depend on x need no restart).
   */
  default Gate uniformCopy() {
    return null;
  }

  /**
   * The gate the starts' short runs use in place of this one, or null (the default) for this
   * gate itself. A gate whose M-step is costly (a network) is stood in for by constant mixing
   * weights, so that the starts cost what a mixture of models' starts cost; the continuing fit
   * then trains this gate from the best start's experts.
   */
  default Gate startStandIn() {
    return null;
  }

  /** Whether {@link #restrictTo} and {@link #splitWeight} are available. */
  default boolean canChangeComponents() {
    return false;
  }

  /**
   * A copy over the given components only, in the given order, their weights renormalised (to
   * drop a degenerate component).
   */
  default Gate restrictTo(int[] keep) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot drop components");
  }

  /**
   * A copy in which component {@code into} (a degenerate one being re-seeded) takes half of
   * component {@code from}'s weight, for every x, and {@code from} keeps the other half.
   */
  default Gate splitWeight(int from, int into) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot re-seed components");
  }

  /** Whether the gate keeps per-row state between passes (the sparse gate). */
  default boolean needsRowState() {
    return false;
  }

  /** Whether the M-step needs loss and gradient passes over the data. */
  default boolean gradientTrained() {
    return false;
  }

  /**
   * The current trainable parameters as one vector (gradient-trained gates only).
   */
  default double[] parameters() {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " is not trained by gradients");
  }

  /**
   * Replaces the trainable parameters (gradient-trained gates only; the length of {@link
   * #parameters()}, finite values).
   */
  default void setParameters(double[] params) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " is not trained by gradients");
  }

  /**
   * Adds this block's cross-entropy {@code -Σ_i w_i Σ_k r_ik log pi_k(x_i; params)} to the
   * returned value and its gradient with respect to {@code params} into {@code gradient}.
   *
   * @param resp row-major n x K responsibilities
   */
  default double addLossAndGradient(Block b, double[] resp, double[] params,
      double[] gradient) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " is not trained by gradients");
  }

  /** Whether {@link #addLossGradientHessian} is available (the linear softmax gate). */
  default boolean hasCurvature() {
    return false;
  }

  /**
   * Like {@link #addLossAndGradient}, and also adds the block's part of the Hessian with respect
   * to {@code params} into {@code hessian} (column-major, both triangles).
   */
  default double addLossGradientHessian(Block b, double[] resp, double[] params,
      double[] gradient, double[] hessian) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " has no closed-form Hessian");
  }
}
