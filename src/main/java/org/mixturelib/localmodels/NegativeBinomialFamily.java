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
    return logDensity(label, trials, eta, link.mean(eta), link, shape);
  }

  /**
   * One log a row besides the mean ({@code log(theta + mu)}; a second where mu is small against
   * theta); {@code log Γ(y + theta) - log Γ(theta)} from theta's table ({@link ThetaTerms}), the
   * mean's log from eta where the link has it.
   */
  @Override
  public double logDensity(double label, double trials, double eta, double linkMean, Link link,
      double shape) {
    ThetaTerms terms = ThetaTerms.of(shape);
    double mu = validMean(linkMean);
    double logSum = Math.log(shape + mu);
    double out = -shape * terms.log1pRatio(mu, logSum);
    if (label > 0) {
      double logMu = GlmFamily.logMean(link, eta, linkMean, mu);
      out += terms.logRising(label) + label * (logMu - logSum);
    }
    return out;
  }

  /** {@link LogColumns} at the log link. */
  @Override
  public GlmColumns columns(Link link) {
    return link == StandardLink.LOG ? new LogColumns() : ShapedGlmFamily.super.columns(link);
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

  /** The score and the curvature in theta, their sums over the count from theta's table. */
  @Override
  public void addShapeSums(double label, double trials, double mu, double shape, double weight,
      double[] sums, int at) {
    ThetaTerms terms = ThetaTerms.of(shape);
    double inverse = 1 / (shape + mu);
    double excess = (mu - label) * inverse;
    sums[at] += weight * (terms.digammaRise(label) - ExpLog.log1p(mu / shape) + excess);
    sums[at + 1] += weight * (terms.trigammaFall(label) - mu * inverse * terms.inverse
        + excess * inverse);
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
    return digammaRise(theta, y) - ExpLog.log1p(mu / theta) + (mu - y) / (theta + mu);
  }

  private static double thetaCurvature(double y, double mu, double theta) {
    double s = theta + mu;
    return trigammaFall(theta, y) - mu / (theta * s) - (y - mu) / (s * s);
  }

  /** {@code log Γ(y + theta) - log Γ(theta) = Σ_{j < y} log(theta + j)} for a count y. */
  static double logRising(double theta, double y) {
    return ThetaTerms.of(theta).logRising(y);
  }

  /** {@code ψ(y + theta) - ψ(theta) = Σ_{j < y} 1 / (theta + j)} for a count y. */
  static double digammaRise(double theta, double y) {
    return ThetaTerms.of(theta).digammaRise(y);
  }

  /** {@code ψ'(theta) - ψ'(y + theta) = Σ_{j < y} 1 / (theta + j)²} for a count y. */
  static double trigammaFall(double theta, double y) {
    return ThetaTerms.of(theta).trigammaFall(y);
  }

  /**
   * The rows at the log link, a column at a time: the mean {@code mu = exp(eta)} is its own
   * derivative and never held ({@link StandardLink#EPS} is {@link GlmFamily#MIN_MEAN}), {@code
   * log mu = eta}, and {@code r = log(1 + mu / theta)} serves both the log-density and the
   * shape's score, kept in the column's scratch between the two; the exponentials and logs go
   * through the partition's {@link PassLoops} (vector maths where the JVM has it), theta's table
   * is looked up once per column; the IRLS weight and score are {@code theta mu / (theta + mu)}
   * and {@code theta (y - mu) / (theta + mu)}, one division a row.
   */
  static final class LogColumns implements GlmColumns {
    @Override
    public void means(GlmColumn c, double shape) {
      fill(c, ThetaTerms.of(shape));
    }

    /** The means, their derivatives and r into the column. */
    private static void fill(GlmColumn c, ThetaTerms terms) {
      int from = c.at;
      int n = c.n;
      double[] mean = c.mean;
      double[] work = c.work;
      c.loops.exp(c.eta, from, n, mean);
      for (int at = from; at < from + n; at++) {
        double mu = Math.max(mean[at], StandardLink.EPS);
        mean[at] = mu;
        c.derivative[at] = mu;
        work[at] = terms.logArgument(mu);
      }
      c.loops.log(work, from, n, work);
      for (int at = from; at < from + n; at++) {
        c.scratch[at] = terms.log1pRatioOf(mean[at], work[at]);
      }
    }

    @Override
    public void addLogDensities(GlmColumn c, double shape, double[] out, int outAt,
        int stride) {
      ThetaTerms terms = ThetaTerms.of(shape);
      fill(c, terms);
      double theta = shape;
      double logTheta = terms.logTheta;
      double[] eta = c.eta;
      double[] labels = c.labels;
      for (int i = 0, at = c.at, o = outAt; i < c.n; i++, at++, o += stride) {
        double r = c.scratch[at];
        double ld = -theta * r;
        double y = labels[c.labelsAt + i];
        if (y > 0) {
          ld += terms.logRising(y) + y * (eta[at] - (logTheta + r));
        }
        out[o] += ld;
      }
    }

    @Override
    public void irls(GlmColumn c, double shape, double[] rw, double[] sums, int sumsAt) {
      double theta = shape;
      double[] labels = c.labels;
      double[] mean = c.mean;
      if (sums == null) {
        for (int i = 0, at = c.at; i < c.n; i++, at++) {
          double mu = mean[at];
          double inverse = 1 / (theta + mu);
          c.weight[at] = theta * mu * inverse;
          c.score[at] = theta * (labels[c.labelsAt + i] - mu) * inverse;
        }
        return;
      }
      ThetaTerms terms = ThetaTerms.of(shape);
      double score = 0;
      double curvature = 0;
      for (int i = 0, at = c.at; i < c.n; i++, at++) {
        double mu = mean[at];
        double y = labels[c.labelsAt + i];
        double inverse = 1 / (theta + mu);
        double excess = (mu - y) * inverse;
        c.weight[at] = theta * mu * inverse;
        c.score[at] = -theta * excess;
        double w = rw[at];
        score += w * (terms.digammaRise(y) - c.scratch[at] + excess);
        curvature += w * (terms.trigammaFall(y) - mu * inverse * terms.inverse
            + excess * inverse);
      }
      sums[sumsAt] += score;
      sums[sumsAt + 1] += curvature;
    }
  }

  /**
   * What the rows need of one theta: the sums over a count {@code Σ_{j < y}} of {@code log(theta
   * + j)}, {@code 1 / (theta + j)} and {@code 1 / (theta + j)²} as tables for counts up to
   * {@value #TABLE}, and {@code log Γ}, {@code ψ}, {@code ψ'} at theta for the larger counts
   * (whose sums are differences of those functions). Theta is fixed during a pass, so that rows
   * take these from a small memo of the thetas last asked for (immutable entries that any
   * thread may read or add; a lost entry is only made again) rather than each summing anew.
   */
  private static final class ThetaTerms {
    /** Counts up to this are read from the tables. */
    private static final int TABLE = 64;
    /** Below this {@code mu / theta}, {@code log(1 + mu / theta)} is not a difference of logs. */
    private static final double SMALL_RATIO = 0.01;
    private static final ThetaTerms[] MEMO = new ThetaTerms[32];
    /** Where the next new entry goes (a hint: a race only costs an entry). */
    private static int next;

    final double theta;
    final double logTheta;
    final double inverse;
    private final double[] rise = new double[TABLE + 1];
    private final double[] digammas = new double[TABLE + 1];
    private final double[] trigammas = new double[TABLE + 1];
    private final double logGamma;
    private final double digamma;
    private final double trigamma;

    private ThetaTerms(double theta) {
      this.theta = theta;
      logTheta = Math.log(theta);
      inverse = 1 / theta;
      for (int y = 1; y <= TABLE; y++) {
        double t = theta + y - 1;
        double inverse = 1 / t;
        rise[y] = rise[y - 1] + Math.log(t);
        digammas[y] = digammas[y - 1] + inverse;
        trigammas[y] = trigammas[y - 1] + inverse * inverse;
      }
      logGamma = SpecialFunctions.logGamma(theta);
      digamma = SpecialFunctions.digamma(theta);
      trigamma = SpecialFunctions.trigamma(theta);
    }

    /** The terms of theta: from the memo, the latest entries first, or made and added. */
    static ThetaTerms of(double theta) {
      int start = next;
      for (int i = 1; i <= MEMO.length; i++) {
        ThetaTerms t = MEMO[(start - i) & (MEMO.length - 1)];
        if (t == null) {
          break;
        }
        if (t.theta == theta) {
          return t;
        }
      }
      ThetaTerms t = new ThetaTerms(theta);
      MEMO[start & (MEMO.length - 1)] = t;
      next = start + 1;
      return t;
    }

    double logRising(double y) {
      return y <= TABLE ? rise[(int) y] : SpecialFunctions.logGamma(y + theta) - logGamma;
    }

    double digammaRise(double y) {
      return y <= TABLE ? digammas[(int) y] : SpecialFunctions.digamma(y + theta) - digamma;
    }

    double trigammaFall(double y) {
      return y <= TABLE ? trigammas[(int) y] : trigamma - SpecialFunctions.trigamma(y + theta);
    }

    /**
     * What {@link #log1pRatioOf} takes the log of: {@code theta + mu}, or {@code 1
     * + mu / theta} where mu is small against theta.
     */
    double logArgument(double mu) {
      return mu > SMALL_RATIO * theta ? theta + mu : 1 + mu / theta;
    }

    /** {@code log(1 + mu / theta)} given {@code logArgument = log(logArgument(mu))}. */
    double log1pRatioOf(double mu, double logArgument) {
      return mu > SMALL_RATIO * theta ? logArgument - logTheta
          : ExpLog.log1p(mu / theta, logArgument);
    }

    /** {@code log(1 + mu / theta)}, given {@code logSum = log(theta + mu)}. */
    double log1pRatio(double mu, double logSum) {
      return mu > SMALL_RATIO * theta ? logSum - logTheta : ExpLog.log1p(mu / theta);
    }
  }

  /** The information depends on theta row by row: the last pass's covariance stands. */
  @Override
  public double covarianceRatio(double from, double to) {
    return 1;
  }
}
