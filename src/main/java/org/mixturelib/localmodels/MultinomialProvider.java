package org.mixturelib.localmodels;

import java.util.Set;

/**
 * Makes {@link MultinomialExperts} (type id {@value MultinomialExperts#TYPE_ID}) from the
 * label's levels, given in the setting {@value CategoricalFamilyProvider#LEVELS}. The setting
 * {@code noiseModel} is taken and has no effect (the family has no noise).
 */
public final class MultinomialProvider implements CategoricalFamilyProvider, RowRules {
  private static final String NOISE_MODEL = "noiseModel";

  @Override
  public String typeId() {
    return MultinomialExperts.TYPE_ID;
  }

  /** A level of the label: one of the setting's levels when given, else any name or index. */
  @Override
  public RowRule rowRule(FamilySettings settings) {
    return new CategoricalRows(settings.has(LEVELS)
        ? CategoricalFamilyProvider.decode(settings.text(LEVELS, null)) : null);
  }

  /**
   * Refused: the family needs its levels.
   *
   * @throws IllegalArgumentException always, naming the setting
   */
  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    // noiseModel, which the front ends pass when set, means nothing here: there is no noise
    settings.refuseOthers(typeId(), Set.of(LEVELS, NOISE_MODEL));
    if (!settings.has(LEVELS)) {
      throw new IllegalArgumentException("family '" + typeId() + "' needs the label's levels"
          + " (setting '" + LEVELS + "'; the Spark ML estimators learn them from the label)");
    }
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family '" + typeId() + "' reads one label column"
          + " (the level), got " + numOutputs + " outputs");
    }
    return new MultinomialExperts(numExperts, numFeatures,
        CategoricalFamilyProvider.decode(settings.text(LEVELS, null)));
  }
}
