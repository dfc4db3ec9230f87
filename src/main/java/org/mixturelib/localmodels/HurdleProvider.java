package org.mixturelib.localmodels;

import java.util.List;
import java.util.Set;

/**
 * The provider of a hurdle family ({@code hurdlepoisson}, {@code hurdlenegbin}): K {@link
 * HurdleExperts} around K GLM experts of a count family (its {@code link} setting passed on).
 * The hurdle reads the zero part's columns as the zero-inflated families do: an intercept,
 * plus the family column of role {@value ZeroInflation#ZERO} when the setting {@code zeroCol}
 * names one; the setting {@code labelCol} names the label column in the messages about bad
 * counts.
 */
final class HurdleProvider implements ExpertFamilyProvider, FamilyColumns {
  private final GlmFamily countFamily;

  /** @param countFamily the count family ({@link GlmFamily#POISSON}, ...) */
  HurdleProvider(GlmFamily countFamily) {
    this.countFamily = countFamily;
  }

  @Override
  public String typeId() {
    return HurdleExperts.PREFIX + countFamily.typeId();
  }

  @Override
  public List<String> columnRoles() {
    return List.of(ZeroInflation.ZERO);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    settings.refuseOthers(typeId(), Set.of(ZeroInflation.ZERO + "Col", "labelCol", "link"));
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family '" + typeId() + "' fits one output, got "
          + numOutputs);
    }
    HurdleExperts experts = new HurdleExperts(new GlmExperts(countFamily,
        countFamily.link(settings.text("link", "")), numExperts, numFeatures),
        settings.has(ZeroInflation.ZERO + "Col") ? List.of(ZeroInflation.ZERO) : List.of());
    if (settings.has("labelCol")) {
      experts.setLabelName(settings.text("labelCol", "label"));
    }
    return experts;
  }
}
