package org.mixturelib.localmodels;

import java.util.List;
import org.mixturelib.linalg.SpecialFunctions;

/**
 * Positive answers with mean mu and shape {@code nu = 1 / dispersion}: {@code log p = nu
 * log(nu y / mu) - nu y / mu - log y - log Γ(nu)}; links log (the default, as before links
 * were chosen), inverse (the canonical one) and identity. The shape's M-step is its
 * maximum-likelihood value at the pass's means: the root of {@code log nu - ψ(nu) = s}, s the
 * weighted mean of {@code y/mu - 1 - log(y/mu)}. It reports the dispersion {@code 1 / nu}.
 */
final class GammaFamily implements ShapedGlmFamily {
  private static final long serialVersionUID = 1L;

  /** The one instance, also after Java deserialisation. */
  private Object readResolve() {
    return GlmFamily.GAMMA;
  }

  @Override
  public String typeId() {
    return "gamma";
  }

  @Override
  public String displayName() {
    return "Gamma";
  }

  @Override
  public List<Link> links() {
    return List.of(StandardLink.LOG, StandardLink.INVERSE, StandardLink.IDENTITY);
  }

  @Override
  public boolean admits(double label, double trials) {
    return label > 0 && label < Double.POSITIVE_INFINITY;
  }

  @Override
  public String labelRule() {
    return "finite labels > 0";
  }

  @Override
  public double startMean(double label, double trials) {
    return label;
  }

  @Override
  public double rowConstant(double label, double trials) {
    return -Math.log(label);
  }

  /** The last shape's {@link #shapeTerm}, or null: the pass asks for one shape row after row. */
  private transient volatile ShapeTerm lastShapeTerm;

  @Override
  public double logDensity(double label, double trials, double eta, Link link, double shape) {
    return logDensity(label, trials, eta, link.mean(eta), link, shape);
  }

  @Override
  public double logDensity(double label, double trials, double eta, double linkMean, Link link,
      double shape) {
    double nu = shape;
    double mu = validMean(linkMean);
    return shapeTerm(nu)
        + nu * (Math.log(label) - GlmFamily.logMean(link, eta, linkMean, mu) - label / mu);
  }

  /**
   * {@code nu log nu - log Γ(nu)}, the log-density's term in the shape alone: kept for the last
   * shape asked (an immutable pair, so that threads that share the family see a whole one), since
   * the E-step pass asks for one expert's shape on all of a block's rows.
   */
  private double shapeTerm(double nu) {
    ShapeTerm t = lastShapeTerm;
    if (t == null || t.shape() != nu) {
      t = new ShapeTerm(nu, nu * Math.log(nu) - SpecialFunctions.logGamma(nu));
      lastShapeTerm = t;
    }
    return t.value();
  }

  /** A shape and its {@link #shapeTerm}. */
  private record ShapeTerm(double shape, double value) {}

  /**
   * {@link Columns} at the identity and inverse links (whose {@link Link#logMean} is the log of
   * the mean); the general path at the log link.
   */
  @Override
  public GlmColumns columns(Link link) {
    return link == StandardLink.LOG ? ShapedGlmFamily.super.columns(link)
        : new Columns(this, link);
  }

  /**
   * The rows at a link whose log-mean is the log of its mean: one log a row, {@code log(y /
   * mu)}, a column at a time through the partition's {@link PassLoops}, serves the log-density
   * {@code nu (log(y / mu) - y / mu)} plus the shape's term and the shape's sum {@code y / mu - 1
   * - log(y / mu)}; the shape's term is looked up once per column.
   */
  static final class Columns implements GlmColumns {
    private final GammaFamily family;
    private final Link link;

    Columns(GammaFamily family, Link link) {
      this.family = family;
      this.link = link;
    }

    /** The link's means, and {@code log(y / mu)} at the valid means into the scratch. */
    @Override
    public void means(GlmColumn c, double shape) {
      int from = c.at;
      int n = c.n;
      link.means(c.eta, from, n, c.mean, c.derivative);
      for (int i = 0, at = from; i < n; i++, at++) {
        c.scratch[at] = c.label(i) / Math.max(c.mean[at], MIN_MEAN);
      }
      c.loops.log(c.scratch, from, n, c.scratch);
    }

    @Override
    public void addLogDensities(GlmColumn c, double shape, double[] out, int outAt,
        int stride) {
      means(c, shape);
      double nu = shape;
      double term = family.shapeTerm(nu);
      for (int i = 0, at = c.at, o = outAt; i < c.n; i++, at++, o += stride) {
        double ratio = c.label(i) / Math.max(c.mean[at], MIN_MEAN);
        out[o] += term + nu * (c.scratch[at] - ratio);
      }
    }

    @Override
    public void irls(GlmColumn c, double shape, double[] rw, double[] sums, int sumsAt) {
      double nu = shape;
      double sum = 0;
      for (int i = 0, at = c.at; i < c.n; i++, at++) {
        double linkMean = c.mean[at];
        double mu = Math.max(linkMean, MIN_MEAN);
        double y = c.label(i);
        double d1 = c.derivative[at];
        double inverse = nu * d1 / (mu * mu);
        boolean held = mu != linkMean;
        c.weight[at] = held ? 0 : inverse * d1;
        c.score[at] = held ? 0 : (y - mu) * inverse;
        sum += rw[at] * (y / mu - 1 - c.scratch[at]);
      }
      if (sums != null) {
        sums[sumsAt] += sum;
      }
    }
  }

  /** At least {@link GlmFamily#MIN_MEAN}. */
  @Override
  public double validMean(double mu) {
    return Math.max(mu, MIN_MEAN);
  }

  @Override
  public double variance(double mu, double shape) {
    return mu * mu / shape;
  }

  @Override
  public double meanScore(double label, double trials, double mu, double shape) {
    return shape * (label - mu) / (mu * mu);
  }

  @Override
  public double meanInformation(double trials, double mu, double shape) {
    return shape / (mu * mu);
  }

  @Override
  public double meanCurvature(double label, double trials, double mu, double shape) {
    return shape * (2 * label - mu) / (mu * mu * mu);
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
    double ratio = label / mu;
    sums[at] += weight * (ratio - 1 - Math.log(ratio));
  }

  /** The penalty itself: the sums are half the deviance. */
  @Override
  public void addShapePenalty(double penalty, double[] sums, int at) {
    sums[at] += penalty;
  }

  @Override
  public double nextShape(double[] sums, int at, double total, double shape) {
    return gammaShape(sums[at] / total);
  }

  /**
   * In {@code phi = 1 / nu}: with {@code g = ∂/∂nu = log nu + 1 - ψ(nu) + log(y/mu) - y/mu}
   * and {@code h = ∂²/∂nu² = 1/nu - ψ'(nu)}, {@code ∂/∂phi = -nu² g}, {@code ∂²/∂phi² = 2 nu³
   * g + nu⁴ h}, {@code ∂²/∂mu ∂phi = -nu² (y - mu) / mu²}.
   */
  @Override
  public void shapeDerivatives(double label, double trials, double mu, double shape,
      double[] out) {
    double nu = shape;
    double nu2 = nu * nu;
    double g = Math.log(nu) + 1 - SpecialFunctions.digamma(nu) + Math.log(label / mu)
        - label / mu;
    double h = 1 / nu - SpecialFunctions.trigamma(nu);
    out[0] = -nu2 * g;
    out[1] = -(2 * nu2 * nu * g + nu2 * nu2 * h);
    out[2] = nu2 * (label - mu) / (mu * mu);
  }

  /**
   * The maximum-likelihood Gamma shape given {@code s}, the weighted mean of {@code y/mu - 1 -
   * log(y/mu)}: the root of {@code log nu - ψ(nu) = s}, by Newton from Minka's approximation.
   */
  static double gammaShape(double s) {
    if (!(s > 1e-12)) {
      return 1e12;
    }
    double nu = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    for (int it = 0; it < 50; it++) {
      double f = Math.log(nu) - SpecialFunctions.digamma(nu) - s;
      double fp = 1 / nu - SpecialFunctions.trigamma(nu);
      double next = nu - f / fp;
      if (!(next > 0)) {
        next = nu / 2;
      }
      if (Math.abs(next - nu) <= 1e-12 * nu) {
        return next;
      }
      nu = next;
    }
    return nu;
  }

  /** The information is proportional to the shape. */
  @Override
  public double covarianceRatio(double from, double to) {
    return from / to;
  }
}
