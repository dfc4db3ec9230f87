package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.InitMode;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.HurdleExperts;
import org.mixturelib.localmodels.ZeroInflatedExperts;
import org.mixturelib.localmodels.ZeroPartExperts;

/**
 * The observed information of two-component hurdle and zero-inflated mixtures with constant
 * weights, each zero part reading a covariate z of its own: at the fitted maximum of planted
 * data (N = 400) every standard error (count coefficients, theta, zero-part coefficients and
 * the weights' log-odds) equals that of the numerical Hessian of the mixture's log-likelihood
 * to 1e-5 relative.
 */
class ZeroPartInformationTest {
  private static final int N = 400;
  private static final double[][] COUNT = {{1, 0.5}, {2.5, -0.5}};
  private static final double[][] ZERO = {{1, 1.5}, {-0.5, -1}};

  @Test
  void twoComponentHurdlePoissonMatchesTheNumericalHessian() {
    check(new HurdleExperts(new GlmExperts(GlmFamily.POISSON, 2, 2), List.of("zero")), true);
  }

  @Test
  void twoComponentZeroInflatedNegbinMatchesTheNumericalHessian() {
    GlmExperts nb = new GlmExperts(GlmFamily.NEGBIN, 2, 2);
    for (int e = 0; e < 2; e++) {
      nb.setReportedShape(e, 4);
    }
    check(new ZeroInflatedExperts(nb, List.of("zero")), false);
  }

  private static void check(ZeroPartExperts<?> experts, boolean hurdle) {
    GlmExperts count = (GlmExperts) experts.countExperts();
    for (int e = 0; e < 2; e++) {
      count.setCoefficients(e, COUNT[e].clone());
      experts.setZeroCoefficients(e, ZERO[e].clone());
    }
    SplittableRandom rnd = new SplittableRandom(5);
    double[][] x = new double[N][];
    double[][] y = new double[N][];
    double[][] z = new double[N][];
    for (int i = 0; i < N; i++) {
      int c = rnd.nextDouble() < 0.4 ? 1 : 0;
      double v = 2 * rnd.nextDouble() - 1;
      double u = 2 * rnd.nextDouble() - 1;
      double mu = Math.exp(COUNT[c][0] + COUNT[c][1] * v);
      if (!hurdle) {
        mu *= gamma(4, rnd) / 4;
      }
      double p = 1 / (1 + Math.exp(-ZERO[c][0] - ZERO[c][1] * u));
      // a hurdle's p is that of a positive count, a zero inflation's that of a structural zero
      boolean drawn = hurdle == rnd.nextDouble() < p;
      int k = 0;
      while (drawn && (k == 0 || !hurdle)) {
        k = poisson(mu, rnd);
        if (!hurdle) {
          break;
        }
      }
      x[i] = new double[] {1, v};
      y[i] = new double[] {k};
      z[i] = new double[] {u};
    }
    InMemorySource data = InMemorySource.of(x, y, null, null,
        List.of(FamilyColumn.finite("zero", "z")), z);
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1, 1}, false);
    gate.updateFromCounts(new double[] {0.6 * N, 0.4 * N});
    FitResult fit = new EmEngine(data, List.of(), new EmConfig().initMode(InitMode.GIVEN)
        .perturbations(0).tol(1e-12).maxIter(20000)).fit(new MixtureState(experts, gate));
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    assertTrue(se.newtonDecrement() < 1e-6, "decrement " + se.newtonDecrement());
    double[] oracle = new NumericalHessian(data, fit.state(), se).standardErrors(0.1);
    int checked = 0;
    for (int j = 0; j < se.size(); j++) {
      double ours = se.standardError(j);
      if (!Double.isNaN(ours)) {
        System.out.printf("%-45s %10.5f ours %.8g oracle %.8g rel %.2e%n", se.name(j),
            se.estimate(j), ours, oracle[j], Math.abs(ours / oracle[j] - 1));
        assertEquals(oracle[j], ours, 1e-5 * oracle[j], se.name(j));
        checked++;
      }
    }
    assertEquals(2 * experts.expertParameters() + 1, checked);
  }

  private static int poisson(double mu, SplittableRandom rnd) {
    double limit = Math.exp(-mu);
    double prod = rnd.nextDouble();
    int k = 0;
    while (prod > limit) {
      prod *= rnd.nextDouble();
      k++;
    }
    return k;
  }

  /** A Gamma(shape, 1) draw for an integer shape: a sum of exponentials. */
  private static double gamma(int shape, SplittableRandom rnd) {
    double sum = 0;
    for (int j = 0; j < shape; j++) {
      sum -= Math.log(1 - rnd.nextDouble());
    }
    return sum;
  }
}
