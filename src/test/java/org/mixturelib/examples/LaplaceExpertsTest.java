package org.mixturelib.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.support.FitChecks;
import org.mixturelib.support.Spark;

/**
 * The user-written {@link LaplaceExperts} fitted through the engine on a Spark Dataset: two
 * planted lines with Laplace noise and 5% gross outliers are recovered, the bound never
 * decreases, and 1 and 3 partitions give the same model: the log-likelihood to 1e-9 relative,
 * the coefficients to 1e-6 (the Laplace likelihood is flat near its maximiser, where a median
 * line passes through data points, so rounding in the sums moves them more than the
 * likelihood).
 */
class LaplaceExpertsTest {
  private static final int N = 1000;

  private static FitResult fit(double[][] x, double[][] y, int partitions) {
    MixtureState start = new MixtureState(new LaplaceExperts(2, 2),
        new HyperModelDirichlet(new double[] {1, 1}, false));
    EmConfig config = new EmConfig().numInit(3).tol(1e-13).maxIter(40).seed(3);
    try (SparkSource source = SparkSource.fromDataset(Spark.frame(x, y, partitions),
        new SparkSource.Columns("features", "label", null, false), 128, 2,
        StorageLevel.MEMORY_AND_DISK())) {
      return new EmEngine(source, List.of(), config).fit(start);
    }
  }

  @Test
  void ownFamilyFitsOnSparkAndPartitionsAgree() {
    Random rnd = new Random(8);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      double t = 4 * rnd.nextDouble() - 2;
      x[i] = new double[] {t, 1};
      double u = rnd.nextDouble() - 0.5;
      double laplace = -0.3 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
      y[i][0] = (i % 2 == 0 ? 3 * t + 1 : -2 * t - 1) + laplace
          + (rnd.nextDouble() < 0.05 ? 40 * rnd.nextGaussian() : 0);
    }
    FitResult one = fit(x, y, 1);
    FitChecks.assertMonotone(one, "Laplace experts");
    LaplaceExperts e = (LaplaceExperts) one.state().experts();
    int up = e.coefficients(0)[0] > 0 ? 0 : 1;
    assertEquals(3, e.coefficients(up)[0], 0.1);
    assertEquals(1, e.coefficients(up)[1], 0.1);
    assertEquals(-2, e.coefficients(1 - up)[0], 0.1);
    assertEquals(-1, e.coefficients(1 - up)[1], 0.1);
    FitResult three = fit(x, y, 3);
    assertEquals(one.logLikelihood(), three.logLikelihood(),
        1e-9 * Math.abs(one.logLikelihood()));
    LaplaceExperts f = (LaplaceExperts) three.state().experts();
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(e.coefficients(c)[j], f.coefficients(c)[j], 1e-6, "W" + c);
      }
    }
    assertTrue(e.isFinite());
  }
}
