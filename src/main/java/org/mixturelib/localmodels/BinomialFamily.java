package org.mixturelib.localmodels;

import java.util.List;
import org.mixturelib.linalg.SpecialFunctions;

/**
 * Successes {@code y} out of {@code n} trials (n = 1 without a trials column, Bernoulli) with
 * probability mu: {@code log p = y log mu + (n - y) log(1 - mu) + log C(n, y)}; links logit
 * (canonical, the default), probit, cloglog and log.
 */
final class BinomialFamily implements GlmFamily, TrialsFamily {
  private static final long serialVersionUID = 1L;

  /** The one instance, also after Java deserialisation. */
  private Object readResolve() {
    return GlmFamily.BINOMIAL;
  }

  @Override
  public String typeId() {
    return "binomial";
  }

  @Override
  public String displayName() {
    return "binomial";
  }

  @Override
  public List<Link> links() {
    return List.of(StandardLink.LOGIT, StandardLink.PROBIT, StandardLink.CLOGLOG,
        StandardLink.LOG);
  }

  @Override
  public boolean admits(double label, double trials) {
    return admitsTrials(trials) && GlmFamily.wholeAtLeast(label, 0) && label <= trials;
  }

  @Override
  public boolean admitsTrials(double trials) {
    return GlmFamily.wholeAtLeast(trials, 1);
  }

  @Override
  public String labelRule() {
    return "an integer number of successes in [0, trials]";
  }

  @Override
  public double startMean(double label, double trials) {
    return (label + 0.5) / (trials + 1);
  }

  @Override
  public double rowConstant(double label, double trials) {
    return SpecialFunctions.logChoose(trials, label);
  }

  @Override
  public double logDensity(double label, double trials, double eta, Link link, double shape) {
    return logDensity(label, trials, eta, link.mean(eta), link, shape);
  }

  /**
   * From the link's mean where that is exact enough, the link's own logs elsewhere: {@code log
   * mu} as {@code Math.log(mu)} (a link's mean is accurate relative to itself) but at the floor
   * eps, where the link's {@link Link#logMean} gives the true tail; {@code log(1 - mu)} by
   * {@code log1p(-mu)} for {@code mu < 1/2}, by the link's {@link Link#logOneMinusMean} above
   * (where {@code 1 - mu} would lose digits). So a Bernoulli row costs one {@code log} besides
   * the mean on most rows.
   */
  @Override
  public double logDensity(double label, double trials, double eta, double linkMean, Link link,
      double shape) {
    double failures = trials - label;
    double mu = validMean(linkMean);
    boolean valid = mu == linkMean;
    double logMu = 0;
    if (label != 0) {
      logMu = valid && mu <= StandardLink.EPS ? link.logMean(eta) : Math.log(mu);
    }
    double logRest = 0;
    if (failures != 0) {
      logRest = valid && mu >= 0.5 ? link.logOneMinusMean(eta) : ExpLog.log1p(-mu);
    }
    return label * logMu + failures * logRest;
  }

  /** Within {@code [eps, 1 - eps]} (eps the machine epsilon). */
  @Override
  public double validMean(double mu) {
    return Math.min(Math.max(mu, StandardLink.EPS), 1 - StandardLink.EPS);
  }

  @Override
  public double variance(double mu, double shape) {
    return mu * (1 - mu);
  }

  @Override
  public double meanScore(double label, double trials, double mu, double shape) {
    return (label - trials * mu) / (mu * (1 - mu));
  }

  @Override
  public double meanInformation(double trials, double mu, double shape) {
    return trials / (mu * (1 - mu));
  }

  @Override
  public double meanCurvature(double label, double trials, double mu, double shape) {
    double q = 1 - mu;
    return label / (mu * mu) + (trials - label) / (q * q);
  }

  @Override
  public String extremeNote(int expert) {
    return "expert " + expert + " fits probabilities of 0 or 1 to within 1e-13 on some of its"
        + " rows (separation): its coefficients grow each iteration and are not well"
        + " determined; the fit stays finite";
  }
}
