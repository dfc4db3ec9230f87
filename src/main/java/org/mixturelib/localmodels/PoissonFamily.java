package org.mixturelib.localmodels;

import java.util.List;

/**
 * Counts {@code y = 0, 1, 2, ...}: {@code log p = y log mu - mu - log y!}; links log (the
 * canonical one, the default), identity and sqrt.
 */
final class PoissonFamily implements CountFamily {
  private static final long serialVersionUID = 1L;

  /** The one instance, also after Java deserialisation. */
  private Object readResolve() {
    return GlmFamily.POISSON;
  }

  @Override
  public String typeId() {
    return "poisson";
  }

  @Override
  public String displayName() {
    return "Poisson";
  }

  @Override
  public List<Link> links() {
    return List.of(StandardLink.LOG, StandardLink.IDENTITY, StandardLink.SQRT);
  }

  @Override
  public double logDensity(double label, double trials, double eta, Link link, double shape) {
    return logDensity(label, trials, eta, link.mean(eta), link, shape);
  }

  @Override
  public double logDensity(double label, double trials, double eta, double linkMean, Link link,
      double shape) {
    double mu = validMean(linkMean);
    return (label == 0 ? 0 : label * GlmFamily.logMean(link, eta, linkMean, mu)) - mu;
  }

  /** At least {@link GlmFamily#MIN_MEAN}. */
  @Override
  public double validMean(double mu) {
    return Math.max(mu, MIN_MEAN);
  }

  @Override
  public double variance(double mu, double shape) {
    return mu;
  }

  @Override
  public double meanScore(double label, double trials, double mu, double shape) {
    return label / mu - 1;
  }

  @Override
  public double meanInformation(double trials, double mu, double shape) {
    return 1 / mu;
  }

  @Override
  public double meanCurvature(double label, double trials, double mu, double shape) {
    return label / (mu * mu);
  }
}
