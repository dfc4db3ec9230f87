package org.mixturelib.hypermodels;

/**
 * A gate whose parameters can be read and set as one vector in an unconstrained
 * parametrisation (log-ratios of the mixing weights, a linear gate's logit coefficients), so
 * that the engine can extrapolate EM steps (SQUAREM, {@code EmConfig.acceleration}). Gates
 * without this ability run plain EM.
 */
public interface VectorGate extends Gate {
  /**
   * The parameters that the next E-step reads, as one vector, or null when the gate's current
   * state cannot be moved along a vector (a component of weight zero, a network); the engine
   * then runs plain EM.
   */
  double[] parameterVector();

  /**
   * Sets the parameters from a vector of the length {@link #parameterVector()} gives.
   *
   * @param v finite values
   */
  void setParameterVector(double[] v);
}
