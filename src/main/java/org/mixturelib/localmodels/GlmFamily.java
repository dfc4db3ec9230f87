package org.mixturelib.localmodels;

import java.util.Locale;

/**
 * The response distributions of {@link GlmExperts}, each with the links it supports (the
 * canonical one first, the default).
 */
public enum GlmFamily {
  /** Counts {@code y = 0, 1, 2, ...}: {@code log p = y log mu - mu - log y!}; log link. */
  POISSON(Link.LOG),
  /**
   * Successes {@code y} out of {@code n} trials (n = 1 without a trials column, Bernoulli):
   * {@code log p = y log p + (n - y) log(1 - p) + log C(n, y)}; logit link.
   */
  BINOMIAL(Link.LOGIT),
  /**
   * Positive answers with mean mu and shape {@code nu = 1 / dispersion}: {@code log p = nu
   * log(nu y / mu) - nu y / mu - log y - log Γ(nu)}; log link (not the canonical inverse).
   */
  GAMMA(Link.LOG);

  private final Link link;

  GlmFamily(Link link) {
    this.link = link;
  }

  /** The default link of this family (the only one supported so far). */
  public Link defaultLink() {
    return link;
  }

  /** Whether the family has a dispersion parameter to fit (Gamma). */
  public boolean hasDispersion() {
    return this == GAMMA;
  }

  /** The family's name as the params take it ({@code "poisson"}, ...). */
  public String paramName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The family a params' name gives ({@code "poisson"}, ...), or null for another name. */
  public static GlmFamily ofParam(String name) {
    for (GlmFamily f : values()) {
      if (f.paramName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * Whether the family's density is defined at {@code label}: a count (an integer {@code >= 0})
   * for Poisson, an integer number of successes in {@code [0, trials]} for the binomial (with
   * {@link #admitsTrials admissible} trials), a finite positive value for Gamma. The fit's
   * checks and the jobs' {@code --bad-rows skip} both ask this.
   *
   * @param trials the row's number of trials (1 without a trials column); read by the binomial
   *     only
   */
  public boolean admits(double label, double trials) {
    return switch (this) {
      case POISSON -> wholeAtLeast(label, 0);
      case BINOMIAL -> admitsTrials(trials) && wholeAtLeast(label, 0) && label <= trials;
      case GAMMA -> label > 0 && label < Double.POSITIVE_INFINITY;
    };
  }

  /** Whether {@code trials} is a binomial number of trials: an integer {@code >= 1}. */
  public static boolean admitsTrials(double trials) {
    return wholeAtLeast(trials, 1);
  }

  private static boolean wholeAtLeast(double v, double min) {
    return v >= min && v == Math.rint(v) && v < Double.POSITIVE_INFINITY;
  }
}
