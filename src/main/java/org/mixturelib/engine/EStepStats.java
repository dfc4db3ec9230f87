package org.mixturelib.engine;

import org.mixturelib.data.Mergeable;
import org.mixturelib.localmodels.ExpertStatistics;

/**
 * What one E-step pass aggregates; its size depends on K, D and M only.
 *
 * <ul>
 *   <li>{@code experts}: the expert family's own statistics, and {@code expertWeights} {@code
 *       Σ_i w_i r_ik} (sampled r in 'sample' mode);
 *   <li>{@code counts}: {@code Σ_i w_i r_ik} with the soft r, for the gate;
 *   <li>{@code logSum}: {@code Σ_i w_i log Σ_k exp(E log pi_ik + E log p_ik)}, the data term
 *       of the bound;
 *   <li>{@code objectBound}: the gate's per-object part of the bound ({@link
 *       org.mixturelib.hypermodels.Gate#objectBoundTerm}; 0 but for the sparse gate, and in
 *       plug-in passes);
 *   <li>{@code entropy}: {@code -Σ_i w_i Σ_k r_ik log r_ik} (for ICL);
 *   <li>{@code hardCounts}: weight of the rows whose most likely component is k;
 *   <li>{@code mapLogResponsibility}: {@code Σ_i w_i log max_k r_ik} (for flexmix's ICL);
 *   <li>{@code weight}: {@code Σ_i w_i}; {@code gateWeight}: the total that {@code counts} sum
 *       to, the same without groups; {@code groups}: the number of groups (0 without).
 * </ul>
 *
 * <p>Grouped rows ({@link org.mixturelib.data.Block#withGroups}): r is the group's, every row
 * of the group carries it into the experts' statistics ({@code w_i r_gk}), and {@code counts},
 * {@code hardCounts}, {@code logSum}, {@code entropy} and {@code mapLogResponsibility} count
 * each group once, with weight one (flexmix's M-step for {@code y ~ x | g}).
 *
 * <p>The kernel's working arrays are not serialised.
 */
public final class EStepStats implements Mergeable<EStepStats> {
  private static final long serialVersionUID = 5L;

  final int k;
  final ExpertStatistics experts;
  final double[] expertWeights;
  final double[] counts;
  final double[] hardCounts;
  double logSum;
  double objectBound;
  double entropy;
  double mapLogResponsibility;
  double weight;
  double gateWeight;
  long groups;
  private transient KernelScratch scratch;

  /**
   * Zero statistics for K components.
   *
   * @param experts the expert family's zero statistics
   */
  public EStepStats(int k, ExpertStatistics experts) {
    this.k = k;
    this.experts = experts;
    expertWeights = new double[k];
    counts = new double[k];
    hardCounts = new double[k];
  }

  /** The kernel's working arrays for this partition (created on first use). */
  KernelScratch scratch() {
    if (scratch == null) {
      scratch = new KernelScratch();
    }
    return scratch;
  }

  @Override
  public EStepStats merge(EStepStats o) {
    experts.merge(o.experts);
    Mergeable.addInto(expertWeights, o.expertWeights);
    Mergeable.addInto(counts, o.counts);
    Mergeable.addInto(hardCounts, o.hardCounts);
    logSum += o.logSum;
    objectBound += o.objectBound;
    entropy += o.entropy;
    mapLogResponsibility += o.mapLogResponsibility;
    weight += o.weight;
    gateWeight += o.gateWeight;
    groups += o.groups;
    return this;
  }

  /** The data term of the bound. */
  public double logSum() {
    return logSum;
  }

  /** Responsibility entropy. */
  public double entropy() {
    return entropy;
  }

  /** {@code Σ_i w_i log max_k r_ik}. */
  public double mapLogResponsibility() {
    return mapLogResponsibility;
  }

  /** Soft total responsibility per component. */
  public double[] counts() {
    return counts.clone();
  }

  /** Hard-assignment weight per component. */
  public double[] hardCounts() {
    return hardCounts.clone();
  }
}
