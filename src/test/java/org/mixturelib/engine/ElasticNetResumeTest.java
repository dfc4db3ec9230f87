package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.GlmExperts;

/**
 * Penalised experts in a checkpoint: the screened features of each expert (whose Gram columns
 * the next pass gathers) and whether the last step was complete come back as they were, so that
 * a resumed fit gathers what the uninterrupted one would.
 */
class ElasticNetResumeTest {
  private static final int D = 30;

  private static GlmExperts experts() {
    return (GlmExperts) ExpertFamilies.create("gaussian", 2, D + 1, 1,
        FamilySettings.NONE.with("penalty", "auto"));
  }

  @Test
  void screenedFeaturesSurviveACheckpoint() {
    Random r = new Random(12);
    double[][] x = new double[800][D + 1];
    double[][] y = new double[800][1];
    for (int i = 0; i < x.length; i++) {
      boolean first = r.nextBoolean();
      double v = first ? -1 : 1;
      for (int j = 0; j < D; j++) {
        x[i][j] = r.nextGaussian();
      }
      x[i][D] = 1;
      v += first ? x[i][0] - 0.8 * x[i][1] : x[i][2] + 0.9 * x[i][3];
      y[i][0] = v + 0.5 * r.nextGaussian();
    }
    GlmExperts fitted = (GlmExperts) new EmEngine(InMemorySource.of(x, y, null), List.of(),
        new EmConfig().numInit(1).maxIter(3).seed(4)).fit(new MixtureState(experts(),
        new HyperModelDirichlet(2))).state().experts();
    CheckpointRecord rec = new CheckpointRecord("test");
    fitted.writeParameters(rec.item("parameters"));
    fitted.writeProgress(rec.item("progress"));
    GlmExperts back = experts();
    back.readParameters(rec.item1("parameters"));
    back.readProgress(rec.item1("progress"));
    for (int e = 0; e < 2; e++) {
      int[] screened = fitted.screenedFeatures(e);
      long nonzero = java.util.Arrays.stream(fitted.coefficients(e)).filter(b -> b != 0).count();
      // more than the support: the parameters alone would not give it
      assertTrue(screened.length > nonzero && screened.length < D, "screened "
          + screened.length + ", nonzero " + nonzero);
      assertArrayEquals(screened, back.screenedFeatures(e), "expert " + e);
    }
    assertEquals(fitted.screeningComplete(), back.screeningComplete());
  }
}
