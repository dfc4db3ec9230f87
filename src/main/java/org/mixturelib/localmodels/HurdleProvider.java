package org.mixturelib.localmodels;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The provider of a hurdle family ({@code hurdlepoisson}, {@code hurdlenegbin}): K {@link
 * HurdleExperts} around K GLM experts of a count family (its {@code link} setting passed on).
 * The hurdle reads the zero part's columns as the zero-inflated families do ({@link
 * ZeroInputs#of}: an intercept, plus the column of setting {@code zeroCol} or the entries of
 * the vector column of setting {@code zeroFeaturesCol}); the setting {@code labelCol} names the
 * label column in the messages about bad counts.
 */
final class HurdleProvider implements ExpertFamilyProvider, FamilyColumns, RowRules {
  private final GlmFamily countFamily;

  /** @param countFamily the count family ({@link GlmFamily#POISSON}, ...) */
  HurdleProvider(GlmFamily countFamily) {
    this.countFamily = countFamily;
  }

  @Override
  public String typeId() {
    return HurdleExperts.PREFIX + countFamily.typeId();
  }

  /** The count family's rule: the hurdle takes every count. */
  @Override
  public RowRule rowRule(FamilySettings settings) {
    return ExpertFamilies.rowRule(countFamily.typeId(), FamilySettings.NONE);
  }

  @Override
  public List<String> columnRoles() {
    return List.of(ZeroInputs.ZERO);
  }

  @Override
  public List<String> vectorRoles() {
    return List.of(ZeroInputs.ZERO_FEATURES);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    Set<String> allowed = new HashSet<>(ZeroInputs.SETTINGS);
    allowed.addAll(Set.of("labelCol", "link"));
    settings.refuseOthers(typeId(), allowed);
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family '" + typeId() + "' fits one output, got "
          + numOutputs);
    }
    HurdleExperts experts = new HurdleExperts(new GlmExperts(countFamily,
        countFamily.link(settings.text("link", "")), numExperts, numFeatures),
        ZeroInputs.of(typeId(), settings));
    if (settings.has("labelCol")) {
      experts.setLabelName(settings.text("labelCol", "label"));
    }
    return experts;
  }
}
