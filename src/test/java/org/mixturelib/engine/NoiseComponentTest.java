package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * The background noise component ({@link NoiseExperts}, flexmix's {@code FLXMRrobglm}): on
 * flexmix's own example against flexmix itself, and on planted data with gross outliers that
 * pull a plain fit and leave the robust one at the truth.
 */
class NoiseComponentTest {
  @TempDir
  static Path dir;

  /** K Gaussian experts (one variance each), the last replaced by the noise component. */
  static MixtureState robust(int k, int d) {
    LinearExperts experts = new LinearExperts(k, d, 1);
    experts.setNoiseModel(NoiseModel.PER_COMPONENT);
    double[] mu = new double[k];
    Arrays.fill(mu, 1);
    return new MixtureState(NoiseExperts.around(experts, 0), new HyperModelDirichlet(mu, false));
  }

  /**
   * flexmix's example (NPreg and three outliers at y = 50, k = 3 with the background): the same
   * background (mean and sd of y, to 1e-9), the same number of parameters, a log-likelihood at
   * least flexmix's (whose sigma carries N / (N - p), so ours, the maximum, is a little higher),
   * real components and weights at flexmix's to 0.05.
   */
  @Test
  void flexmixExample() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is not installed");
    Path csv = dir.resolve("npreg_outliers.csv");
    String[] out = FlexmixRscriptTest.runScript(dir, "flexmix_robglm.R", csv.toString()).trim()
        .split("\\s+");
    double[] r = Arrays.stream(out).mapToDouble(Double::parseDouble).toArray();
    List<String> lines = Files.readAllLines(csv);
    int n = lines.size() - 1;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      x[i] = Double.parseDouble(f[0]);
      y[i] = Double.parseDouble(f[1]);
    }
    double[] x2 = Arrays.stream(x).map(v -> v * v).toArray();
    InMemorySource data = Models.withIntercept(y, x, x2);
    FitResult fit = Models.fit(data, robust(3, 3), new EmConfig().minPrior(0));
    NoiseExperts ex = (NoiseExperts) fit.state().experts();
    double flexLogLik = r[0];
    double[] prior = Arrays.copyOfRange(r, 2, 5); // background first
    // background: coefficients (mean, 0, 0), sigma
    assertEquals(r[5], ex.coefficients(2)[0], 1e-9, "background mean");
    assertEquals(r[8], Math.sqrt(ex.dispersions()[2]), 1e-9, "background sd");
    assertEquals(r[1], fit.numFreeParameters(), "parameters counted");
    System.out.printf(java.util.Locale.ROOT, "FLXMRrobglm example: ours %.4f, flexmix %.4f%n",
        fit.logLikelihood(), flexLogLik);
    assertTrue(fit.logLikelihood() >= flexLogLik - 1e-6, "ours " + fit.logLikelihood()
        + " below flexmix's " + flexLogLik);
    assertEquals(flexLogLik, fit.logLikelihood(), 0.5, "log-likelihood");
    double[] weights = ((HyperModelDirichlet) fit.state().gate()).weights();
    assertEquals(prior[0], weights[2], 0.05, "noise weight");
    for (int c = 1; c <= 2; c++) {
      double[] theirs = Arrays.copyOfRange(r, 5 + 4 * c, 8 + 4 * c);
      int ours = closest(ex, theirs);
      double[] w = ex.coefficients(ours);
      for (int j = 0; j < 3; j++) {
        assertEquals(theirs[j], w[j], 0.05 * Math.max(1, Math.abs(theirs[j])),
            "component " + c + " coefficient " + j);
      }
      assertEquals(prior[c], weights[ours], 0.05, "weight of component " + c);
    }
  }

  private static int closest(NoiseExperts ex, double[] w) {
    int best = -1;
    double dist = Double.POSITIVE_INFINITY;
    for (int e = 0; e < ex.noiseIndex(); e++) {
      double s = 0;
      double[] c = ex.coefficients(e);
      for (int j = 0; j < w.length; j++) {
        s += (c[j] - w[j]) * (c[j] - w[j]);
      }
      if (s < dist) {
        dist = s;
        best = e;
      }
    }
    return best;
  }

  /**
   * Two planted lines and 5% gross outliers (answers 40 to 60 above the lines): the plain
   * two-component fit is pulled away from the truth, the fit with a noise component recovers
   * both lines to 0.1 and gives the noise about the outliers' share.
   */
  @Test
  void plantedOutliers() {
    Random rnd = new Random(2026);
    int n = 4000;
    double[][] truth = {{1, 2}, {-2, -1}};
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 4 * rnd.nextDouble() - 2;
      int c = rnd.nextInt(2);
      y[i] = truth[c][0] + truth[c][1] * x[i] + 0.3 * rnd.nextGaussian();
      if (i % 20 == 0) {
        y[i] += 40 + 20 * rnd.nextDouble();
      }
    }
    InMemorySource data = Models.withIntercept(y, x);
    FitResult plain = Models.fit(data, Models.regressions(2, 2));
    FitResult robust = Models.fit(data, robust(3, 2));
    assertTrue(worstError(plain, truth) > 0.1,
        "the plain fit is not pulled: " + worstError(plain, truth));
    assertTrue(worstError(robust, truth) < 0.1,
        "robust fit off by " + worstError(robust, truth));
    assertEquals(0.05, ((HyperModelDirichlet) robust.state().gate()).weights()[2], 0.01, "noise weight");
  }

  /**
   * Counts: two planted Poisson regressions and 5% outliers spread over 10 to 25, where the
   * background (a Poisson at three times the mean count, flexmix's: about 15) puts its mass;
   * the plain Poisson fit is pulled, the fit with a noise component recovers both regressions
   * to 0.1. (flexmix's Poisson background is narrow: outliers far beyond three times the mean,
   * a cluster of them at 200 say, have more likelihood under a real component of their own than
   * under it, and the fit gives them one.)
   */
  @Test
  void plantedCountOutliers() {
    Random rnd = new Random(2027);
    JDKRandomGenerator gen = new JDKRandomGenerator(5);
    int n = 4000;
    double[][] truth = {{2, 0.5}, {0.5, -0.5}};
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 2 * rnd.nextDouble() - 1;
      int c = rnd.nextInt(2);
      y[i] = i % 20 == 0 ? 10 + rnd.nextInt(16) : new PoissonDistribution(gen,
          Math.exp(truth[c][0] + truth[c][1] * x[i]), 1e-12, 10_000).sample();
    }
    InMemorySource data = Models.withIntercept(y, x);
    FitResult plain = Models.fit(data, GlmFlexmixTest.glm(GlmFamily.POISSON, 2, 2));
    double[] mu = {1, 1, 1};
    FitResult robust = Models.fit(data, new MixtureState(NoiseExperts.around(
        new GlmExperts(GlmFamily.POISSON, 3, 2), 0), new HyperModelDirichlet(mu, false)));
    assertTrue(worstError(plain, truth) > 0.1, "the plain fit is not pulled");
    assertTrue(worstError(robust, truth) < 0.1, "robust fit off by "
        + worstError(robust, truth));
    assertEquals(0.05, ((HyperModelDirichlet) robust.state().gate()).weights()[2], 0.01);
  }

  /** Largest distance from each planted line to the nearest fitted real expert. */
  private static double worstError(FitResult fit, double[][] truth) {
    LinearPredictors ex = (LinearPredictors) fit.state().experts();
    int real = ex instanceof NoiseExperts ne ? ne.noiseIndex() : ex.numExperts();
    double worst = 0;
    for (double[] t : truth) {
      double best = Double.POSITIVE_INFINITY;
      for (int e = 0; e < real; e++) {
        double[] w = ex.coefficients(e);
        best = Math.min(best, Math.max(Math.abs(w[0] - t[0]), Math.abs(w[1] - t[1])));
      }
      worst = Math.max(worst, best);
    }
    return worst;
  }
}
