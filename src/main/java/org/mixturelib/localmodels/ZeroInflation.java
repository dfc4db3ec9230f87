package org.mixturelib.localmodels;

/**
 * The provider of a zero-inflated family ({@code zipoisson}, {@code zinegbin}): K {@link
 * ZeroInflatedExperts} around K experts of a registered count family, the zero part's inputs
 * and the settings as {@link ZeroPartProvider} says.
 */
final class ZeroInflation extends ZeroPartProvider {
  private final String countFamily;

  /** @param countFamily the type id of the count experts ({@code "poisson"}, ...) */
  ZeroInflation(String countFamily) {
    super(ZeroInflatedExperts.PREFIX, countFamily);
    this.countFamily = countFamily;
  }

  @Override
  ZeroPartExperts<?> create(int numExperts, int numFeatures, ZeroInputs zero,
      FamilySettings settings) {
    return new ZeroInflatedExperts(ExpertFamilies.create(countFamily, numExperts, numFeatures,
        1), zero);
  }
}
