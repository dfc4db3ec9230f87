package org.mixturelib.localmodels;

/**
 * The statistics of {@link NoiseExperts}: the real experts' own statistics, and the case-weighted
 * sums over every row that fix the background ({@code Σ w}, {@code Σ w²}, {@code Σ w y}, {@code
 * Σ w y²}).
 */
final class NoiseStatistics implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  final ExpertStatistics inner;
  double sumW;
  double sumW2;
  double sumWy;
  double sumWy2;

  NoiseStatistics(ExpertStatistics inner) {
    this.inner = inner;
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    NoiseStatistics o = (NoiseStatistics) other;
    inner.merge(o.inner);
    sumW += o.sumW;
    sumW2 += o.sumW2;
    sumWy += o.sumWy;
    sumWy2 += o.sumWy2;
    return this;
  }

  /** The answer's weighted mean. */
  double mean() {
    return sumWy / sumW;
  }

  /**
   * The answer's weighted variance as R's {@code cov.wt} gives it (unbiased: {@code Σ w (y -
   * m)² / (Σ w - Σ w² / Σ w)}, the sample variance for unit weights).
   */
  double variance() {
    double m = mean();
    return Math.max(0, sumWy2 - sumW * m * m) / (sumW - sumW2 / sumW);
  }
}
