package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A response distribution of {@link GlmExperts} (the family half of Spark's {@code
 * GeneralizedLinearRegression}'s family x link): its log-density, variance, start, the
 * derivatives in the mean that IRLS and the standard errors need, which labels it admits, and
 * the links it takes. Everything is per row, in the mean {@code mu} of one trial (a probability
 * for the binomial) and the row's number of trials (1 but for the binomial). A family with a
 * parameter of its own per expert (a shape, a dispersion) adds {@link ShapedGlmFamily}. The
 * library's families are {@link GlmFamilies}'s, by type id.
 */
public interface GlmFamily extends Serializable {
  /** Counts. */
  GlmFamily POISSON = new PoissonFamily();
  /** Successes out of trials. */
  GlmFamily BINOMIAL = new BinomialFamily();
  /** Positive answers with a shape. */
  GlmFamily GAMMA = new GammaFamily();
  /** Overdispersed counts (NB2) with a theta per expert. */
  GlmFamily NEGBIN = new NegativeBinomialFamily();
  /** Normal answers through the log link, with a variance per expert. */
  GlmFamily GAUSSIAN = new GaussianFamily();

  /** The family's type id, as the {@code family} param takes it ({@code "poisson"}, ...). */
  String typeId();

  /** The family's name in titles and summaries ({@code "Poisson"}, {@code "Gamma"}, ...). */
  String displayName();

  /** The links the family takes, its default first. */
  List<Link> links();

  /** The link used when none is given (the first of {@link #links()}). */
  default Link defaultLink() {
    return links().get(0);
  }

  /**
   * The link of that id, or the default one for null or empty.
   *
   * @throws IllegalArgumentException naming {@code link} and the family when the family does
   *     not take it
   */
  default Link link(String id) {
    if (id == null || id.isEmpty()) {
      return defaultLink();
    }
    List<String> ids = new ArrayList<>();
    for (Link l : links()) {
      if (l.id().equals(id)) {
        return l;
      }
      ids.add(l.id());
    }
    throw new IllegalArgumentException("link '" + id + "' is not supported with family '"
        + typeId() + "' (it takes: " + String.join(", ", ids) + ")");
  }

  /**
   * Whether the density is defined at {@code label}: the fit's checks and the jobs' {@code
   * --bad-rows skip} both ask this.
   *
   * @param trials the row's number of trials (1 without a trials column)
   */
  boolean admits(double label, double trials);

  /** What {@link #admits} asks of a label, for messages ({@code "counts (integers >= 0)"}). */
  String labelRule();

  /** R's {@code mustart}: the mean (of one trial) the first IRLS step starts from. */
  double startMean(double label, double trials);

  /**
   * The part of the log-density that neither the mean nor a shape touches ({@code -log y!},
   * {@code log C(n, y)}, ...), at an admitted label.
   */
  double rowConstant(double label, double trials);

  /**
   * The log-density less {@link #rowConstant} at the linear predictor {@code eta} through
   * {@code link}.
   *
   * @param shape the expert's own parameter of a {@link ShapedGlmFamily}; ignored otherwise
   */
  double logDensity(double label, double trials, double eta, Link link, double shape);

  /**
   * {@link #logDensity(double, double, double, Link, double)} given the link's mean at eta
   * ({@code linkMean = link.mean(eta)}), which the E-step pass has already ({@link Link#means}):
   * a family overrides it so as not to evaluate the mean again. The default ignores it.
   */
  default double logDensity(double label, double trials, double eta, double linkMean, Link link,
      double shape) {
    return logDensity(label, trials, eta, link, shape);
  }

  /**
   * The family's per-row work of the E-step pass at {@code link}, a column of rows at a time:
   * the general {@link GlmColumns.RowByRow} unless the family has loops of its own for that
   * link.
   */
  default GlmColumns columns(Link link) {
    return new GlmColumns.RowByRow(this, link);
  }

  /**
   * The mean kept inside the family's support: a link whose means can leave it (identity or
   * inverse for counts or positive answers, log for probabilities) gives, at a linear
   * predictor outside its domain, the nearest valid mean, so that the log-density is low but
   * finite (and flat in eta there: such a row adds nothing to the IRLS step) and a step that
   * crosses the edge is halved as any step whose bound fell (R's {@code glm} halves such steps
   * too; EM starts from a few rows each, whose fit need not be valid on the others). The
   * default keeps every mean.
   */
  default double validMean(double mu) {
    return mu;
  }

  /**
   * {@code log mu} at the valid mean mu of {@code eta}: the link's exact {@link
   * Link#logMean} where the link's mean is valid, else {@code log mu}.
   */
  static double logMean(Link link, double eta, double mu) {
    return logMean(link, eta, link.mean(eta), mu);
  }

  /** {@link #logMean(Link, double, double)} given the link's mean at eta. */
  static double logMean(Link link, double eta, double linkMean, double mu) {
    return mu == linkMean ? link.logMean(eta) : Math.log(mu);
  }

  /**
   * The smallest mean of a family whose means are positive ({@link #validMean}): the machine
   * epsilon, the log link's own floor (as R's), so that the log link never holds a mean.
   */
  double MIN_MEAN = 0x1.0p-52;

  /**
   * The dispersion phi by which the family's log-density in the mean is {@code -deviance / (2
   * phi)} (the scale of glmnet's objective, {@link ElasticNet}): the Gaussian's variance,
   * Gamma's {@code 1 / shape}; 1 for a family without one (Poisson, binomial, and the negative
   * binomial at its theta).
   *
   * @param shape the expert's own parameter of a {@link ShapedGlmFamily}; ignored otherwise
   */
  default double devianceDispersion(double shape) {
    return 1;
  }

  /** The variance of one trial's answer at mean mu. */
  double variance(double mu, double shape);

  /** {@code ∂ log p / ∂ mu}. */
  double meanScore(double label, double trials, double mu, double shape);

  /** {@code E[-∂² log p / ∂ mu²]}, the Fisher information in mu (IRLS's weight). */
  double meanInformation(double trials, double mu, double shape);

  /** {@code -∂² log p / ∂ mu²} at the label (the observed information). */
  double meanCurvature(double label, double trials, double mu, double shape);

  /**
   * The note for an expert whose linear predictor runs beyond 30 in magnitude on some of its
   * rows.
   *
   * @param expert the expert's number, from 1
   */
  default String extremeNote(int expert) {
    return "expert " + expert + "'s mean runs off to 0 or infinity on some of its rows"
        + " (|linear predictor| > 30); its coefficients are not well determined; the fit stays"
        + " finite";
  }

  /** Whether v is an integer {@code >= min} (and finite). */
  static boolean wholeAtLeast(double v, double min) {
    return v >= min && v == Math.rint(v) && v < Double.POSITIVE_INFINITY;
  }
}
