package org.mixturelib.localmodels;

import java.util.List;
import java.util.Set;

/**
 * The provider of a zero-inflated family ({@code zipoisson}, {@code zinegbin}): K {@link
 * ZeroInflatedExperts} around K experts of a registered count family. The zero part is an
 * intercept, plus the family column of role {@value #ZERO} when the setting {@code zeroCol}
 * names one (the Spark ML param {@code zeroCol}, see {@link FamilyColumns}); the setting {@code
 * labelCol} names the label column in the messages about bad counts.
 */
final class ZeroInflation implements ExpertFamilyProvider, FamilyColumns, RowRules {
  /** The role of the zero part's own column. */
  static final String ZERO = "zero";

  private final String countFamily;

  /** @param countFamily the type id of the count experts ({@code "poisson"}, ...) */
  ZeroInflation(String countFamily) {
    this.countFamily = countFamily;
  }

  @Override
  public String typeId() {
    return ZeroInflatedExperts.PREFIX + countFamily;
  }

  /** The count family's rule: the zero part takes every count. */
  @Override
  public RowRule rowRule(FamilySettings settings) {
    return ExpertFamilies.rowRule(countFamily, FamilySettings.NONE);
  }

  @Override
  public List<String> columnRoles() {
    return List.of(ZERO);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    settings.refuseOthers(typeId(), Set.of(ZERO + "Col", "labelCol"));
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family '" + typeId() + "' fits one output, got "
          + numOutputs);
    }
    ZeroInflatedExperts experts = new ZeroInflatedExperts(ExpertFamilies.create(countFamily,
        numExperts, numFeatures, numOutputs), settings.has(ZERO + "Col") ? List.of(ZERO)
        : List.of());
    if (settings.has("labelCol")) {
      experts.setLabelName(settings.text("labelCol", "label"));
    }
    return experts;
  }
}
