package org.mixturelib.localmodels;

/**
 * Experts with a noise variance that the engine keeps above a floor set relative to the
 * variance of the answers ({@code EmConfig.varianceFloor()}).
 */
public interface NoiseFloor extends ExpertFamily {
  /** The lower bound on every noise variance. */
  double varianceFloor();

  /** Sets the lower bound on every noise variance (0 for none beyond a tiny relative one). */
  void setVarianceFloor(double floor);
}
