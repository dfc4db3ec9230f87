package org.mixturelib.examples;

import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertFamilyProvider;

/**
 * Registers {@link LaplaceExperts} under {@value LaplaceExperts#TYPE_ID}, through {@code
 * META-INF/services/org.mixturelib.localmodels.ExpertFamilyProvider} in the test resources, so
 * that {@code setFamily("laplace")} fits them in Spark ML and saved models load them.
 */
public final class LaplaceExpertsProvider implements ExpertFamilyProvider {
  @Override
  public String typeId() {
    return LaplaceExperts.TYPE_ID;
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    if (numOutputs != 1) {
      throw new IllegalArgumentException("Laplace experts fit one output, got " + numOutputs);
    }
    return new LaplaceExperts(numExperts, numFeatures);
  }
}
