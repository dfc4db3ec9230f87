package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.Models;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * Standard errors under shared and nested coefficients: the observed information in the
 * coordinates of the free coefficients (one position per shared coefficient, the structural
 * zeros held without an error or a warning) equals the numerical Hessian of the log-likelihood
 * over those coordinates.
 */
class SharedCoefficientsErrorsTest {
  /** Rows [1, x, w]; w's effect (0.7) shared, x's slope in component 1 only. */
  private static InMemorySource data(boolean poisson) {
    Random r = new Random(17);
    int n = 800;
    double[] x = new double[n];
    double[] w = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian();
      w[i] = r.nextDouble();
      boolean first = r.nextDouble() < 0.5;
      double eta = (first ? 0.3 + 0.8 * x[i] : 2.0) + 0.7 * w[i];
      if (poisson) {
        int k = 0;
        for (double p = r.nextDouble(), l = Math.exp(-Math.exp(eta)); p > l;
            p *= r.nextDouble()) {
          k++;
        }
        y[i] = k;
      } else {
        y[i] = 3 * eta + (first ? 0.5 : 1) * r.nextGaussian();
      }
    }
    return Models.withIntercept(y, x, w);
  }

  private static CoefficientStructure structure() {
    return CoefficientStructure.of(2, 3, new int[] {2},
        List.of(new CoefficientStructure.Group(new int[] {0}, new int[] {1})));
  }

  private static void check(InMemorySource data, MixtureState start, int expected) {
    FitResult fit = Models.fit(data, start, new EmConfig().tol(1e-12).maxIter(5000));
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    assertEquals(expected, se.size());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    assertTrue(se.newtonDecrement() < 1e-3, "decrement " + se.newtonDecrement());
    StandardErrors.Layout l = se.layout();
    // one position for the shared coefficient; the structural zero has no error
    assertEquals(l.expert(0, 2), l.expert(1, 2));
    assertEquals(0, se.estimate(l.expert(1, 1)));
    assertTrue(Double.isNaN(se.standardError(l.expert(1, 1))));
    assertTrue(se.standardError(l.expert(0, 2)) > 0);
    ObservedInformationTest.assertMatchesOracle(data, fit.state(), se);
  }

  @Test
  void poissonErrorsMatchTheNumericalHessian() {
    GlmExperts e = new GlmExperts(GlmFamily.POISSON, 2, 3);
    e.setCoefficientStructure(structure());
    // 2 intercepts, x in component 1, shared w, the zeros' position, 1 log-odds
    check(data(true), new MixtureState(e, new HyperModelDirichlet(new double[] {1, 1}, false)),
        6);
  }

  @Test
  void gaussianErrorsMatchTheNumericalHessian() {
    LinearExperts e = new LinearExperts(2, 3, 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    e.setCoefficientStructure(structure());
    // as above and 2 variances
    check(data(false), new MixtureState(e, new HyperModelDirichlet(new double[] {1, 1}, false)),
        8);
  }
}
