package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.support.Spark;

/**
 * Penalised experts on planted sparse mixtures: two components over ten features (and an
 * intercept), three nonzero coefficients each on different features; the lambda chosen per
 * component by the extended BIC finds each component's support and its coefficients to 0.1 at
 * N = 10⁴, for Gaussian and Poisson experts; in memory and on Spark with 1 and 3 partitions the
 * fits agree to 1e-9.
 */
class ElasticNetPlantedTest {
  private static final int D = 10;
  /** Per component: intercept, then the ten coefficients. */
  private static final double[][] GAUSSIAN = {
      {-2, 1.5, 0, -1, 0, 0, 0.8, 0, 0, 0, 0},
      {2, 0, -1.2, 0, 0, 1, 0, 0, 0, 0.7, 0}};
  private static final double[][] POISSON = {
      {0.2, 0.6, 0, -0.5, 0, 0, 0.4, 0, 0, 0, 0},
      {1.8, 0, -0.4, 0, 0, 0.5, 0, 0, 0, 0.3, 0}};

  /** x (the intercept last) and y of n rows, each row's component drawn 40/60. */
  private static double[][][] data(int n, double[][] truth, boolean poisson, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][D + 1];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      double[] b = truth[r.nextDouble() < 0.4 ? 0 : 1];
      double eta = b[0];
      for (int j = 0; j < D; j++) {
        x[i][j] = r.nextGaussian();
        eta += b[j + 1] * x[i][j];
      }
      x[i][D] = 1;
      y[i][0] = poisson ? poissonDraw(Math.exp(eta), r) : eta + 0.5 * r.nextGaussian();
    }
    return new double[][][] {x, y};
  }

  private static double poissonDraw(double mean, Random r) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  private static FitResult fit(DataSource source, String family, String penalty, int maxIter) {
    GlmExperts experts = (GlmExperts) ExpertFamilies.create(family, 2, D + 1, 1,
        FamilySettings.NONE.with("penalty", penalty));
    MixtureState model = new MixtureState(experts,
        new HyperModelDirichlet(new double[] {1, 1}, false));
    try (source) {
      return new EmEngine(source, List.of(), new EmConfig().numInit(3).maxIter(maxIter).seed(3)
          .tol(1e-10)).fit(model);
    }
  }

  /** Component order by intercept, as the truth's. */
  private static double[][] coefficients(FitResult fit) {
    GlmExperts g = (GlmExperts) fit.state().experts();
    double[] a = g.coefficients(0);
    double[] b = g.coefficients(1);
    return a[D] < b[D] ? new double[][] {a, b} : new double[][] {b, a};
  }

  private static void recovers(double[][][] xy, double[][] truth, String family) {
    FitResult fit = fit(InMemorySource.of(xy[0], xy[1], null), family, "auto", 300);
    double[][] got = coefficients(fit);
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < D; j++) {
        double t = truth[c][j + 1];
        assertEquals(t == 0, got[c][j] == 0, family + " component " + (c + 1) + " feature " + j
            + ": " + got[c][j] + ", planted " + t);
        assertEquals(t, got[c][j], 0.1, family + " component " + (c + 1) + " feature " + j);
      }
      assertEquals(truth[c][0], got[c][D], 0.1, family + " component " + (c + 1)
          + " intercept");
    }
    double[] lambdas = ((GlmExperts) fit.state().experts()).lambdas();
    assertTrue(lambdas[0] > 0 && lambdas[1] > 0, "chosen lambdas " + lambdas[0] + ", "
        + lambdas[1]);
  }

  @Test
  void gaussianSupportAndCoefficientsAreRecovered() {
    recovers(data(10_000, GAUSSIAN, false, 17), GAUSSIAN, "gaussian");
  }

  @Test
  void poissonSupportAndCoefficientsAreRecovered() {
    recovers(data(10_000, POISSON, true, 19), POISSON, "poisson");
  }

  @Test
  void inMemoryEqualsSparkOnOneAndThreePartitions() {
    double[][][] xy = data(1500, POISSON, true, 23);
    FitResult memory = fit(new InMemorySource(BlockBuilder.fromArrays(xy[0], xy[1], null, 64)),
        "poisson", "auto", 40);
    for (int partitions : new int[] {1, 3}) {
      SparkSource spark = SparkSource.fromDataset(Spark.frame(xy[0], xy[1], partitions),
          new SparkSource.Columns("features", "label", null, false), 64, 2,
          StorageLevel.MEMORY_AND_DISK());
      FitResult other = fit(spark, "poisson", "auto", 40);
      String what = partitions + " partition(s)";
      assertEquals(memory.iterations(), other.iterations(), what + ": iterations");
      assertEquals(memory.finalBound(), other.finalBound(), 1e-9 * Math.abs(memory.finalBound()),
          what + ": bound");
      GlmExperts a = (GlmExperts) memory.state().experts();
      GlmExperts b = (GlmExperts) other.state().experts();
      for (int e = 0; e < 2; e++) {
        double[] wa = a.coefficients(e);
        double[] wb = b.coefficients(e);
        for (int j = 0; j <= D; j++) {
          assertEquals(wa[j], wb[j], 1e-9 * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
        }
        assertEquals(a.lambdas()[e], b.lambdas()[e], 1e-9 * a.lambdas()[e], what + ": lambda");
      }
    }
  }

  @Test
  void badPenaltiesNameTheirParam() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExpertFamilies.create("binomial", 2, 3, 1,
            FamilySettings.NONE.with("penalty", "-0.1")));
    assertTrue(e.getMessage().contains("penalty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ExpertFamilies.create("gaussian", 2, 3, 1,
            FamilySettings.NONE.with("penalty", "0.1").with("alpha", "1.5")));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ExpertFamilies.create("poisson", 2, 3, 1,
            FamilySettings.NONE.with("alpha", "0.5")));
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("penalty"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ExpertFamilies.create("tobit", 2, 3, 1,
            FamilySettings.NONE.with("penalty", "0.1")));
    assertTrue(e.getMessage().contains("penalty"), e.getMessage());
  }
}
