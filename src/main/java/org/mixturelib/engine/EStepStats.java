package org.mixturelib.engine;

import org.mixturelib.data.Mergeable;

/**
 * What one E-step pass aggregates; its size depends on K, D and M only.
 *
 * <ul>
 *   <li>{@code experts}: per expert {@code Σ_i w_i r_ik [x;y][x;y]ᵀ} (upper triangle, (D+M)²),
 *       and {@code expertWeights} {@code Σ_i w_i r_ik} (sampled r in 'sample' mode);
 *   <li>{@code counts}: {@code Σ_i w_i r_ik} with the soft r, for the gate;
 *   <li>{@code logSum}: {@code Σ_i w_i log Σ_k exp(E log pi_ik + E log p_ik)}, the data term
 *       of the bound;
 *   <li>{@code entropy}: {@code -Σ_i w_i Σ_k r_ik log r_ik} (for ICL);
 *   <li>{@code hardCounts}: weight of the rows whose most likely component is k;
 *   <li>{@code mapLogResponsibility}: {@code Σ_i w_i log max_k r_ik} (for flexmix's ICL).
 * </ul>
 */
public final class EStepStats implements Mergeable<EStepStats> {
  private static final long serialVersionUID = 1L;

  final double[] experts;
  final double[] expertWeights;
  final double[] counts;
  final double[] hardCounts;
  double logSum;
  double entropy;
  double mapLogResponsibility;
  double weight;

  /** Zero statistics for K experts with blocks of the given stride. */
  public EStepStats(int k, int stride) {
    experts = new double[k * stride];
    expertWeights = new double[k];
    counts = new double[k];
    hardCounts = new double[k];
  }

  @Override
  public EStepStats merge(EStepStats o) {
    add(experts, o.experts);
    add(expertWeights, o.expertWeights);
    add(counts, o.counts);
    add(hardCounts, o.hardCounts);
    logSum += o.logSum;
    entropy += o.entropy;
    mapLogResponsibility += o.mapLogResponsibility;
    weight += o.weight;
    return this;
  }

  private static void add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
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
