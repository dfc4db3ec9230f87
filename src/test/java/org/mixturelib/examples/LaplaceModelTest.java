package org.mixturelib.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mixturelib.engine.FitResult;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModel;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.mixture.HyperParameters;
import org.mixturelib.mixture.MixtureEM;
import org.mixturelib.regularizers.RegularizeFunc;
import org.mixturelib.support.FitChecks;
import org.mixturelib.support.Spark;

/**
 * A user's own 0.4-style local model ({@link LaplaceModel}, public API only) fits through
 * {@code MixtureEM}: in memory and on a Spark Dataset (the same model), its 0.4 methods agree
 * with the engine's, and what 0.4 defined for linear models only is refused.
 */
class LaplaceModelTest {
  private static final int N = 600;

  /** Two lines with Laplace noise (scale 0.3) and 5% gross outliers; rows [t, 1]. */
  private static double[][][] lines() {
    Random rnd = new Random(5);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      double t = 4 * rnd.nextDouble() - 2;
      x[i] = new double[] {t, 1};
      double u = rnd.nextDouble() - 0.5;
      y[i][0] = (i % 2 == 0 ? 3 * t + 1 : -2 * t - 1)
          - 0.3 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u))
          + (rnd.nextDouble() < 0.05 ? 40 * rnd.nextGaussian() : 0);
    }
    return new double[][][] {x, y};
  }

  private static MixtureEM<LaplaceModel> mixture() {
    MixtureEM<LaplaceModel> em = new MixtureEM<>(new HyperParameters(),
        new HyperModelDirichlet(2), List.of(new LaplaceModel(2), new LaplaceModel(2)),
        List.of(), "default");
    em.config().maxIter(60).tol(1e-12).seed(3);
    return em;
  }

  @Test
  void ownLocalModelsFitThroughMixtureEmInMemoryAndOnSpark() {
    double[][][] d = lines();
    MixtureEM<LaplaceModel> em = mixture();
    FitResult memory = em.fit(d[0], d[1]);
    FitChecks.assertMonotone(memory, "Laplace local models");
    List<LaplaceModel> fitted = em.listOfModels();
    int up = fitted.get(0).coefficients()[0] > 0 ? 0 : 1;
    assertEquals(3, fitted.get(up).coefficients()[0], 0.1);
    assertEquals(1, fitted.get(up).coefficients()[1], 0.1);
    assertEquals(-2, fitted.get(1 - up).coefficients()[0], 0.1);
    assertEquals(-1, fitted.get(1 - up).coefficients()[1], 0.1);
    // the mixture predicts with the fitted models: pi-weighted mean of their lines
    double[][] at = {{1, 1}};
    double[] pi = em.predict(at).pi()[0];
    assertEquals(pi[up] * fitted.get(up).predict(at)[0][0]
        + pi[1 - up] * fitted.get(1 - up).predict(at)[0][0], em.predict(at).answers()[0][0],
        1e-12);

    MixtureEM<LaplaceModel> spark = mixture();
    FitResult distributed = spark.fit(Spark.frame(d[0], d[1], 3), "features", "label");
    assertEquals(memory.logLikelihood(), distributed.logLikelihood(),
        1e-9 * Math.abs(memory.logLikelihood()));
  }

  /**
   * 0.4's E_step on one local model is its weighted fit: with Z one on the first line's rows
   * and zero elsewhere, two E_steps give that line (one majorise-minimise step from the least
   * squares start, then the Laplace step); its expected log-likelihood is the engine's.
   */
  @Test
  void zeroFourMethodsOfOneLocalModel() {
    double[][][] d = lines();
    double[][] z = new double[N][1];
    for (int i = 0; i < N; i += 2) {
      z[i][0] = 1;
    }
    LaplaceModel one = new LaplaceModel(2);
    for (int s = 0; s < 30; s++) {
      one.eStep(d[0], d[1], z, new HyperParameters());
    }
    assertEquals(3, one.coefficients()[0], 0.05);
    assertEquals(1, one.coefficients()[1], 0.05);
    double[] ll = one.logLikelihoodExpectation(d[0], d[1], new HyperParameters());
    double w = one.coefficients()[0] * d[0][0][0] + one.coefficients()[1];
    assertEquals(-Math.log(2 * one.scale()) - Math.abs(d[1][0][0] - w) / one.scale(), ll[0],
        1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> one.optimizeHyperParameters(d[0], d[1], z, new HyperParameters(), "beta"));
    assertTrue(e.getMessage().contains("LaplaceModel has no hyperparameter 'beta'"),
        e.getMessage());
  }

  /**
   * Among local models of one's own, an EachModelLinear cannot have beta optimized (0.4's beta
   * is the linear experts' shared noise variance) and regularizers do not apply; with an empty
   * OptimizedHyper it fits beside them at the fixed beta.
   */
  @Test
  void whatZeroFourDefinedForLinearModelsOnlyIsRefusedElsewhere() {
    List<EachModel> mixed = List.of(new LaplaceModel(2), new EachModelLinear(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureEM<>(HyperParameters.of("beta", 1.0), new HyperModelDirichlet(2),
            mixed, List.of(), "default"));
    assertTrue(e.getMessage().contains("local model 1 is an EachModelLinear among local models"
        + " of other kinds"), e.getMessage());
    List<LaplaceModel> own = List.of(new LaplaceModel(2), new LaplaceModel(2));
    e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureEM<>(new HyperParameters(), new HyperModelDirichlet(2), own,
            List.of(new RegularizeFunc(new int[] {0, 1}, (w, g) -> 0, 10, 1e-6)), "default"));
    assertTrue(e.getMessage().contains("ListOfRegularizeModel"), e.getMessage());

    EachModelLinear fixed = new EachModelLinear(2, 1, null, null, Set.of());
    MixtureEM<EachModel> both = new MixtureEM<>(HyperParameters.of("beta", 0.09),
        new HyperModelDirichlet(2), List.of(new LaplaceModel(2), fixed), List.of(),
        "default");
    both.config().maxIter(60).seed(3);
    double[][][] d = lines();
    FitChecks.assertMonotone(both.fit(d[0], d[1]), "Laplace beside a fixed-beta linear model");
    assertEquals(0.09, both.hyperParameters().scalar("beta"), 0.0);
    assertTrue(fixed.W()[0][0] != 0, "the linear model was fitted");
  }
}
