package org.mixturelib.localmodels;

/**
 * A {@link GlmFamily} with a parameter of its own per expert beyond the coefficients, held as a
 * positive "shape" s (Gamma's shape {@code nu}, the negative binomial's {@code theta}, the
 * Gaussian's precision): its dispersion is {@code 1 / s}. The E-step pass accumulates the
 * family's sums for it at the current parameters and the M-step updates it from them; the
 * summary and the standard errors report it as {@link #shapeName()} on the scale of {@link
 * #reported}.
 */
public interface ShapedGlmFamily extends GlmFamily {
  /** The shape before the first M-step that updates it. */
  default double initialShape() {
    return 1;
  }

  /** The name under which the parameter is reported ({@code "dispersion"}, {@code "theta"}). */
  String shapeName();

  /** The reported parameter of shape s (the dispersion {@code 1 / s}, or theta itself). */
  double reported(double shape);

  /** The shape whose {@link #reported} parameter is q. */
  double shapeOf(double reported);

  /** How many sums per expert {@link #addShapeSums} fills. */
  int shapeSums();

  /**
   * Adds one row's share into {@code sums[at .. at + shapeSums())}.
   *
   * @param weight the row's weight times its responsibility
   */
  void addShapeSums(double label, double trials, double mu, double shape, double weight,
      double[] sums, int at);

  /**
   * The M-step's shape from the sums of one pass.
   *
   * @param total the total weight the sums were filled with
   * @param shape the shape the pass was taken at
   */
  double nextShape(double[] sums, int at, double total, double shape);

  /**
   * Folds an elastic-net penalty into the shape's sums ({@link ElasticNet}): the penalised
   * M-step maximises the log-likelihood less {@code penalty / devianceDispersion(shape)}, so a
   * family whose {@link GlmFamily#devianceDispersion} depends on the shape adds the penalty's
   * share of the deviance to its sums before {@link #nextShape}. The default does nothing:
   * right for a family whose deviance dispersion is 1 (the negative binomial).
   *
   * @param penalty {@code n_k λ_k P_α(β_k)}, on the deviance's scale
   */
  default void addShapePenalty(double penalty, double[] sums, int at) {}

  /**
   * One row's derivatives in the reported parameter q: {@code out[0] = ∂ log p / ∂q}, {@code
   * out[1] = -∂² log p / ∂q²}, {@code out[2] = -∂² log p / ∂mu ∂q}.
   */
  void shapeDerivatives(double label, double trials, double mu, double shape, double[] out);

  /**
   * The factor by which the coefficients' covariance changes when the shape moves from {@code
   * from} to {@code to} at the same means (step halving moves it so): {@code from / to} for a
   * family whose information is proportional to its shape (Gamma, Gaussian); 1 where the
   * information depends on the shape row by row (the negative binomial: the last pass's
   * covariance stands until the next pass).
   */
  double covarianceRatio(double from, double to);
}
