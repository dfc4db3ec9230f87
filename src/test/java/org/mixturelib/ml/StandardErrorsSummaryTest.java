package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;

/**
 * The summary's standard errors: the Spark pass over several partitions equals the in-memory
 * pass at the same parameters, the shapes follow the model's accessors, z, p and intervals
 * follow from the estimates and errors, and fits without them say why.
 */
class StandardErrorsSummaryTest {
  @Test
  void regressionErrorsEqualTheInMemoryPassAndFollowTheAccessors() {
    Lines.Data d = Lines.twoLines(400, 7);
    MixtureOfRegressionsModel model = new MixtureOfRegressions().setNumInit(2).setLocalRows(0)
        .fit(Lines.frame(d, 3));
    MixtureSummary s = model.summary();
    assertTrue(s.hasStandardErrors());
    assertTrue(s.standardErrorWarnings().isEmpty(), s.standardErrorWarnings().toString());
    StandardErrors local = ObservedInformation.compute(rows(d), model.mixtureState());
    StandardErrors spark = s.standardErrors();
    for (int j = 0; j < local.size(); j++) {
      assertEquals(local.standardError(j), spark.standardError(j),
          1e-9 * local.standardError(j), local.name(j));
    }
    Matrix se = s.coefficientStandardErrors();
    Vector interceptSe = s.interceptStandardErrors();
    Matrix z = s.tValues();
    Matrix p = s.pValues();
    Matrix[] ci = s.coefficientConfidenceIntervals(0.95);
    assertEquals(2, se.numRows());
    assertEquals(1, se.numCols());
    assertEquals(2, z.numCols());
    for (int e = 0; e < 2; e++) {
      double slope = model.coefficients().apply(e, 0);
      double intercept = model.intercepts().apply(e);
      // the slope is feature 0, the intercept the experts' last feature
      assertEquals(local.standardError(local.layout().expert(e, 0)), se.apply(e, 0), 1e-9);
      assertEquals(local.standardError(local.layout().expert(e, 1)), interceptSe.apply(e),
          1e-9);
      assertEquals(slope / se.apply(e, 0), z.apply(e, 0), 1e-9 * Math.abs(z.apply(e, 0)));
      assertEquals(intercept / interceptSe.apply(e), z.apply(e, 1), 1e-9);
      assertTrue(p.apply(e, 0) >= 0 && p.apply(e, 0) < 1e-10, "p " + p.apply(e, 0));
      assertEquals(slope - 1.959964 * se.apply(e, 0), ci[0].apply(e, 0), 1e-5);
      assertEquals(slope + 1.959964 * se.apply(e, 0), ci[1].apply(e, 0), 1e-5);
    }
    Vector w = model.mixingWeights();
    Vector wse = s.mixingWeightStandardErrors();
    // binomial-like: close to sqrt(pi (1 - pi) / N) for well-separated components
    double binomial = Math.sqrt(w.apply(0) * w.apply(1) / 400);
    assertEquals(binomial, wse.apply(0), 0.1 * binomial);
    assertEquals(wse.apply(0), wse.apply(1), 1e-12);
    assertEquals(1, s.gateCoefficients().numRows());
    assertEquals(1, s.gateCoefficients().numCols());
    assertEquals(Math.log(w.apply(1) / w.apply(0)), s.gateCoefficients().apply(0, 0), 1e-6);
  }

  @Test
  void theLinearGateHasErrorsAndTheWeightsNone() {
    Lines.Data d = Lines.gated(300, 3);
    MixtureOfExpertsModel model = new MixtureOfExperts().setNumInit(1).setMaxIter(12)
        .fit(Lines.frame(d, 2));
    MixtureSummary s = model.summary();
    assertTrue(s.hasStandardErrors());
    Matrix gate = s.gateCoefficients();
    Matrix gse = s.gateStandardErrors();
    // one row (component 1 against 0), intercept and the coefficient on x
    assertEquals(1, gate.numRows());
    assertEquals(2, gate.numCols());
    assertTrue(gse.apply(0, 0) > 0 && gse.apply(0, 1) > 0, gse.toString());
    assertEquals(gate.apply(0, 1) / gse.apply(0, 1), s.gateTValues().apply(0, 1), 1e-9);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        s::mixingWeightStandardErrors);
    assertTrue(e.getMessage().contains("depend on x"), e.getMessage());
  }

  @Test
  void bayesianExpertsHaveNoErrorsAndTheSummarySaysWhy() {
    Lines.Data d = Lines.twoLines(200, 7);
    MixtureSummary s = new MixtureOfRegressions().setNumInit(1).setPriorCovariance(10.0)
        .fit(Lines.frame(d, 1)).summary();
    assertFalse(s.hasStandardErrors());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        s::coefficientStandardErrors);
    assertTrue(e.getMessage().contains("without priors"), e.getMessage());
  }

  /** The rows of {@link Lines#frame} as the estimator sees them (no weightCol): [x, 1], y. */
  private static InMemorySource rows(Lines.Data d) {
    double[][] x = new double[d.n()][];
    double[][] y = new double[d.n()][];
    for (int i = 0; i < d.n(); i++) {
      x[i] = new double[] {d.x()[i], 1};
      y[i] = new double[] {d.y()[i]};
    }
    return InMemorySource.of(x, y, null);
  }
}
