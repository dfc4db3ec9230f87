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
}
