package org.mixturelib.localmodels;

import java.util.List;

/**
 * Normal answers with mean mu through a link and precision {@code nu = 1 / sigma²}: {@code
 * log p = (log nu - log 2 pi) / 2 - nu (y - mu)² / 2}; link log, or the identity for penalised
 * experts ({@link ElasticNet}; without a penalty the closed form of {@link LinearExperts} fits
 * the identity). The precision's M-step
 * is {@code Σ w / Σ w (y - mu)²} at the pass's means; it reports the dispersion {@code sigma²}.
 */
final class GaussianFamily implements ShapedGlmFamily {
  private static final long serialVersionUID = 1L;

  /** The one instance, also after Java deserialisation. */
  private Object readResolve() {
    return GlmFamily.GAUSSIAN;
  }
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  @Override
  public String typeId() {
    return "gaussian";
  }

  @Override
  public String displayName() {
    return "Gaussian";
  }

  @Override
  public List<Link> links() {
    return List.of(StandardLink.LOG, StandardLink.IDENTITY);
  }

  @Override
  public boolean admits(double label, double trials) {
    return Double.isFinite(label);
  }

  @Override
  public String labelRule() {
    return "finite labels";
  }

  /** The label where positive (R's start), else 0.1: a start the log link can take. */
  @Override
  public double startMean(double label, double trials) {
    return label > 0 ? label : 0.1;
  }

  @Override
  public double rowConstant(double label, double trials) {
    return -HALF_LOG_TWO_PI;
  }

  @Override
  public double logDensity(double label, double trials, double eta, Link link, double shape) {
    return logDensity(label, trials, eta, link.mean(eta), link, shape);
  }

  @Override
  public double logDensity(double label, double trials, double eta, double linkMean, Link link,
      double shape) {
    double r = label - linkMean;
    return 0.5 * Math.log(shape) - 0.5 * shape * r * r;
  }

  @Override
  public double variance(double mu, double shape) {
    return 1 / shape;
  }

  @Override
  public double meanScore(double label, double trials, double mu, double shape) {
    return shape * (label - mu);
  }

  @Override
  public double meanInformation(double trials, double mu, double shape) {
    return shape;
  }

  @Override
  public double meanCurvature(double label, double trials, double mu, double shape) {
    return shape;
  }

  /** {@code 1 / shape}. */
  @Override
  public double devianceDispersion(double shape) {
    return 1 / shape;
  }

  @Override
  public String shapeName() {
    return "dispersion";
  }

  @Override
  public double reported(double shape) {
    return 1 / shape;
  }

  @Override
  public double shapeOf(double reported) {
    return 1 / reported;
  }

  @Override
  public int shapeSums() {
    return 1;
  }

  @Override
  public void addShapeSums(double label, double trials, double mu, double shape, double weight,
      double[] sums, int at) {
    double r = label - mu;
    sums[at] += weight * r * r;
  }

  /** The penalty's twice: the sums are the deviance {@code Σ w (y - mu)²}. */
  @Override
  public void addShapePenalty(double penalty, double[] sums, int at) {
    sums[at] += 2 * penalty;
  }

  /** {@code Σ w / Σ w (y - mu)²}, at most 1e12 (a perfect fit). */
  @Override
  public double nextShape(double[] sums, int at, double total, double shape) {
    return sums[at] > total * 1e-12 ? total / sums[at] : 1e12;
  }

  /** In {@code phi = sigma²}, r = y - mu. */
  @Override
  public void shapeDerivatives(double label, double trials, double mu, double shape,
      double[] out) {
    double phi = 1 / shape;
    double r = label - mu;
    out[0] = -0.5 / phi + 0.5 * r * r / (phi * phi);
    out[1] = -0.5 / (phi * phi) + r * r / (phi * phi * phi);
    out[2] = r / (phi * phi);
  }

  /** The information is proportional to the precision. */
  @Override
  public double covarianceRatio(double from, double to) {
    return from / to;
  }
}
