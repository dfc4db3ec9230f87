package org.mixturelib.localmodels;

import java.util.Set;

/**
 * The provider of a hurdle family ({@code hurdlepoisson}, {@code hurdlenegbin}): K {@link
 * HurdleExperts} around K GLM experts of a count family (its {@code link} setting passed on),
 * the hurdle's inputs and the other settings as {@link ZeroPartProvider} says.
 */
final class HurdleProvider extends ZeroPartProvider {
  private final GlmFamily countFamily;

  /** @param countFamily the count family ({@link GlmFamily#POISSON}, ...) */
  HurdleProvider(GlmFamily countFamily) {
    super(HurdleExperts.PREFIX, countFamily.typeId());
    this.countFamily = countFamily;
  }

  @Override
  Set<String> ownSettings() {
    return Set.of("link");
  }

  @Override
  ZeroPartExperts<?> create(int numExperts, int numFeatures, ZeroInputs zero,
      FamilySettings settings) {
    return new HurdleExperts(new GlmExperts(countFamily,
        countFamily.link(settings.text("link", "")), numExperts, numFeatures), zero);
  }
}
