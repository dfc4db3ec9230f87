package org.mixturelib.localmodels;

import java.util.List;
import org.mixturelib.linalg.SpecialFunctions;

/**
 * Overdispersed counts, the negative binomial of type 2 (NB2, {@code MASS::glm.nb}'s): mean mu,
 * {@code Var = mu + mu² / theta}, {@code log p = log Γ(y + theta) - log Γ(theta) - log y! +
 * theta log(theta / (theta + mu)) + y log(mu / (theta + mu))}; links log (the default),
 * sqrt and identity. Each expert's theta is its shape: the M-step takes one Newton step in
 * {@code log theta} on the responsibility-weighted score and curvature that the E-step pass
 * sums at the current theta (the engine halves the step if the bound falls). It reports theta.
 */
final class NegativeBinomialFamily implements ShapedGlmFamily, CountFamily {
  private static final long serialVersionUID = 1L;

  /** The one instance, also after Java deserialisation. */
  private Object readResolve() {
    return GlmFamily.NEGBIN;
  }
  /** theta is kept within [1 / MAX_THETA, MAX_THETA] (far beyond: the Poisson). */
  static final double MAX_THETA = 1e8;
  /** Largest change of {@code log theta} in one M-step. */
  private static final double MAX_LOG_STEP = 2;

  @Override
  public String typeId() {
    return "negbin";
  }

  @Override
  public String displayName() {
    return "negative binomial";
  }

  @Override
  public List<Link> links() {
    return List.of(StandardLink.LOG, StandardLink.SQRT, StandardLink.IDENTITY);
  }

  @Override
  public double logDensity(double label, double trials, double eta, Link link, double shape) {
    double theta = shape;
    double mu = validMean(link.mean(eta));
    double out = -theta * Math.log1p(mu / theta);
    if (label > 0) {
      out += logRising(theta, label)
          + label * (GlmFamily.logMean(link, eta, mu) - Math.log(theta + mu));
    }
    return out;
  }

  /** At least {@link GlmFamily#MIN_MEAN}. */
  @Override
  public double validMean(double mu) {
    return Math.max(mu, MIN_MEAN);
  }

  @Override
  public double variance(double mu, double shape) {
    return mu + mu * mu / shape;
  }

  @Override
  public double meanScore(double label, double trials, double mu, double shape) {
    return label / mu - (shape + label) / (shape + mu);
  }

  @Override
  public double meanInformation(double trials, double mu, double shape) {
    return shape / (mu * (shape + mu));
  }

  @Override
  public double meanCurvature(double label, double trials, double mu, double shape) {
    double s = shape + mu;
    return label / (mu * mu) - (shape + label) / (s * s);
  }

  @Override
  public double initialShape() {
    return 1;
  }

  @Override
  public String shapeName() {
    return "theta";
  }

  @Override
  public double reported(double shape) {
    return shape;
  }

  /** The score and the curvature in theta. */
  @Override
  public double shapeOf(double reported) {
    return reported;
  }

  @Override
  public int shapeSums() {
    return 2;
  }

  @Override
  public void addShapeSums(double label, double trials, double mu, double shape, double weight,
      double[] sums, int at) {
    sums[at] += weight * thetaScore(label, mu, shape);
    sums[at + 1] += weight * thetaCurvature(label, mu, shape);
  }

  /**
   * One Newton step in {@code tau = log theta} ({@code ∂/∂tau = theta S}, {@code -∂²/∂tau² =
   * theta² H - theta S}), at most {@value #MAX_LOG_STEP} in tau, uphill where the curvature is
   * not positive; theta kept within {@code [1 / MAX_THETA, MAX_THETA]}.
   */
  @Override
  public double nextShape(double[] sums, int at, double total, double shape) {
    double g = shape * sums[at];
    double h = shape * shape * sums[at + 1] - g;
    double step = h > 0 ? g / h : Math.signum(g) * MAX_LOG_STEP;
    step = Math.max(-MAX_LOG_STEP, Math.min(MAX_LOG_STEP, step));
    double next = shape * Math.exp(step);
    return Math.max(1 / MAX_THETA, Math.min(MAX_THETA, next));
  }

  /**
   * In theta: {@code ∂/∂theta = ψ(y + theta) - ψ(theta) - log(1 + mu/theta) + (mu - y) / (theta
   * + mu)}, {@code -∂²/∂theta² = ψ'(theta) - ψ'(y + theta) - mu / (theta (theta + mu)) - (y -
   * mu) / (theta + mu)²}, {@code -∂²/∂mu ∂theta = (mu - y) / (theta + mu)²}.
   */
  @Override
  public void shapeDerivatives(double label, double trials, double mu, double shape,
      double[] out) {
    double s = shape + mu;
    out[0] = thetaScore(label, mu, shape);
    out[1] = thetaCurvature(label, mu, shape);
    out[2] = (mu - label) / (s * s);
  }

  private static double thetaScore(double y, double mu, double theta) {
    return digammaRise(theta, y) - Math.log1p(mu / theta) + (mu - y) / (theta + mu);
  }

  private static double thetaCurvature(double y, double mu, double theta) {
    double s = theta + mu;
    return trigammaFall(theta, y) - mu / (theta * s) - (y - mu) / (s * s);
  }

  /** Counts up to this are summed term by term below (exact, and cheaper than Γ's functions). */
  private static final int SMALL_COUNT = 20;

  /** {@code log Γ(y + theta) - log Γ(theta) = Σ_{j < y} log(theta + j)} for a count y. */
  static double logRising(double theta, double y) {
    if (y > SMALL_COUNT) {
      return SpecialFunctions.logGamma(y + theta) - SpecialFunctions.logGamma(theta);
    }
    double product = 1;
    for (int j = 0; j < y; j++) {
      product *= theta + j;
    }
    return Math.log(product);
  }

  /** {@code ψ(y + theta) - ψ(theta) = Σ_{j < y} 1 / (theta + j)} for a count y. */
  static double digammaRise(double theta, double y) {
    if (y > SMALL_COUNT) {
      return SpecialFunctions.digamma(y + theta) - SpecialFunctions.digamma(theta);
    }
    double sum = 0;
    for (int j = 0; j < y; j++) {
      sum += 1 / (theta + j);
    }
    return sum;
  }

  /** {@code ψ'(theta) - ψ'(y + theta) = Σ_{j < y} 1 / (theta + j)²} for a count y. */
  static double trigammaFall(double theta, double y) {
    if (y > SMALL_COUNT) {
      return SpecialFunctions.trigamma(theta) - SpecialFunctions.trigamma(y + theta);
    }
    double sum = 0;
    for (int j = 0; j < y; j++) {
      double t = theta + j;
      sum += 1 / (t * t);
    }
    return sum;
  }

  /** The information depends on theta row by row: the last pass's covariance stands. */
  @Override
  public double covarianceRatio(double from, double to) {
    return 1;
  }
}
