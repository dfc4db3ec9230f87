package org.mixturelib.engine;

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
 * The engine does not stop a fit as converged on a penalised step that features outside the
 * screened sets would change ({@link org.mixturelib.localmodels.ScreenedFeatures}): even at a
 * tolerance every bound change meets, the fit runs until a step is the whole matrix's (the first
 * step, from no screened columns, is not).
 */
class ElasticNetConvergenceTest {
  @Test
  void aFitEndsOnlyOnACompleteScreen() {
    int d = 20;
    Random r = new Random(5);
    double[][] x = new double[500][d + 1];
    double[][] y = new double[500][1];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = r.nextGaussian();
      }
      x[i][d] = 1;
      y[i][0] = 1 + x[i][0] - 0.7 * x[i][4] + 0.5 * x[i][9] + 0.5 * r.nextGaussian();
    }
    for (String penalty : new String[] {"auto", "0.02"}) {
      GlmExperts experts = (GlmExperts) ExpertFamilies.create("gaussian", 1, d + 1, 1,
          FamilySettings.NONE.with("penalty", penalty));
      FitResult fit = new EmEngine(InMemorySource.of(x, y, null), List.of(),
          new EmConfig().numInit(1).maxIter(50).seed(2).tol(1e300)).fit(
          new MixtureState(experts, new HyperModelDirichlet(1)));
      GlmExperts fitted = (GlmExperts) fit.state().experts();
      assertTrue(fit.converged(), penalty);
      assertTrue(fitted.screeningComplete(), penalty + ": converged on an incomplete screen");
      assertTrue(fit.iterations() >= 2, penalty + ": " + fit.iterations() + " iterations");
    }
  }
}
