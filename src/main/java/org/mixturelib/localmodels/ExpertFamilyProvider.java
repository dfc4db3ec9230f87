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
}
