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
    return trials == 1 ? 0 : SpecialFunctions.logChoose(trials, label); // log C(1, y) = 0
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

  /** {@link ProbitColumns} and {@link CloglogColumns} at their links. */
  @Override
  public GlmColumns columns(Link link) {
    if (link == StandardLink.PROBIT) {
      return new ProbitColumns();
    }
    return link == StandardLink.CLOGLOG ? new CloglogColumns() : TrialsFamily.super.columns(link);
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

  /**
   * The binomial's rows at a link onto probabilities whose means lie in {@code [eps, 1 - eps]}
   * already (never held): the means are the link's, the IRLS weight and score {@code n mu'² /
   * v} and {@code (y - n mu) mu' / v} with {@code v = mu (1 - mu)}, one division a row; the
   * log-densities are the link's own.
   */
  private abstract static class FusedColumns implements GlmColumns {
    private final Link link;

    FusedColumns(Link link) {
      this.link = link;
    }

    @Override
    public void means(GlmColumn c, double shape) {
      link.means(c.eta, c.at, c.n, c.mean, c.derivative);
    }

    @Override
    public void irls(GlmColumn c, double shape, double[] rw, double[] sums, int sumsAt) {
      double[] labels = c.labels;
      for (int i = 0, at = c.at; i < c.n; i++, at++) {
        double mu = c.mean[at];
        double d1 = c.derivative[at];
        double nt = c.trials(i);
        double perVariance = d1 / (mu * (1 - mu));
        c.weight[at] = nt * d1 * perVariance;
        c.score[at] = (labels[c.labelsAt + i] - nt * mu) * perVariance;
      }
    }

    /** Row i's {@code y log mu + (n - y) log(1 - mu)} from the two logs. */
    static double logDensity(GlmColumn c, int i, double logMean, double logRest) {
      double y = c.label(i);
      double failures = c.trials(i) - y;
      return (y == 0 ? 0 : y * logMean) + (failures == 0 ? 0 : failures * logRest);
    }
  }

  /**
   * At the probit link, one evaluation of the normal tail a row for the mean, its derivative and
   * both {@code log Φ(eta)} and {@code log(1 - Φ(eta))} ({@link NormalTail}'s forms: below the
   * centre {@code Φ = exp(-eta²/2) S / 2}, whose log is the log of S; above it likewise {@code 1
   * - Φ}; near zero both from one {@code erf}), the exponentials and logs a column at a time
   * through the partition's {@link PassLoops}.
   */
  static final class ProbitColumns extends FusedColumns {
    ProbitColumns() {
      super(StandardLink.PROBIT);
    }

    @Override
    public void addLogDensities(GlmColumn c, double shape, double[] out, int outAt,
        int stride) {
      int from = c.at;
      int n = c.n;
      double[] eta = c.eta;
      double[] e = c.derivative; // exp(-eta²/2), then the derivative
      double[] logMean = c.work; // what the logs are taken of, then the logs
      double[] logRest = c.scratch;
      double[] mean = c.mean;
      for (int at = from; at < from + n; at++) {
        double v = eta[at];
        double y = -v * NormalTail.SQRT_HALF;
        e[at] = y > NormalTail.CENTRE ? -y * y : -0.5 * v * v;
      }
      c.loops.exp(e, from, n, e);
      for (int at = from; at < from + n; at++) {
        double y = -eta[at] * NormalTail.SQRT_HALF;
        double mu;
        if (y > NormalTail.CENTRE) { // lower tail: Φ = exp(-y²) S(y) / 2
          double s = NormalTail.scaledComplement(y);
          mu = StandardLink.within(0.5 * e[at] * s);
          logMean[at] = s;
          logRest[at] = 1 - mu;
        } else if (y < -NormalTail.CENTRE) { // upper tail: 1 - Φ = exp(-y²) S(-y) / 2
          double s = NormalTail.scaledComplement(-y);
          mu = StandardLink.within(1 - 0.5 * e[at] * s);
          logMean[at] = mu;
          logRest[at] = s;
        } else {
          double r = NormalTail.erfNear(y);
          mu = 0.5 - 0.5 * r;
          logMean[at] = mu;
          logRest[at] = 0.5 + 0.5 * r;
        }
        mean[at] = mu;
        e[at] = Math.max(e[at] * NormalTail.INV_SQRT_TWO_PI, StandardLink.EPS);
      }
      c.loops.log(logMean, from, n, logMean);
      c.loops.log(logRest, from, n, logRest);
      for (int i = 0, at = from, o = outAt; i < n; i++, at++, o += stride) {
        double v = eta[at];
        double y = -v * NormalTail.SQRT_HALF;
        double lm = logMean[at];
        double lr = logRest[at];
        if (y > NormalTail.CENTRE) {
          lm += -0.5 * v * v - NormalTail.LOG_TWO;
          lr = ExpLog.log1p(-mean[at], lr);
        } else if (y < -NormalTail.CENTRE) {
          lr += -0.5 * v * v - NormalTail.LOG_TWO;
        }
        out[o] += logDensity(c, i, lm, lr);
      }
    }
  }

  /**
   * At the complementary log-log link: {@code e = exp(eta)} and {@code q = exp(-e)} give the
   * mean {@code 1 - q} and its derivative {@code e q} ({@link StandardLink#CLOGLOG}'s), {@code
   * log(1 - mu) = -e} exactly and {@code log mu} from a log of the column; the exponentials and
   * logs a column at a time through the partition's {@link PassLoops}.
   */
  static final class CloglogColumns extends FusedColumns {
    CloglogColumns() {
      super(StandardLink.CLOGLOG);
    }

    @Override
    public void addLogDensities(GlmColumn c, double shape, double[] out, int outAt,
        int stride) {
      int from = c.at;
      int n = c.n;
      double[] e = c.work;
      double[] q = c.scratch;
      double[] mean = c.mean;
      double[] derivative = c.derivative;
      c.loops.exp(c.eta, from, n, e);
      for (int at = from; at < from + n; at++) {
        derivative[at] = -e[at];
      }
      c.loops.exp(derivative, from, n, q);
      c.loops.log(q, from, n, mean); // log q, for the mean where q is near 1
      for (int at = from; at < from + n; at++) {
        double p = StandardLink.complementOf(e[at], q[at], mean[at]);
        double mu = StandardLink.within(p);
        mean[at] = mu;
        double d = e[at] * q[at];
        derivative[at] = d > StandardLink.EPS ? d : StandardLink.EPS; // NaN where e overflows
        // log mu: the mean's own log but at the floor eps, where the true tail's
        q[at] = mu > StandardLink.EPS ? mu : p;
      }
      c.loops.log(q, from, n, q);
      for (int i = 0, at = from, o = outAt; i < n; i++, at++, o += stride) {
        out[o] += logDensity(c, i, q[at], -e[at]);
      }
    }
  }
}
