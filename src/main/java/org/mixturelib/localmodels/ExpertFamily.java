package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.persistence.Persistent;

/**
 * A family of K experts held as one object: what the EM engine, the statistics, the checkpoint,
 * persistence and scoring know of the local models, and nothing more.
 *
 * <p>One E-step pass per partition asks the family for an {@link ExpertKernel} (its working
 * arrays), then, per block of rows, adds every expert's log-likelihood of every row into the
 * gate's log weights ({@link ExpertKernel#addLogLikelihood}) and, once the responsibilities are
 * known, fills the family's own {@link ExpertStatistics} from the block and the weighted
 * responsibilities ({@link ExpertKernel#addStatistics}). The engine merges the statistics of
 * all partitions with {@code treeAggregate} and calls {@link #mStep} on the driver. The family
 * is dispatched once per block, never per row, so that a family keeps its own fused loops.
 *
 * <p>Abilities that only some families have are small interfaces a family adds and the engine,
 * the inference and the front ends test for: {@link LinearPredictors} (coefficients on a link
 * scale), {@link BayesianExperts} (priors, their evidence updates and the regularizers'
 * access), {@link PredictiveVariance}, {@link SplittableExperts} (the engine's split of
 * near-identical experts and re-seeding), {@link ColumnDependence} (collinearity warnings),
 * {@link NoiseFloor}, {@link NoiseRatio} (a bound on the ratio of noise variances), {@link
 * StepHalving} (M-steps that may overshoot, halved when the bound falls), {@link ExpertScores}
 * (per-row derivatives for standard errors) and {@link VectorExperts} (several outputs).
 *
 * <p>Implementations are serializable (they are broadcast to every pass and written into
 * checkpoints) and hold parameters whose size depends on K, D and M only. Saved models hold
 * what each family writes as a {@link Persistent} under its {@link #typeId()}; a family of
 * one's own is found by that id through an {@link ExpertFamilyProvider} (see {@link
 * ExpertFamilies}).
 */
public interface ExpertFamily extends Serializable, Persistent {
  /** Number of experts K. */
  int numExperts();

  /** Number of features D each expert reads (the intercept column included). */
  int numFeatures();

  /** Number of outputs M. */
  int numOutputs();

  /**
   * The working arrays of one partition's pass over its blocks at the current parameters
   * (created inside a task; reused for every block of that pass).
   */
  ExpertKernel newKernel();

  /** Zero statistics for one pass, to be filled by {@link ExpertKernel#addStatistics}. */
  ExpertStatistics newStatistics();

  /**
   * The M-step on the driver: updates every expert from the merged statistics of one pass.
   *
   * @param stats the statistics of every row, as built by this family's kernels and merged
   * @param weights per expert, the total weight the statistics were filled with ({@code Σ_i
   *     w_i r_ik}, or the drawn experts' weights in 'sample' mode)
   */
  void mStep(ExpertStatistics stats, double[] weights);

  /**
   * The experts' part of the bound beyond the data term (for instance {@code -Σ_k KL(q(W_k) ||
   * p(W_k))} for variational experts; 0 for maximum-likelihood point estimates).
   */
  double boundTerm();

  /** Number of free parameters, for AIC and BIC. */
  int numFreeParameters();

  /** A deep copy. */
  ExpertFamily copy();

  /**
   * A copy holding only the given experts, in the given order (to drop a degenerate
   * component).
   *
   * @param keep indices of the experts to keep (at least one, each once)
   */
  ExpertFamily restrictTo(int[] keep);

  /**
   * Every expert's prediction (the mean of its answer, on the response scale) for the block's
   * rows: column-major {@code n x (K M)}, expert k's output j in column {@code k M + j}.
   *
   * @param out output array of length at least n K M
   */
  void predict(Block b, double[] out);

  /** Whether every parameter is finite (and every scale parameter positive). */
  boolean isFinite();

  /**
   * Numerical conditions met since the last call (an empty component, a parameter kept at a
   * bound, a ridge added), each a message for the user, and forgets them. The engine logs each
   * once per fit.
   */
  List<String> takeNotes();
}
