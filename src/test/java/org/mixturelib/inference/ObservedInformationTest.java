package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.Models;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.SharedCsv;

/**
 * The observed information of one pass (Louis' identity per row) against the oracle: the
 * inverse of a numerical Hessian of the log-likelihood over the driver's parameters, at our
 * maximum, to 1e-4 relative.
 */
class ObservedInformationTest {
  private static final double REL = 1e-4;

  @Test
  void npregStandardErrorsMatchTheNumericalHessian() {
    InMemorySource data = npreg();
    FitResult fit = Models.fit(data, Models.regressions(2, 3));
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    // 2 x (3 coefficients + variance) + 1 log-odds
    assertEquals(9, se.size());
    assertEquals(fit.logLikelihood(), se.logLikelihood(), 1e-9);
    assertTrue(se.newtonDecrement() < 1e-3, "decrement " + se.newtonDecrement());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    assertMatchesOracle(data, fit.state(), se);
    double[][] weights = se.mixingWeights();
    assertEquals(1, weights[0][0] + weights[0][1], 1e-12);
    // two weights summing to one have the same error
    assertEquals(weights[1][0], weights[1][1], 1e-12);
    assertTrue(weights[1][0] > 0);
  }

  @Test
  void moeSynthStandardErrorsMatchTheNumericalHessian() {
    SharedCsv csv = SharedCsv.data("moe_synth_k2.csv");
    InMemorySource data = Models.withIntercept(csv.column("y"), csv.column("x"));
    FitResult fit = Models.fit(data, Models.gated(2, 2));
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    StandardErrors.Layout l = se.layout();
    // the gate reads the intercept column too: its coefficient folds into the intercept
    assertTrue(Double.isNaN(se.standardError(l.gate(1, 1))));
    assertEquals(0, se.estimate(l.gate(1, 1)));
    assertTrue(se.standardError(l.gate(1, 0)) > 0 && se.standardError(l.gate(1, 2)) > 0);
    // flexmix's gate -0.750 - 2.152 x (component 2 against the expert y = 1 + 2 x)
    double sign = LinearState.experts(fit.state()).coefficients(0)[1] > 1.5 ? 1 : -1;
    assertEquals(-0.750, sign * se.estimate(l.gate(1, 0)), 0.01);
    assertEquals(-2.152, sign * se.estimate(l.gate(1, 2)), 0.01);
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    assertMatchesOracle(data, fit.state(), se);
  }

  @Test
  void aFlooredVarianceHasNoErrorAndIsNamed() {
    InMemorySource data = npreg();
    FitResult fit = Models.fit(data, Models.regressions(2, 3));
    MixtureState s = fit.state().copy();
    // the floor at the smaller variance: that expert's is held there, the other's is free
    double[] v = LinearState.experts(s).noiseVariances();
    int held = v[1] <= v[0] ? 1 : 0;
    LinearState.experts(s).setVarianceFloor(v[held]);
    StandardErrors se = ObservedInformation.compute(data, s);
    int variance = se.layout().expert(held, 3);
    assertTrue(Double.isNaN(se.standardError(variance)));
    assertTrue(Double.isNaN(se.pValue(variance)));
    assertTrue(Double.isNaN(se.interval(variance, 0.95)[0]));
    assertEquals(1, se.warnings().size(), se.warnings().toString());
    assertTrue(se.warnings().get(0).contains("noise variance of expert " + (held + 1)),
        se.warnings().toString());
    // the others' errors are conditional on it, and still the oracle's
    assertMatchesOracle(data, s, se);
  }

  @Test
  void aDuplicatedFeatureMakesTheInformationSingularAndIsNamed() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    InMemorySource data = Models.withIntercept(csv.column("yn"), x, x.clone());
    FitResult fit = Models.fit(data, Models.regressions(2, 3));
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    assertTrue(Double.isNaN(se.standardError(se.layout().expert(0, 2))));
    assertTrue(Double.isNaN(se.standardError(se.layout().expert(1, 2))));
    assertTrue(se.warnings().stream().anyMatch(w -> w.contains("singular")
        && w.contains("coefficient 2 of expert 1")), se.warnings().toString());
    assertTrue(se.standardError(se.layout().expert(0, 1)) > 0);
  }

  @Test
  void aComponentWithoutWeightHasNoErrors() {
    InMemorySource data = npreg();
    FitResult fit = Models.fit(data, Models.regressions(2, 3));
    MixtureState s = fit.state().copy();
    // expert 1 far from every row: its responsibilities underflow to 0
    LinearState.experts(s).setCoefficients(1, new double[] {1e4, 0, 0});
    StandardErrors se = ObservedInformation.compute(data, s);
    for (int j = 0; j < 4; j++) {
      assertTrue(Double.isNaN(se.standardError(se.layout().expert(1, j))));
    }
    assertTrue(Double.isNaN(se.mixingWeights()[1][1]));
    assertTrue(se.warnings().stream().anyMatch(w -> w.contains("component 2 has weight")),
        se.warnings().toString());
  }

  @Test
  void bayesianExpertsAreRefusedWithTheReason() {
    MixtureState s = Models.regressions(2, 3);
    LinearState.experts(s).setPrior(0, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, true,
        new double[3]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ObservedInformation.compute(npreg(), s));
    assertTrue(e.getMessage().contains("posterior covariance"), e.getMessage());
  }

  /**
   * Gamma experts (log link) with their dispersions: the scores and curvatures are Gamma's
   * (they were Poisson's), so the errors are the oracle's, the dispersions' included.
   */
  @Test
  void gammaStandardErrorsMatchTheNumericalHessian() {
    Random rnd = new Random(11);
    int n = 600;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -1 + 3 * rnd.nextDouble();
      boolean first = rnd.nextDouble() < 0.4;
      double mean = first ? Math.exp(0.5 + x[i]) : Math.exp(2 - 0.8 * x[i]);
      int shape = first ? 4 : 6;
      double sum = 0; // Gamma(shape, mean / shape): a sum of exponentials
      for (int s = 0; s < shape; s++) {
        sum -= Math.log(1 - rnd.nextDouble());
      }
      y[i] = sum * mean / shape;
    }
    InMemorySource data = Models.withIntercept(y, x);
    MixtureState start = new MixtureState(new GlmExperts(GlmFamily.GAMMA, 2, 2),
        new HyperModelDirichlet(new double[] {1, 1}, false));
    FitResult fit = Models.fit(data, start, new EmConfig().tol(1e-12).maxIter(5000));
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    // 2 x (2 coefficients + dispersion) + 1 log-odds
    assertEquals(7, se.size());
    assertTrue(se.newtonDecrement() < 1e-3, "decrement " + se.newtonDecrement());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    int d = 2;
    for (int c = 0; c < 2; c++) {
      assertEquals(((GlmExperts) fit.state().experts()).dispersions()[c],
          se.estimate(se.layout().expert(c, d)),
          1e-15);
      assertTrue(se.standardError(se.layout().expert(c, d)) > 0);
    }
    assertMatchesOracle(data, fit.state(), se);
  }

  /** Every standard error equals the oracle's to {@link #REL}. */
  static void assertMatchesOracle(InMemorySource data, MixtureState state, StandardErrors se) {
    double[] oracle = new NumericalHessian(data, state, se).standardErrors(0.1);
    for (int j = 0; j < se.size(); j++) {
      double ours = se.standardError(j);
      if (Double.isNaN(ours)) {
        continue;
      }
      System.out.printf("%-40s ours %.8g oracle %.8g rel %.2e%n", se.name(j), ours,
          oracle[j], Math.abs(ours / oracle[j] - 1));
      assertEquals(oracle[j], ours, REL * oracle[j], se.name(j));
    }
  }

  /** flexmix's npreg model {@code yn ~ x + I(x^2)}. */
  static InMemorySource npreg() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    double[] xx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xx[i] = x[i] * x[i];
    }
    return Models.withIntercept(csv.column("yn"), x, xx);
  }
}
