package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;

/**
 * The observed information of grouped data ({@code y ~ x | g}), whose unit is the group: on
 * planted grouped mixtures (60 groups of 5 rows) the standard errors are those of the
 * numerical Hessian of the grouped log-likelihood at the fitted maximum; groups of one row
 * give the ungrouped information; a row of weight 2 counts as the same row twice in its group;
 * a component's weight is compared with one group's share.
 */
class GroupedInformationTest {
  private static final int GROUPS = 60;
  private static final int SIZE = 5;
  private static final EmConfig TIGHT = new EmConfig().tol(1e-12).maxIter(5000);

  @Test
  void gaussianGroupsMatchTheNumericalHessian() {
    Planted p = planted(false, 3);
    InMemorySource data = InMemorySource.grouped(p.x, p.y, null, p.keys, false);
    FitResult fit = Models.fit(data, Models.regressions(2, 2), TIGHT);
    assertEquals(GROUPS, fit.numGroups());
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    assertEquals(fit.logLikelihood(), se.logLikelihood(), 1e-8);
    assertTrue(se.newtonDecrement() < 1e-3, "decrement " + se.newtonDecrement());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    assertMatchesOracle(data, fit.state(), se);
    // the same rows ungrouped carry more information on the mixing weight than 60 groups
    StandardErrors rows = ObservedInformation.compute(ungrouped(p, null), fit.state());
    int gate = se.layout().gate(1, 0);
    assertTrue(se.standardError(gate) > 1.5 * rows.standardError(gate),
        se.standardError(gate) + " against " + rows.standardError(gate));
  }

  /** A linear gate on group-level features: the gate's derivatives at each group's gate row. */
  @Test
  void gatedGaussianGroupsMatchTheNumericalHessian() {
    Planted p = planted(true, 5);
    InMemorySource data = InMemorySource.grouped(p.x, p.y, null, p.keys, true);
    FitResult fit = Models.fit(data, Models.gated(2, 2), TIGHT);
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    assertEquals(fit.logLikelihood(), se.logLikelihood(), 1e-8);
    assertTrue(se.newtonDecrement() < 1e-3, "decrement " + se.newtonDecrement());
    assertMatchesOracle(data, fit.state(), se);
  }

  @Test
  void poissonGroupsMatchTheNumericalHessian() {
    Random rnd = new Random(17);
    double[][] x = new double[GROUPS * SIZE][];
    double[][] y = new double[GROUPS * SIZE][];
    Object[] keys = new Object[GROUPS * SIZE];
    for (int g = 0, i = 0; g < GROUPS; g++) {
      boolean first = rnd.nextDouble() < 0.4;
      for (int r = 0; r < SIZE; r++, i++) {
        double v = -1 + 2 * rnd.nextDouble();
        double mean = first ? Math.exp(0.5 + v) : Math.exp(2 - 0.8 * v);
        x[i] = new double[] {1, v};
        y[i] = new double[] {poisson(mean, rnd)};
        keys[i] = "g" + g;
      }
    }
    InMemorySource data = InMemorySource.grouped(x, y, null, keys, false);
    MixtureState start = new MixtureState(new GlmExperts(GlmFamily.POISSON, 2, 2),
        new HyperModelDirichlet(new double[] {1, 1}, false));
    FitResult fit = Models.fit(data, start, TIGHT);
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    // 2 x 2 coefficients + 1 log-odds
    assertEquals(5, se.size());
    assertEquals(fit.logLikelihood(), se.logLikelihood(), 1e-8);
    assertTrue(se.newtonDecrement() < 1e-3, "decrement " + se.newtonDecrement());
    assertMatchesOracle(data, fit.state(), se);
  }

  /** Groups of one row: the grouped information is the ungrouped one (dense and factored). */
  @Test
  void groupsOfOneRowGiveTheUngroupedInformation() {
    Planted p = planted(false, 7);
    Object[] own = new Object[p.x.length];
    for (int i = 0; i < own.length; i++) {
      own[i] = i;
    }
    // unit weights: a group of one row of weight 2 is that row's likelihood squared, not twice
    // its log-likelihood
    InMemorySource rows = ungrouped(p, null);
    FitResult fit = Models.fit(rows, Models.regressions(2, 2), TIGHT);
    InMemorySource singletons = InMemorySource.grouped(p.x, p.y, null, own, false);
    StandardErrors expected = ObservedInformation.compute(rows, fit.state());
    StandardErrors ours = ObservedInformation.compute(singletons, fit.state());
    assertEquals(expected.logLikelihood(), ours.logLikelihood(), 1e-9);
    for (int a = 0; a < expected.size(); a++) {
      for (int b = 0; b < expected.size(); b++) {
        double e = expected.covariance(a, b);
        assertEquals(e, ours.covariance(a, b), 1e-9 * Math.abs(e) + 1e-15);
      }
    }
  }

  /**
   * A component's share is compared with one group's, not one row's: two equal experts with
   * weights 0.995 and 0.005 give the second 0.3 groups (1.5 rows), too little for errors.
   */
  @Test
  void aComponentBelowOneGroupsShareHasNoErrors() {
    Planted p = planted(false, 3);
    InMemorySource data = InMemorySource.grouped(p.x, p.y, null, p.keys, false);
    FitResult fit = Models.fit(data, Models.regressions(2, 2), TIGHT);
    MixtureState s = fit.state().copy();
    LinearExperts experts = LinearState.experts(s);
    experts.setCoefficients(1, experts.coefficients(0));
    experts.setNoiseVariance(1, experts.noiseVariances()[0]);
    ((HyperModelDirichlet) s.gate()).updateFromCounts(new double[] {995, 5});
    StandardErrors se = ObservedInformation.compute(data, s);
    for (int j = 0; j < 3; j++) {
      assertTrue(Double.isNaN(se.standardError(se.layout().expert(1, j))));
      assertFalse(Double.isNaN(se.standardError(se.layout().expert(0, j))));
    }
    assertTrue(se.warnings().stream().anyMatch(w -> w.contains("component 2 has weight")
        && w.contains("one group's share")), se.warnings().toString());
  }

  /** A row of weight 2 in a group is the same row twice in that group. */
  @Test
  void aRowOfWeightTwoCountsTwiceInItsGroup() {
    Planted p = planted(false, 9);
    int n = p.x.length;
    double[] weights = new double[n];
    java.util.Arrays.fill(weights, 1);
    int extra = n / SIZE; // the first row of every group doubled
    double[][] x = new double[n + extra][];
    double[][] y = new double[n + extra][];
    Object[] keys = new Object[n + extra];
    System.arraycopy(p.x, 0, x, 0, n);
    System.arraycopy(p.y, 0, y, 0, n);
    System.arraycopy(p.keys, 0, keys, 0, n);
    for (int g = 0; g < extra; g++) {
      weights[g * SIZE] = 2;
      x[n + g] = p.x[g * SIZE];
      y[n + g] = p.y[g * SIZE];
      keys[n + g] = p.keys[g * SIZE];
    }
    InMemorySource weighted = InMemorySource.grouped(p.x, p.y, weights, p.keys, false);
    InMemorySource twice = InMemorySource.grouped(x, y, null, keys, false);
    FitResult fit = Models.fit(weighted, Models.regressions(2, 2), TIGHT);
    StandardErrors ours = ObservedInformation.compute(weighted, fit.state());
    StandardErrors expected = ObservedInformation.compute(twice, fit.state());
    assertEquals(expected.logLikelihood(), ours.logLikelihood(), 1e-8);
    for (int j = 0; j < expected.size(); j++) {
      assertEquals(expected.standardError(j), ours.standardError(j),
          1e-9 * expected.standardError(j), expected.name(j));
    }
  }

  /**
   * Every standard error equals the numerical Hessian's to 1e-5 relative (the gate's
   * coefficient on the intercept column, folded into its intercept, has none).
   */
  private static void assertMatchesOracle(InMemorySource data, MixtureState state,
      StandardErrors se) {
    double[] oracle = new NumericalHessian(data, state, se).standardErrors(0.1);
    for (int j = 0; j < se.size(); j++) {
      if (!Double.isNaN(se.standardError(j))) {
        assertEquals(oracle[j], se.standardError(j), 1e-5 * oracle[j], se.name(j));
      }
    }
  }

  /** Rows {@code [1, x]} of 60 groups of 5, each group from one of y = 1 + 2x, y = -1 - x. */
  private record Planted(double[][] x, double[][] y, Object[] keys) {}

  private static Planted planted(boolean groupLevelX, long seed) {
    Random rnd = new Random(seed);
    int n = GROUPS * SIZE;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    Object[] keys = new Object[n];
    for (int g = 0, i = 0; g < GROUPS; g++) {
      double shared = -2 + 4 * rnd.nextDouble();
      // with a gate on x, groups of large x lean to the first component
      double toFirst = groupLevelX ? 1 / (1 + Math.exp(-1.5 * shared)) : 0.4;
      boolean first = rnd.nextDouble() < toFirst;
      for (int r = 0; r < SIZE; r++, i++) {
        double v = groupLevelX ? shared : -2 + 4 * rnd.nextDouble();
        x[i] = new double[] {1, v};
        y[i] = new double[] {(first ? 1 + 2 * v : -1 - v) + 0.7 * rnd.nextGaussian()};
        keys[i] = g;
      }
    }
    return new Planted(x, y, keys);
  }

  private static InMemorySource ungrouped(Planted p, double[] weights) {
    return InMemorySource.of(p.x, p.y, weights);
  }

  private static double poisson(double mean, Random rnd) {
    double limit = Math.exp(-mean);
    double prod = rnd.nextDouble();
    int count = 0;
    while (prod > limit) {
      prod *= rnd.nextDouble();
      count++;
    }
    return count;
  }
}
