package org.mixturelib.localmodels;

/**
 * Experts whose parameters can be read and set as one vector in an unconstrained
 * parametrisation (coefficients, log noise variances), so that the engine can extrapolate EM
 * steps (SQUAREM, {@code EmConfig.acceleration}). Families without this ability run plain EM.
 */
public interface VectorExperts extends ExpertFamily {
  /**
   * The parameters that the next E-step reads, as one vector, or null when the current
   * experts cannot be moved along a vector (for instance experts with priors, whose posterior
   * covariances are part of the state); the engine then runs plain EM.
   */
  double[] parameterVector();

  /**
   * Sets the parameters from a vector of the length {@link #parameterVector()} gives, projected
   * onto the allowed set (noise variances at least the floor and within the allowed ratio).
   * Parameters outside the vector keep their values until the next M-step.
   *
   * @param v finite values
   */
  void setParameterVector(double[] v);
}
