package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.param.ParamMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code acceleration} param of both estimators: default true (the engine's), passed to the
 * engine's settings, kept by copies.
 */
class AccelerationParamTest {
  @Test
  void defaultOnPassedToTheEngineAndKeptByCopies() {
    for (MixtureEstimator<?, ?> e : new MixtureEstimator<?, ?>[] {new MixtureOfRegressions(),
        new MixtureOfExperts()}) {
      assertTrue(e.getAcceleration());
      assertTrue(e.engineConfig().acceleration());
      e.setAcceleration(false);
      assertFalse(e.engineConfig().acceleration());
      assertFalse(e.copy(ParamMap.empty()).getAcceleration());
    }
  }
}
