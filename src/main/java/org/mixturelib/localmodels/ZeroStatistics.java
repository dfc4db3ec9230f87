package org.mixturelib.localmodels;

import org.mixturelib.data.Mergeable;

/**
 * The statistics of {@link ZeroInflatedExperts}: the count experts' own statistics (filled with
 * the weights {@code w_i r_ik (1 - z_ik)}), their total weight per expert, and per expert the
 * zero part's logistic Newton system at the current coefficients, {@code Σ_i w_i r_ik p_ik (1 -
 * p_ik) g_i g_iᵀ} (column-major c x c, expert k's at {@code k c²}) and {@code Σ_i w_i r_ik (z_ik
 * - p_ik) g_i}.
 */
final class ZeroStatistics implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  final ExpertStatistics count;
  final double[] countWeights;
  final double[] information;
  final double[] gradient;

  ZeroStatistics(ExpertStatistics count, int k, int c) {
    this.count = count;
    countWeights = new double[k];
    information = new double[k * c * c];
    gradient = new double[k * c];
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    ZeroStatistics o = (ZeroStatistics) other;
    count.merge(o.count);
    Mergeable.addInto(countWeights, o.countWeights);
    Mergeable.addInto(information, o.information);
    Mergeable.addInto(gradient, o.gradient);
    return this;
  }
}
