package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.persistence.Resumable;
import org.mixturelib.support.Planted;

/**
 * What a checkpoint needs beyond the saved parameters, written by the components themselves
 * ({@link Resumable}): read into freshly built components, it gives them the fit's noise floor
 * and variance ratio (Gaussian experts) and the last step to halve (GLM experts), which their
 * parameters alone do not.
 */
class ResumableComponentsTest {
  /** {@code from}'s parameters and progress written and read into {@code into}. */
  private static <T extends Resumable> T roundTrip(T from, T into) {
    CheckpointRecord r = new CheckpointRecord("test");
    from.writeParameters(r.item("parameters"));
    from.writeProgress(r.item("progress"));
    into.readParameters(r.item1("parameters"));
    into.readProgress(r.item1("progress"));
    return into;
  }

  @Test
  void gaussianExpertsKeepTheFitsNoiseFloorAndRatio() {
    LinearExperts fitted = new LinearExperts(2, 2, 1);
    fitted.setVarianceFloor(0.25);
    fitted.setMaxVarianceRatio(100);
    LinearExperts back = roundTrip(fitted, new LinearExperts(2, 2, 1));
    assertEquals(0.25, back.varianceFloor());
    assertEquals(100, back.maxVarianceRatio());
  }

  @Test
  void glmExpertsKeepTheirLastStepToHalve() {
    Planted.Data data = Planted.experts(300, 2, 2, 2.0, 0.6, false, new double[] {0.5, 0.5}, 4);
    double[][] y = new double[data.y().length][1];
    for (int i = 0; i < y.length; i++) {
      y[i][0] = Math.exp(0.3 * data.y()[i][0]);
    }
    GlmExperts fitted = (GlmExperts) new EmEngine(InMemorySource.of(data.x(), y, null),
        List.of(), new EmConfig().numInit(1).maxIter(4).seed(3)).fit(new MixtureState(
        new GlmExperts(GlmFamily.GAMMA, 2, 2), new HyperModelDirichlet(2))).state().experts();
    GlmExperts back = roundTrip(fitted, new GlmExperts(GlmFamily.GAMMA, 2, 2));
    GlmExperts parametersOnly = new GlmExperts(GlmFamily.GAMMA, 2, 2);
    CheckpointRecord r = new CheckpointRecord("test");
    fitted.writeParameters(r);
    parametersOnly.readParameters(r);
    assertFalse(parametersOnly.halveLastStep(), "the parameters alone hold no step");
    assertTrue(fitted.halveLastStep());
    assertTrue(back.halveLastStep());
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(fitted.coefficients(e), back.coefficients(e), "expert " + e);
      assertArrayEquals(fitted.covariance(e), back.covariance(e), "covariance " + e);
    }
    assertArrayEquals(fitted.dispersions(), back.dispersions());
  }

  @Test
  void impossibleProgressIsRefused() {
    CheckpointRecord r = new CheckpointRecord("test");
    r.flag("started", true);
    r.integer("halvings", -1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GlmExperts(GlmFamily.POISSON, 2, 2).readProgress(r));
    assertEquals("test is refused: 'halvings' is -1, outside [0, 30]", e.getMessage());
    CheckpointRecord noise = new CheckpointRecord("test");
    noise.text("noiseModel", "SOMETIMES");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new LinearExperts(2, 2, 1).readProgress(noise)).getMessage()
        .contains("'noiseModel' is 'SOMETIMES', not a noise model"));
  }
}
