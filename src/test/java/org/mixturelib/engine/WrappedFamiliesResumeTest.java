package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseExperts;
import org.mixturelib.localmodels.ZeroInflatedExperts;
import org.mixturelib.persistence.Resumable;

/**
 * The wrapping families in a checkpoint: zero-inflated experts keep the count experts' and the
 * zero part's last step to halve, the noise component keeps its background and the Gaussian
 * experts' noise floor.
 */
class WrappedFamiliesResumeTest {
  private static <T extends Resumable> T roundTrip(T from, T into) {
    CheckpointRecord r = new CheckpointRecord("test");
    from.writeParameters(r.item("parameters"));
    from.writeProgress(r.item("progress"));
    into.readParameters(r.item1("parameters"));
    into.readProgress(r.item1("progress"));
    return into;
  }

  private static ZeroInflatedExperts zip() {
    return new ZeroInflatedExperts(new GlmExperts(GlmFamily.POISSON, 2, 2), List.of());
  }

  @Test
  void zeroInflatedExpertsKeepTheirLastStepToHalve() {
    Random rnd = new Random(8);
    double[][] x = new double[400][];
    double[][] y = new double[400][1];
    for (int i = 0; i < x.length; i++) {
      double t = rnd.nextDouble();
      x[i] = new double[] {1, t};
      y[i][0] = rnd.nextDouble() < 0.3 ? 0 : Math.floor(3 * t + 4 * rnd.nextDouble());
    }
    ZeroInflatedExperts fitted = (ZeroInflatedExperts) new EmEngine(InMemorySource.of(x, y,
        null), List.of(), new EmConfig().numInit(1).maxIter(4).seed(3)).fit(
        new MixtureState(zip(), new HyperModelDirichlet(2))).state().experts();
    ZeroInflatedExperts back = roundTrip(fitted, zip());
    ZeroInflatedExperts parametersOnly = zip();
    CheckpointRecord r = new CheckpointRecord("test");
    fitted.writeParameters(r);
    parametersOnly.readParameters(r);
    assertFalse(parametersOnly.halveLastStep(), "the parameters alone hold no step");
    assertTrue(fitted.halveLastStep());
    assertTrue(back.halveLastStep());
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(fitted.coefficients(e), back.coefficients(e), "expert " + e);
      assertArrayEquals(fitted.zeroCoefficients(e), back.zeroCoefficients(e), "zero " + e);
    }
  }

  @Test
  void theNoiseComponentKeepsItsBackgroundAndTheNoiseFloor() {
    Random rnd = new Random(9);
    double[][] x = new double[300][];
    double[][] y = new double[300][1];
    for (int i = 0; i < x.length; i++) {
      double t = rnd.nextDouble();
      x[i] = new double[] {1, t};
      y[i][0] = (i % 2 == 0 ? 2 * t : -t) + 0.1 * rnd.nextGaussian() + (i % 30 == 0 ? 9 : 0);
    }
    NoiseExperts fitted = (NoiseExperts) new EmEngine(InMemorySource.of(x, y, null), List.of(),
        new EmConfig().numInit(1).maxIter(4).seed(3)).fit(new MixtureState(
        NoiseExperts.around(new LinearExperts(3, 2, 1), 0), new HyperModelDirichlet(3)))
        .state().experts();
    NoiseExperts back = roundTrip(fitted,
        NoiseExperts.around(new LinearExperts(3, 2, 1), 0));
    assertArrayEquals(fitted.coefficients(2), back.coefficients(2));
    assertArrayEquals(fitted.dispersions(), back.dispersions());
    assertEquals(((LinearExperts) fitted.inner()).varianceFloor(),
        ((LinearExperts) back.inner()).varianceFloor());
    assertTrue(((LinearExperts) back.inner()).varianceFloor() > 0, "the engine's floor");
  }
}
