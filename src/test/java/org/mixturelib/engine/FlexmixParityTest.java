package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.SharedCsv;

/**
 * Agreement with flexmix (and mixtools) on the shared data sets, from the default settings
 * (numInit = 10): the log-likelihood at least the reference (flexmix's sigma carries a factor
 * sqrt(N / (N - p)), so the maximum-likelihood value is what we must reach or pass) and the
 * documented parameters, clusters and model choices (../shared/data/README.md).
 */
class FlexmixParityTest {
  private static final double TOL = 1e-3;

  @Test
  void npregRecoversTheTwoClassesWithTheMaximumLikelihood() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    InMemorySource data = npreg(csv);
    FitResult fit = Models.fit(data, Models.regressions(2, 3));
    assertTrue(fit.logLikelihood() >= -642.5320 - TOL, "log-likelihood " + fit.logLikelihood());
    assertTrue(fit.converged());
    // flexmix's df: 2 x (3 coefficients + sigma) + 1 prior
    assertEquals(9, fit.numFreeParameters());
    assertTrue(fit.bic() <= 1332.775, "BIC " + fit.bic() + " above flexmix's");
    int[][] table = confusion(clusters(fit.state(), data), csv.column("class"), 2);
    int agree = table[0][0] + table[1][1];
    int[][] expected = agree >= 100 ? new int[][] {{95, 5}, {5, 95}}
        : new int[][] {{5, 95}, {95, 5}};
    assertArrayEquals(expected[0], table[0]);
    assertArrayEquals(expected[1], table[1]);
  }

  @Test
  void npregBicAndIclChooseTwoComponents() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    InMemorySource data = npreg(csv);
    MixtureModelSelection.Result r = MixtureModelSelection.select(data,
        k -> Models.regressions(k, 3), new EmConfig(), 1, 4,
        MixtureModelSelection.Criterion.BIC);
    assertEquals(4, r.table().size());
    assertEquals(2, r.chosen().k(), r.format());
    assertEquals(2, r.chosenBy(MixtureModelSelection.Criterion.ICL).k(), r.format());
    for (MixtureModelSelection.Entry e : r.table()) {
      Models.assertMonotone(e.fit());
      // flexmix's df for k Gaussian regressions with 3 coefficients and a constant prior
      assertEquals(e.fittedK() * 4 + e.fittedK() - 1, e.fit().numFreeParameters());
    }
    double[] ll = r.table().stream().mapToDouble(e -> e.fit().logLikelihood()).toArray();
    for (int i = 1; i < ll.length; i++) {
      assertTrue(ll[i] >= ll[i - 1] - TOL, "more components fit worse: " + r.format());
    }
  }

  /**
   * The default fit reaches the README's maximum, 141.1984, and the README's two lines are a
   * maximum that EM holds. Without the variance-ratio guard the default seed finds a spurious
   * higher one, 145.4168: a line y = x with sd 0.0045 through the 37% of subjects who tuned to
   * the stimulus, and a broad second line (noise variances 2296 times apart); under the default
   * maxVarianceRatio (900) that spike is out of reach (at the bound it is worth 140.95).
   */
  @Test
  void tonedataReachesTheReadmeMaximumAndHoldsItsTwoLines() {
    SharedCsv csv = SharedCsv.data("tonedata.csv");
    InMemorySource data = Models.withIntercept(csv.column("tuned"),
        csv.column("stretchratio"));
    FitResult fit = Models.fit(data, Models.regressions(2, 2));
    assertEquals(141.1984, fit.logLikelihood(), TOL);
    FitResult unguarded = Models.fit(data, Models.regressions(2, 2),
        new EmConfig().maxVarianceRatio(Double.POSITIVE_INFINITY));
    assertEquals(145.4168, unguarded.logLikelihood(), TOL);
    double[] v = LinearState.experts(unguarded.state()).noiseVariances();
    assertTrue(Math.max(v[0], v[1]) > 2000 * Math.min(v[0], v[1]), java.util.Arrays.toString(v));
    // 1.916 + 0.043 s (weight 0.70, sigma 0.046) and -0.02 + 0.992 s (0.30, sigma 0.133)
    MixtureState readme = Models.regressions(2, 2);
    LinearState.experts(readme).setCoefficients(0, new double[] {1.916, 0.043});
    LinearState.experts(readme).setNoiseVariance(0, 0.046 * 0.046);
    LinearState.experts(readme).setCoefficients(1, new double[] {-0.02, 0.992});
    LinearState.experts(readme).setNoiseVariance(1, 0.133 * 0.133);
    ((HyperModelDirichlet) readme.gate()).updateFromCounts(new double[] {0.70 * 150,
        0.30 * 150});
    FitResult held = Models.fit(data, readme, new EmConfig().initMode(InitMode.GIVEN));
    assertEquals(141.1984, held.logLikelihood(), TOL);
    LinearExperts e = LinearState.experts(held.state());
    double[] weights = ((HyperModelDirichlet) held.state().gate()).weights();
    assertEquals(1.916, e.coefficients(0)[0], 6e-4);
    assertEquals(0.043, e.coefficients(0)[1], 6e-4);
    assertEquals(0.70, weights[0], 6e-3);
    assertEquals(0.046, Math.sqrt(e.noiseVariances()[0]), 6e-4);
    assertEquals(-0.02, e.coefficients(1)[0], 6e-3);
    assertEquals(0.992, e.coefficients(1)[1], 6e-4);
    assertEquals(0.30, weights[1], 6e-3);
    assertEquals(0.133, Math.sqrt(e.noiseVariances()[1]), 6e-4);
  }

  @Test
  void moeSynthGateMatchesFlexmix() {
    SharedCsv csv = SharedCsv.data("moe_synth_k2.csv");
    InMemorySource data = Models.withIntercept(csv.column("y"), csv.column("x"));
    FitResult fit = Models.fit(data, Models.gated(2, 2));
    assertTrue(fit.logLikelihood() >= -1103.3193, "log-likelihood " + fit.logLikelihood());
    // flexmix's df: 2 x (2 + 1) for the experts, (2 - 1) x 2 for the gate on (1, x)
    assertEquals(8, fit.numFreeParameters());
    // flexmix's component 1 is the expert y = 1 + 2x; its gate reports component 2 against it
    LinearExperts e = LinearState.experts(fit.state());
    int first = e.coefficients(0)[1] > e.coefficients(1)[1] ? 0 : 1;
    double[] rel = ((LinearGate) fit.state().gate()).relativeCoefficients()[0];
    double sign = first == 0 ? 1 : -1;
    // the intercept column is an input too: flexmix's intercept is the bias plus its weight
    double intercept = sign * (rel[0] + rel[1]);
    double slope = sign * rel[2];
    assertEquals(-0.750, intercept, 0.3);
    assertEquals(-2.152, slope, 0.3);
  }

  @Test
  void mcycleMixtureOfExpertsReachesFlexmixsBest() {
    SharedCsv csv = SharedCsv.data("mcycle.csv");
    InMemorySource data = Models.withIntercept(csv.column("accel"), csv.column("times"));
    double[] reference = {-614.57, -580.53, -551.25};
    for (int k = 2; k <= 4; k++) {
      FitResult fit = Models.fit(data, Models.gated(k, 2));
      assertEquals(k, fit.numComponents());
      assertTrue(fit.logLikelihood() >= reference[k - 2],
          "k = " + k + ": log-likelihood " + fit.logLikelihood() + " below flexmix's "
              + reference[k - 2]);
      // flexmix's df: k x 3 for the experts, (k - 1) x 2 for the gate on (1, times)
      assertEquals(3 * k + 2 * (k - 1), fit.numFreeParameters());
    }
  }

  /** Most likely component of each row, computed here from the parameters. */
  static int[] clusters(MixtureState s, InMemorySource data) {
    int k = s.k();
    int[] out = new int[(int) data.numRows()];
    for (Block b : data.blocks()) {
      double[] logPi = new double[b.n * k];
      s.gate().logPi(b, null, logPi, true);
      LinearExperts e = LinearState.experts(s);
      for (int i = 0; i < b.n; i++) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double[] w = e.coefficients(c);
          double mean = 0;
          for (int j = 0; j < b.d; j++) {
            mean += w[j] * b.x(i, j);
          }
          double var = e.noiseVariances()[c];
          double r = b.y(i, 0) - mean;
          double score = logPi[i * k + c] - 0.5 * Math.log(var) - 0.5 * r * r / var;
          if (score > bestScore) {
            bestScore = score;
            best = c;
          }
        }
        out[(int) b.firstRow + i] = best;
      }
    }
    return out;
  }

  /** Rows: classes 1..k; columns: clusters. */
  static int[][] confusion(int[] clusters, double[] classes, int k) {
    int[][] t = new int[k][k];
    for (int i = 0; i < clusters.length; i++) {
      t[(int) classes[i] - 1][clusters[i]]++;
    }
    return t;
  }

  /** flexmix's npreg model {@code yn ~ x + I(x^2)}: intercept, x and x². */
  private static InMemorySource npreg(SharedCsv csv) {
    double[] x = csv.column("x");
    double[] xx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xx[i] = x[i] * x[i];
    }
    return Models.withIntercept(csv.column("yn"), x, xx);
  }
}
