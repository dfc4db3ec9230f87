package org.mixturelib.localmodels;

/**
 * Makes a family of experts from its type id: the service through which a family of one's own
 * becomes known to the Spark ML estimators ({@code setFamily(id)}) and to saved models. List
 * the implementing class in {@code META-INF/services/org.mixturelib.localmodels.ExpertFamilyProvider}
 * on the classpath ({@link java.util.ServiceLoader}); it needs a public no-argument
 * constructor. See {@link ExpertFamilies} and {@code docs/own-experts.md}.
 */
public interface ExpertFamilyProvider {
  /**
   * The family's type id: what {@code setFamily} takes and saved models record; it must equal
   * the {@link ExpertFamily#typeId()} of the families {@link #create} makes.
   */
  String typeId();

  /**
   * K experts before their first M-step.
   *
   * @param numExperts K
   * @param numFeatures D, the intercept column included when fitted
   * @param numOutputs M
   * @throws IllegalArgumentException when the family cannot have these sizes (say which)
   */
  ExpertFamily create(int numExperts, int numFeatures, int numOutputs);

  /**
   * K experts before their first M-step, with the family's own settings (a GLM family's
   * {@code link}, say; names as the Spark ML params). The default refuses any setting and calls
   * {@link #create(int, int, int)}: a family that takes settings overrides it.
   *
   * @param settings the family's settings; {@link FamilySettings#NONE} for none
   * @throws IllegalArgumentException naming a setting the family does not take or a value it
   *     refuses, or the sizes as {@link #create(int, int, int)} does
   */
  default ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    settings.refuseOthers(typeId(), java.util.Set.of());
    return create(numExperts, numFeatures, numOutputs);
  }
}
