package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.InitMode;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.localmodels.TobitExperts;

/**
 * Planted coverage of the censored normal experts' standard errors: over 100 simulated data
 * sets (N = 400, two tobit regressions censored below at 0, about a quarter of the rows
 * censored) the 95% Wald intervals of the coefficients and of {@code log sigma} cover the truth
 * 88-99% of the time (each fit started at the truth so that components keep their labels).
 */
class TobitCoverageTest {
  private static final int SETS = 100;
  private static final int N = 400;
  /** Latent experts y* = 0.5 + 1 x and y* = 2 - 1 x, sigma 0.5 and 0.7, weights 0.6 / 0.4. */
  private static final double[][] COEFFICIENTS = {{0.5, 1}, {2, -1}};
  private static final double[] SIGMA = {0.5, 0.7};

  @Test
  void intervalsCoverTheTruth() {
    int coefficients = 0;
    int sigmas = 0;
    int censored = 0;
    for (int set = 0; set < SETS; set++) {
      double[][] x = new double[N][];
      double[][] y = new double[N][];
      SplittableRandom rnd = new SplittableRandom(700 + set);
      for (int i = 0; i < N; i++) {
        x[i] = new double[] {1, 4 * rnd.nextDouble() - 2};
        int c = rnd.nextDouble() < 0.4 ? 1 : 0;
        double latent = COEFFICIENTS[c][0] + COEFFICIENTS[c][1] * x[i][1]
            + SIGMA[c] * gaussian(rnd);
        y[i] = new double[] {Math.max(0, latent)};
        censored += latent <= 0 ? 1 : 0;
      }
      InMemorySource data = InMemorySource.of(x, y, null);
      FitResult fit = new EmEngine(data, List.of(), new EmConfig().initMode(InitMode.GIVEN)
          .perturbations(0).tol(1e-9)).fit(truth());
      StandardErrors se = ObservedInformation.compute(data, fit.state());
      assertTrue(se.warnings().isEmpty(), se.warnings().toString());
      StandardErrors.Layout l = se.layout();
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < 2; j++) {
          double[] ci = se.interval(l.expert(e, j), 0.95);
          coefficients += ci[0] <= COEFFICIENTS[e][j] && COEFFICIENTS[e][j] <= ci[1] ? 1 : 0;
        }
        double[] ci = se.interval(l.expert(e, 2), 0.95);
        double logSigma = Math.log(SIGMA[e]);
        sigmas += ci[0] <= logSigma && logSigma <= ci[1] ? 1 : 0;
      }
    }
    double share = coefficients / (4.0 * SETS);
    double sigmaShare = sigmas / (2.0 * SETS);
    System.out.printf("tobit coverage: coefficients %d of %d (%.3f), log sigma %d of %d (%.3f);"
        + " %.3f of the rows censored%n", coefficients, 4 * SETS, share, sigmas, 2 * SETS,
        sigmaShare, censored / (double) (SETS * N));
    assertTrue(share >= 0.88 && share <= 0.99, "coefficients' coverage " + share);
    assertTrue(sigmaShare >= 0.88 && sigmaShare <= 0.99, "log sigma's coverage " + sigmaShare);
  }

  private static MixtureState truth() {
    TobitExperts t = new TobitExperts(2, 2, 0, Double.POSITIVE_INFINITY,
        NoiseModel.PER_COMPONENT);
    for (int e = 0; e < 2; e++) {
      t.setParameters(e, COEFFICIENTS[e].clone(), SIGMA[e]);
    }
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1, 1}, false);
    gate.updateFromCounts(new double[] {0.6 * N, 0.4 * N});
    return new MixtureState(t, gate);
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
