package org.mixturelib.localmodels;

import org.mixturelib.data.Mergeable;

/**
 * The statistics of {@link HurdleExperts}: per expert, the total weight of its positive rows;
 * the hurdle's logistic Newton system at the current coefficients ({@code Σ w r p (1 - p) g
 * gᵀ}, column-major c x c at {@code k c²}, and {@code Σ w r (1(y > 0) - p) g}); the truncated
 * count part's score and curvature summed over the positive rows (p x p at {@code k p²}); and,
 * while the count experts are not started, their own statistics of the positive rows.
 */
final class HurdleStatistics implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  /** The count experts' own statistics of the positive rows, or null once they are started. */
  final ExpertStatistics start;
  final double[] positiveWeights;
  final double[] zeroInformation;
  final double[] zeroGradient;
  final double[] countInformation;
  final double[] countGradient;

  HurdleStatistics(ExpertStatistics start, int k, int p, int c) {
    this.start = start;
    positiveWeights = new double[k];
    zeroInformation = new double[k * c * c];
    zeroGradient = new double[k * c];
    countInformation = new double[k * p * p];
    countGradient = new double[k * p];
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    HurdleStatistics o = (HurdleStatistics) other;
    if (start != null) {
      start.merge(o.start);
    }
    Mergeable.addInto(positiveWeights, o.positiveWeights);
    Mergeable.addInto(zeroInformation, o.zeroInformation);
    Mergeable.addInto(zeroGradient, o.zeroGradient);
    Mergeable.addInto(countInformation, o.countInformation);
    Mergeable.addInto(countGradient, o.countGradient);
    return this;
  }
}
