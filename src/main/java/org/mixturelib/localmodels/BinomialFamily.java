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
    double failures = trials - label;
    double mu = validMean(link.mean(eta));
    boolean valid = mu == link.mean(eta);
    return (label == 0 ? 0 : label * (valid ? link.logMean(eta) : Math.log(mu)))
        + (failures == 0 ? 0
            : failures * (valid ? link.logOneMinusMean(eta) : Math.log1p(-mu)));
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
