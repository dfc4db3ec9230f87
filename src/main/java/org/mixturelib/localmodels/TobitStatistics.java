package org.mixturelib.localmodels;

import org.mixturelib.data.Mergeable;

/**
 * What one pass aggregates for the M-step of {@link TobitExperts}, per expert, with {@code z =
 * [x; y - offset]} (p = D + 1 entries): the weighted moments {@code Σ_i q_ik z_i z_iᵀ} (upper
 * triangle), the sums {@code Σ_i h_ik z_i}, and the weight of the observed (uncensored) rows
 * {@code Σ_i w_i r_ik}. Before the first M-step {@code q} is the weight {@code w_i r_ik} of
 * every row (least squares, censoring ignored) and {@code h} is unused; after it, {@code q} and
 * {@code h} are the Newton weights of Olsen's parameters (see {@link TobitExperts}).
 */
final class TobitStatistics implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  final int k;
  final int p;
  final double[] moments;
  final double[] sums;
  final double[] observed;

  TobitStatistics(int k, int d) {
    this.k = k;
    this.p = d + 1;
    moments = new double[k * p * p];
    sums = new double[k * p];
    observed = new double[k];
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    TobitStatistics o = (TobitStatistics) other;
    Mergeable.addInto(moments, o.moments);
    Mergeable.addInto(sums, o.sums);
    Mergeable.addInto(observed, o.observed);
    return this;
  }

  /** Expert e's moments, both triangles filled (p x p). */
  double[] symmetricMoments(int e) {
    double[] m = new double[p * p];
    System.arraycopy(moments, e * p * p, m, 0, p * p);
    for (int c = 0; c < p; c++) {
      for (int r = c + 1; r < p; r++) {
        m[c * p + r] = m[r * p + c];
      }
    }
    return m;
  }
}
