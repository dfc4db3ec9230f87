package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.linalg.VectorSupport;
import org.mixturelib.localmodels.ExpertKernel;
import org.mixturelib.localmodels.ExpertStatistics;
import org.mixturelib.localmodels.MultinomialExperts;

/**
 * Multinomial-logit experts through the engine: a planted latent-class choice model (2
 * classes, 3 levels, 1,000 subjects of 10 choices each, N = 10⁴) recovered to 0.1 with a bound
 * that never decreases; a Newton step that overshoots, halved by the engine; beyond {@link
 * MultinomialExperts#HESSIAN_ROWS} rows, a Newton step whose Hessian samples the rows reaches
 * the maximum of the full likelihood in a Newton-like number of iterations; the same fit with the
 * softmax on the Vector API and row by row; bad labels and L = 1 refused naming what is wrong.
 */
class MultinomialPlantedTest {
  /** Per class, column-major D x (L-1) with D = (intercept, x): level 1's, then level 2's. */
  private static final double[][] PLANTED = {{0.5, 1.0, -0.5, 0.5}, {-0.5, -1.0, 0.5, -0.5}};

  /** Row i's class is its subject's: subject i / 10, class 0 for half of the subjects; x uniform on [-2, 2]. */
  static InMemorySource planted(long seed, int subjects, int choices, double[][] coef) {
    Random r = new Random(seed);
    int n = subjects * choices;
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    Object[] groups = new Object[n];
    for (int s = 0; s < subjects; s++) {
      int c = r.nextDouble() < 0.5 || coef.length == 1 ? 0 : 1;
      for (int t = 0; t < choices; t++) {
        int i = s * choices + t;
        x[i][0] = 1;
        x[i][1] = 4 * r.nextDouble() - 2;
        double e1 = coef[c][0] + coef[c][1] * x[i][1];
        double e2 = coef[c][2] + coef[c][3] * x[i][1];
        double z = 1 + Math.exp(e1) + Math.exp(e2);
        double u = r.nextDouble() * z;
        y[i][0] = u < 1 ? 0 : u < 1 + Math.exp(e1) ? 1 : 2;
        groups[i] = s;
      }
    }
    return InMemorySource.grouped(x, y, null, groups, false);
  }

  private static MixtureState model(int k, int d, int levels) {
    double[] mu = new double[k];
    java.util.Arrays.fill(mu, 1);
    return new MixtureState(MultinomialExperts.indexed(k, d, levels),
        new HyperModelDirichlet(mu, false));
  }

  @Test
  void plantedLatentClassChoicesAreRecovered() {
    InMemorySource data = planted(20261205L, 1000, 10, PLANTED);
    FitResult fit = Models.fit(data, model(2, 2, 3));
    MultinomialExperts e = (MultinomialExperts) fit.state().experts();
    // match the classes by the sign of level 1's slope
    int first = e.coefficients(0)[1] > 0 ? 0 : 1;
    for (int c = 0; c < 2; c++) {
      double[] got = e.coefficients(c == 0 ? first : 1 - first);
      System.out.println("class " + c + ": " + java.util.Arrays.toString(got));
      for (int j = 0; j < 4; j++) {
        assertEquals(PLANTED[c][j], got[j], 0.1, "class " + c + " coefficient " + j);
      }
    }
    Block b0 = data.blocks().get(0);
    double[] pi = new double[b0.n * 2];
    fit.state().gate().logPi(b0, null, pi, true);
    assertEquals(0.5, Math.exp(pi[first]), 0.05);
    assertEquals(2 * 2 * 2 + 1, fit.numFreeParameters());
  }

  /**
   * From coefficients far from the maximum (+-8 where it is near 0), a full Newton step lowers
   * the log-likelihood (checked here by hand); the engine halves it, so the bound never
   * decreases, and the fit reaches the maximum found from zero.
   */
  @Test
  void anOvershootingNewtonStepIsHalved() {
    InMemorySource data = planted(7L, 200, 5, new double[][] {{0.3, 0.5, -0.2, 0.4}});
    EmEngine engine = new EmEngine(data, List.of(), new EmConfig());
    MixtureState far = model(1, 2, 3);
    MultinomialExperts experts = (MultinomialExperts) far.experts();
    experts.setCoefficients(0, new double[] {8, -8, -8, 8});
    double before = engine.logLikelihood(far);
    MixtureState stepped = far.copy();
    MultinomialExperts m = (MultinomialExperts) stepped.experts();
    ExpertStatistics stats = m.newStatistics();
    ExpertKernel kernel = m.newKernel();
    double total = 0;
    for (Block b : data.blocks()) {
      kernel.addStatistics(b, b.weights.clone(), stats);
      total += b.totalWeight();
    }
    m.mStep(stats, new double[] {total});
    assertTrue(engine.logLikelihood(stepped) < before, "the full Newton step does not overshoot;"
        + " the test does not exercise step halving");
    assertTrue(m.halveLastStep());
    double[] half = m.coefficients(0);
    double[] full = ((MultinomialExperts) stepped.copy().experts()).coefficients(0);
    assertEquals(half[0], full[0], 0); // a copy keeps the halved coefficients

    FitResult fit = Models.fit(data, far, new EmConfig().initMode(InitMode.GIVEN).tol(1e-10)
        .acceleration(false));
    FitResult fromZero = Models.fit(data, model(1, 2, 3), new EmConfig().tol(1e-10));
    assertEquals(fromZero.logLikelihood(), fit.logLikelihood(), 1e-6);
  }

  @Test
  void aSampledHessianKeepsTheMaximumAndNewtonsPace() {
    // 3 x HESSIAN_ROWS rows: after the first M-step the Hessian sums every third row
    int subjects = 3 * MultinomialExperts.HESSIAN_ROWS / 10;
    InMemorySource data = planted(11L, subjects, 10, new double[][] {PLANTED[0]});
    FitResult fit = Models.fit(data, model(1, 2, 3), new EmConfig().tol(1e-12));
    double[] b = ((MultinomialExperts) fit.state().experts()).coefficients(0);
    // the full gradient Σ (y_l - p_l) x at the fit, over every row, from the formula
    double[] g = new double[4];
    for (Block blk : data.blocks()) {
      for (int i = 0; i < blk.n; i++) {
        double x0 = blk.xy[i];
        double x1 = blk.xy[blk.n + i];
        double e1 = Math.exp(b[0] * x0 + b[1] * x1);
        double e2 = Math.exp(b[2] * x0 + b[3] * x1);
        double z = 1 + e1 + e2;
        int y = (int) blk.xy[2 * blk.n + i];
        double r1 = (y == 1 ? 1 : 0) - e1 / z;
        double r2 = (y == 2 ? 1 : 0) - e2 / z;
        g[0] += r1 * x0;
        g[1] += r1 * x1;
        g[2] += r2 * x0;
        g[3] += r2 * x1;
      }
    }
    for (int j = 0; j < 4; j++) {
      assertEquals(0, g[j], 1e-6 * subjects * 10, "gradient " + j + " at the fit");
      assertEquals(PLANTED[0][j], b[j], 0.05, "coefficient " + j);
    }
    // Newton from zero needs about 6 iterations here; a sampled Hessian adds a few at most
    assertTrue(fit.iterations() <= 12, "iterations: " + fit.iterations());
  }

  @Test
  void badLabelsAndASingleLevelAreRefused() {
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> MultinomialExperts.indexed(2, 2, 1));
    assertTrue(one.getMessage().contains("at least 2 levels"), one.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new MultinomialExperts(2, 2, List.of("a", "a")));
    for (double bad : new double[] {1.5, 3, -1}) {
      double[][] x = {{1, 0.1}, {1, 0.2}, {1, 0.3}};
      double[][] y = {{0}, {bad}, {2}};
      InMemorySource data = InMemorySource.of(x, y, null);
      MultinomialExperts e = MultinomialExperts.indexed(1, 2, 3);
      e.setLabelName("choice");
      Block b = data.blocks().get(0);
      IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
          () -> e.newKernel().addLogLikelihood(b, true, new double[b.n]));
      assertTrue(ex.getMessage().contains("column 'choice': row 1 is " + bad)
          && ex.getMessage().contains("integer in [0, 2]"), ex.getMessage());
    }
  }

  /**
   * The softmax on the Vector API and row by row (system property {@code mixturelib.vector}):
   * the same fit of the planted choices, iterations equal, log-likelihood to 1e-12 relative,
   * coefficients to 1e-8.
   */
  @Test
  void vectorAndScalarSoftmaxGiveTheSameFit() {
    FitResult[] fits = new FitResult[2];
    String[] kinds = {"vector", "scalar"};
    try {
      for (int j = 0; j < 2; j++) {
        System.setProperty(VectorSupport.PROPERTY, kinds[j]);
        fits[j] = Models.fit(planted(20261206L, 300, 10, PLANTED), model(2, 2, 3),
            new EmConfig().numInit(2).seed(3).maxIter(80).tol(1e-10));
      }
    } finally {
      System.clearProperty(VectorSupport.PROPERTY);
    }
    assertEquals(fits[1].iterations(), fits[0].iterations(), "iterations");
    assertEquals(fits[1].logLikelihood(), fits[0].logLikelihood(),
        1e-12 * Math.abs(fits[1].logLikelihood()), "log-likelihood");
    MultinomialExperts v = (MultinomialExperts) fits[0].state().experts();
    MultinomialExperts s = (MultinomialExperts) fits[1].state().experts();
    for (int e = 0; e < 2; e++) {
      double[] cs = s.coefficients(e);
      double[] cv = v.coefficients(e);
      for (int j = 0; j < cs.length; j++) {
        assertEquals(cs[j], cv[j], 1e-8 * Math.max(1, Math.abs(cs[j])), "expert " + e + " " + j);
      }
    }
  }
}
