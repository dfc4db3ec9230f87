package org.mixturelib.localmodels;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The provider of a family of count experts with a zero part ({@link ZeroPartExperts}): the
 * type id is a prefix followed by the count family's; the zero part is an intercept, plus the
 * column the setting {@code zeroCol} names or the entries of the vector column the setting
 * {@code zeroFeaturesCol} names (the Spark ML params of the same names, see {@link
 * FamilyColumns} and {@link ZeroInputs#of}); the setting {@code labelCol} names the label column
 * in the messages about bad counts; the row rule is the count family's (the zero part takes
 * every count).
 */
abstract class ZeroPartProvider implements ExpertFamilyProvider, FamilyColumns, RowRules {
  private final String prefix;
  private final String countFamily;

  /**
   * @param prefix the prefix of the type id
   * @param countFamily the type id of the count experts ({@code "poisson"}, ...)
   */
  ZeroPartProvider(String prefix, String countFamily) {
    this.prefix = prefix;
    this.countFamily = countFamily;
  }

  /** The settings the family takes besides the zero part's and {@code labelCol}. */
  Set<String> ownSettings() {
    return Set.of();
  }

  /** K experts of one output on D features whose zero part reads {@code zero}. */
  abstract ZeroPartExperts<?> create(int numExperts, int numFeatures, ZeroInputs zero,
      FamilySettings settings);

  @Override
  public final String typeId() {
    return prefix + countFamily;
  }

  @Override
  public final RowRule rowRule(FamilySettings settings) {
    return ExpertFamilies.rowRule(countFamily, FamilySettings.NONE);
  }

  @Override
  public final List<String> columnRoles() {
    return List.of(ZeroInputs.ZERO);
  }

  @Override
  public final List<String> vectorRoles() {
    return List.of(ZeroInputs.ZERO_FEATURES);
  }

  @Override
  public final ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  @Override
  public final ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    Set<String> allowed = new HashSet<>(ZeroInputs.SETTINGS);
    allowed.add("labelCol");
    allowed.addAll(ownSettings());
    settings.refuseOthers(typeId(), allowed);
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family '" + typeId() + "' fits one output, got "
          + numOutputs);
    }
    ZeroPartExperts<?> experts = create(numExperts, numFeatures,
        ZeroInputs.of(typeId(), settings), settings);
    if (settings.has("labelCol")) {
      experts.setLabelName(settings.text("labelCol", "label"));
    }
    return experts;
  }
}
