package org.mixturelib.examples;

import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateProvider;
import org.mixturelib.hypermodels.GateSpec;

/**
 * Registers {@link SmoothedGate} under {@value SmoothedGate#TYPE_ID}, through {@code
 * META-INF/services/org.mixturelib.hypermodels.GateProvider} in the test resources, so that
 * {@code setGate("smoothed")} fits it in Spark ML and saved models and checkpoints read it.
 */
public final class SmoothedGateProvider implements GateProvider {
  @Override
  public String typeId() {
    return SmoothedGate.TYPE_ID;
  }

  @Override
  public boolean readsInputs() {
    return false;
  }

  @Override
  public Gate create(GateSpec spec) {
    return new SmoothedGate(spec.components());
  }
}
