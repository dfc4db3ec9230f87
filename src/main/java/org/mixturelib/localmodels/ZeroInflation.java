package org.mixturelib.localmodels;

import java.util.List;

/**
 * The provider of a zero-inflated family ({@code zipoisson}, {@code zinegbin}): K {@link
 * ZeroInflatedExperts} around K experts of a registered count family, with an intercept-only
 * zero part (its own columns are given through {@link ZeroInflatedExperts}'s constructor).
 */
final class ZeroInflation implements ExpertFamilyProvider {
  private final String countFamily;

  /** @param countFamily the type id of the count experts ({@code "poisson"}, ...) */
  ZeroInflation(String countFamily) {
    this.countFamily = countFamily;
  }

  @Override
  public String typeId() {
    return ZeroInflatedExperts.PREFIX + countFamily;
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family '" + typeId() + "' fits one output, got "
          + numOutputs);
    }
    return new ZeroInflatedExperts(ExpertFamilies.create(countFamily, numExperts, numFeatures,
        numOutputs), List.of());
  }
}
