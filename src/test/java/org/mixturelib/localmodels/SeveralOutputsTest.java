package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.mixture.HyperParameters;
import org.mixturelib.mixture.MixtureEM;

/** Several outputs (M > 1), where 0.4 was silently wrong. */
class SeveralOutputsTest {
  @Test
  void eachOutputColumnGetsItsOwnPosteriorMean() {
    Random r = new Random(9);
    int n = 30;
    double[][] x = new double[n][2];
    double[][] y2 = new double[n][2];
    double[][] z = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      y2[i][0] = 2 * x[i][0] + r.nextGaussian() * 0.1;
      y2[i][1] = -x[i][1] + r.nextGaussian() * 0.1;
      z[i][0] = 0.2 + 0.8 * r.nextDouble();
    }
    double[] a = {1, 0, 0, 1};
    EachModelLinear both = new EachModelLinear(2, 2, a, new double[] {0, 0, 1, 1},
        Set.of("beta"));
    both.eStep(x, y2, z, HyperParameters.of("beta", 0.5));
    for (int j = 0; j < 2; j++) {
      double[][] yj = new double[n][1];
      for (int i = 0; i < n; i++) {
        yj[i][0] = y2[i][j];
      }
      EachModelLinear one = new EachModelLinear(2, 1, a, new double[] {j, j}, Set.of("beta"));
      one.eStep(x, yj, z, HyperParameters.of("beta", 0.5));
      for (int p = 0; p < 2; p++) {
        assertEquals(one.W()[p][0], both.W()[p][j], 1e-12, "output " + j + ", weight " + p);
      }
    }
  }

  @Test
  void aMixtureRecoversTwoOutputExperts() {
    Random r = new Random(4);
    int n = 600;
    double[][] x = new double[n][2];
    double[][] y = new double[n][2];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      boolean first = i % 2 == 0;
      y[i][0] = (first ? 3 * x[i][0] : -3 * x[i][1]) + 0.3 * r.nextGaussian();
      y[i][1] = (first ? -2 * x[i][1] : 2 * x[i][0]) + 0.3 * r.nextGaussian();
    }
    MixtureEM<EachModelLinear> em = new MixtureEM<>(HyperParameters.of("beta", 1.0),
        new HyperModelDirichlet(2),
        List.of(new EachModelLinear(2, 2, null, null, Set.of("beta")),
            new EachModelLinear(2, 2, null, null, Set.of("beta"))), List.of(), "default");
    em.fit(x, y);
    double[][] w0 = em.listOfModels().get(0).W();
    double[][] w1 = em.listOfModels().get(1).W();
    double[][] a = w0[0][0] > 1 ? w0 : w1;
    double[][] b = w0[0][0] > 1 ? w1 : w0;
    double[][] trueA = {{3, 0}, {0, -2}};
    double[][] trueB = {{0, 2}, {-3, 0}};
    for (int p = 0; p < 2; p++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(trueA[p][j], a[p][j], 0.1, "expert A W[" + p + "][" + j + "]");
        assertEquals(trueB[p][j], b[p][j], 0.1, "expert B W[" + p + "][" + j + "]");
      }
    }
    double beta = em.hyperParameters().scalar("beta");
    assertTrue(Math.abs(beta - 0.09) < 0.02, "noise variance " + beta + " (truth 0.09)");
  }
}
