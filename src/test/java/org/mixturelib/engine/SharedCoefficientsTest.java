package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.support.InterceptedSource;
import org.mixturelib.support.Spark;

/**
 * Shared and nested coefficients ({@link CoefficientStructure}, flexmix's FLXMRglmfix): planted
 * Gaussian, Poisson and negative binomial mixtures at N = 10⁴ recovered to 0.1 with the shared
 * coefficient exactly equal across components and the structural zeros exactly 0; the tied
 * step against a direct weighted least-squares fit; several outputs; a checkpointed fit
 * resumed; and one partition or three, in memory or on Spark, to 1e-9.
 */
class SharedCoefficientsTest {
  private static final int N = 10_000;

  /**
   * Rows {@code [1, x, w]}; two components, {@code eta = a_k + b_k x + 0.7 w} (w's effect
   * shared), weights 0.6 / 0.4.
   */
  private static double[][][] planted(boolean poisson, long seed) {
    Random rnd = new Random(seed);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      double xi = rnd.nextGaussian();
      double wi = rnd.nextDouble() < 0.5 ? 1 : 0;
      x[i] = new double[] {1, xi, wi};
      boolean first = rnd.nextDouble() < 0.6;
      if (poisson) {
        double eta = (first ? 0.5 + 0.8 * xi : 2.0 - 0.5 * xi) + 0.7 * wi;
        y[i][0] = poisson(rnd, Math.exp(eta));
      } else {
        double mean = (first ? -2 + 1.0 * xi : 2 - 1.0 * xi) + 0.7 * wi;
        y[i][0] = mean + (first ? 0.5 : 1.0) * rnd.nextGaussian();
      }
    }
    return new double[][][] {x, y};
  }

  private static int poisson(Random rnd, double mean) {
    double l = Math.exp(-mean);
    int n = 0;
    for (double p = rnd.nextDouble(); p > l; p *= rnd.nextDouble()) {
      n++;
    }
    return n;
  }

  private static CoefficientStructure sharedW() {
    return CoefficientStructure.of(2, 3, new int[] {2}, List.of());
  }

  private static MixtureState gaussian(CoefficientStructure s) {
    LinearExperts e = new LinearExperts(s.numExperts(), s.numFeatures(), 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    e.setCoefficientStructure(s);
    return new MixtureState(e, dirichlet(s.numExperts()));
  }

  private static MixtureState poisson(CoefficientStructure s) {
    GlmExperts e = new GlmExperts(GlmFamily.POISSON, s.numExperts(), s.numFeatures());
    e.setCoefficientStructure(s);
    return new MixtureState(e, dirichlet(s.numExperts()));
  }

  private static HyperModelDirichlet dirichlet(int k) {
    double[] mu = new double[k];
    Arrays.fill(mu, 1);
    return new HyperModelDirichlet(mu, false);
  }

  /** Component coefficients sorted by intercept. */
  private static double[][] byIntercept(ExpertFamily experts) {
    LinearPredictors lp = (LinearPredictors) experts;
    double[][] w = new double[experts.numExperts()][];
    for (int e = 0; e < w.length; e++) {
      w[e] = lp.coefficients(e);
    }
    Arrays.sort(w, (a, b) -> Double.compare(a[0], b[0]));
    return w;
  }

  private static void assertRecovered(double[][] truth, double[][] fitted) {
    for (int e = 0; e < truth.length; e++) {
      for (int j = 0; j < truth[e].length; j++) {
        assertEquals(truth[e][j], fitted[e][j], 0.1, "component " + e + " coefficient " + j
            + ": " + Arrays.toString(fitted[e]));
      }
    }
    // the shared coefficient is one parameter
    assertEquals(fitted[0][2], fitted[1][2], 0);
  }

  @Test
  void plantedGaussianWithASharedCoefficientIsRecovered() {
    double[][][] d = planted(false, 1);
    FitResult fit = Models.fit(InMemorySource.of(d[0], d[1], null), gaussian(sharedW()));
    assertRecovered(new double[][] {{-2, 1, 0.7}, {2, -1, 0.7}},
        byIntercept(fit.state().experts()));
    // 2 x 2 varying + 1 shared coefficient, 2 variances
    assertEquals(7, fit.state().experts().numFreeParameters());
  }

  @Test
  void plantedPoissonWithASharedCoefficientIsRecovered() {
    double[][][] d = planted(true, 2);
    FitResult fit = Models.fit(InMemorySource.of(d[0], d[1], null), poisson(sharedW()));
    assertRecovered(new double[][] {{0.5, 0.8, 0.7}, {2.0, -0.5, 0.7}},
        byIntercept(fit.state().experts()));
  }

  /**
   * Negative binomial experts (NB2, theta 3 per component) with w's effect shared: every GLM
   * family and link shares coefficients through the same tied IRLS solve.
   */
  @Test
  void plantedNegativeBinomialWithASharedCoefficientIsRecovered() {
    Random rnd = new Random(12);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    double theta = 3;
    for (int i = 0; i < N; i++) {
      double xi = rnd.nextGaussian();
      double wi = rnd.nextDouble() < 0.5 ? 1 : 0;
      x[i] = new double[] {1, xi, wi};
      boolean first = rnd.nextDouble() < 0.6;
      double mean = Math.exp((first ? 0.5 + 0.8 * xi : 2.5 - 0.5 * xi) + 0.7 * wi);
      double gamma = 0; // Gamma(theta, mean / theta) as a sum of theta exponentials
      for (int s = 0; s < theta; s++) {
        gamma -= Math.log(1 - rnd.nextDouble());
      }
      y[i][0] = poisson(rnd, gamma * mean / theta);
    }
    GlmExperts e = new GlmExperts(GlmFamily.NEGBIN, 2, 3);
    e.setCoefficientStructure(sharedW());
    FitResult fit = Models.fit(InMemorySource.of(x, y, null),
        new MixtureState(e, dirichlet(2)));
    assertRecovered(new double[][] {{0.5, 0.8, 0.7}, {2.5, -0.5, 0.7}},
        byIntercept(fit.state().experts()));
    // 2 x 2 varying + 1 shared coefficient, 2 thetas
    assertEquals(7, fit.state().experts().numFreeParameters());
  }

  /**
   * The tied M-step is the constrained maximiser: after one M-step from given
   * responsibilities, the shared coefficient solves the pooled normal equations (checked
   * against a direct weighted least-squares fit with the components' own intercept and slope
   * columns and one w column).
   */
  @Test
  void tiedGaussianStepIsThePooledWeightedLeastSquares() {
    double[][][] d = planted(false, 3);
    double[][] x = d[0];
    double[] y = new double[N];
    double[][] r = new double[N][2];
    Random rnd = new Random(4);
    for (int i = 0; i < N; i++) {
      y[i] = d[1][i][0];
      r[i][0] = rnd.nextDouble();
      r[i][1] = 1 - r[i][0];
    }
    LinearExperts e = new LinearExperts(2, 3, 1);
    e.setCoefficientStructure(sharedW());
    double[] stats = new double[2 * 16];
    double[] rw = new double[2 * N];
    double[] sums = new double[2];
    for (int i = 0; i < N; i++) {
      rw[i] = r[i][0];
      rw[N + i] = r[i][1];
      sums[0] += r[i][0];
      sums[1] += r[i][1];
    }
    e.addStatistics(BlockBuilder.fromArrays(x, d[1], null, N).get(0), rw, stats);
    e.mStep(stats, sums);
    // direct: columns [r-weighted design of 5 parameters], rows duplicated per component
    double[] ata = new double[25];
    double[] aty = new double[5];
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < 2; c++) {
        double[] a = new double[5];
        a[2 * c] = 1;
        a[2 * c + 1] = x[i][1];
        a[4] = x[i][2];
        for (int p = 0; p < 5; p++) {
          aty[p] += r[i][c] * a[p] * y[i];
          for (int q = 0; q < 5; q++) {
            ata[p * 5 + q] += r[i][c] * a[p] * a[q];
          }
        }
      }
    }
    double[] direct = org.mixturelib.linalg.Cholesky.factor(ata, 5, "direct").solve(aty, 1);
    assertEquals(direct[0], e.coefficients(0)[0], 1e-10);
    assertEquals(direct[1], e.coefficients(0)[1], 1e-10);
    assertEquals(direct[2], e.coefficients(1)[0], 1e-10);
    assertEquals(direct[3], e.coefficients(1)[1], 1e-10);
    assertEquals(direct[4], e.coefficients(0)[2], 1e-10);
    assertEquals(direct[4], e.coefficients(1)[2], 1e-10);
  }

  /**
   * Several outputs: the structure ties each output's coefficients alike, so the tied step on
   * two outputs equals the tied steps on each output alone (one shared variance: the
   * coefficients do not depend on it).
   */
  @Test
  void severalOutputsAreTiedOutputByOutput() {
    double[][][] d = planted(false, 7);
    double[][] y2 = new double[N][2];
    double[] rw = new double[2 * N];
    double[] sums = new double[2];
    Random rnd = new Random(8);
    for (int i = 0; i < N; i++) {
      y2[i][0] = d[1][i][0];
      y2[i][1] = 3 - d[0][i][1] + 0.5 * rnd.nextGaussian();
      rw[i] = rnd.nextDouble();
      rw[N + i] = 1 - rw[i];
      sums[0] += rw[i];
      sums[1] += rw[N + i];
    }
    LinearExperts both = new LinearExperts(2, 3, 2);
    both.setCoefficientStructure(sharedW());
    double[] stats = new double[2 * 25];
    both.addStatistics(BlockBuilder.fromArrays(d[0], y2, null, N).get(0), rw, stats);
    both.mStep(stats, sums);
    for (int o = 0; o < 2; o++) {
      double[][] one = new double[N][1];
      for (int i = 0; i < N; i++) {
        one[i][0] = y2[i][o];
      }
      LinearExperts single = new LinearExperts(2, 3, 1);
      single.setCoefficientStructure(sharedW());
      double[] s1 = new double[2 * 16];
      single.addStatistics(BlockBuilder.fromArrays(d[0], one, null, N).get(0), rw, s1);
      single.mStep(s1, sums);
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(single.coefficients(e)[j], both.coefficients(e)[o * 3 + j], 1e-10,
              "output " + o + ", expert " + e + ", coefficient " + j);
        }
      }
    }
    assertEquals(both.coefficients(0)[5], both.coefficients(1)[5], 0);
  }

  /**
   * Nested: components 1 and 2 share x's coefficient, component 3 has none (flexmix's NregFix
   * structure); the fitted third component's x coefficient is exactly 0.
   */
  @Test
  void nestedGroupsShareWithinAndZeroOutside() {
    CoefficientStructure s = CoefficientStructure.of(3, 2, new int[0],
        List.of(new CoefficientStructure.Group(new int[] {0, 1}, new int[] {1})));
    assertEquals(4, s.size()); // three intercepts, one shared slope; component 3: none
    assertTrue(s.hasZeros());
    Random rnd = new Random(5);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    double[] a = {-4, 0, 4};
    for (int i = 0; i < N; i++) {
      double xi = rnd.nextGaussian();
      int c = rnd.nextInt(3);
      x[i] = new double[] {1, xi};
      y[i][0] = a[c] + (c < 2 ? 1.5 * xi : 0) + 0.5 * rnd.nextGaussian();
    }
    FitResult fit = Models.fit(InMemorySource.of(x, y, null), gaussian(s));
    double[][] w = byIntercept(fit.state().experts());
    for (int c = 0; c < 3; c++) {
      assertEquals(a[c], w[c][0], 0.1);
    }
    // the experts are renumbered by the sort; two share the slope, one has exactly 0
    double[] slopes = {w[0][1], w[1][1], w[2][1]};
    Arrays.sort(slopes);
    assertEquals(0, slopes[0], 0);
    assertEquals(1.5, slopes[1], 0.1);
    assertEquals(slopes[1], slopes[2], 0);
  }

  @Test
  void badStructuresAreRefusedByName() {
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> CoefficientStructure.of(2, 3, new int[] {1},
            List.of(new CoefficientStructure.Group(new int[] {0}, new int[] {1}))));
    assertTrue(both.getMessage().contains("feature 1 is both fixed and nested"),
        both.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> CoefficientStructure.of(3, 3, new int[0],
            List.of(new CoefficientStructure.Group(new int[] {0, 1}, new int[] {1}),
                new CoefficientStructure.Group(new int[] {1}, new int[] {2}))));
    assertTrue(twice.getMessage().contains("component 2 is in two nested groups"),
        twice.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> CoefficientStructure.of(2, 3, new int[] {3}, List.of()));
  }

  /**
   * A checkpointed fit under shared and nested coefficients (Poisson: the step halving's state
   * too), killed after its checkpoint of iteration 5 and resumed, ends with exactly the model of
   * the uninterrupted fit.
   */
  @Test
  void aResumedFitRepeatsTheUninterruptedOne(@TempDir Path dir)
      throws IOException {
    double[][][] d = planted(true, 13);
    double[][][] small = {Arrays.copyOf(d[0], 2000), Arrays.copyOf(d[1], 2000)};
    CoefficientStructure s = CoefficientStructure.of(2, 3, new int[] {2},
        List.of(new CoefficientStructure.Group(new int[] {0}, new int[] {1})));
    Function<Path, EmConfig> config = where -> new EmConfig().numInit(2)
        .initIterations(3).maxIter(80).tol(1e-10).seed(17).smallDataRows(0)
        .checkpointDir(where.toString()).checkpointInterval(5);
    Path whole = Files.createDirectories(dir.resolve("whole"));
    FitResult uninterrupted = new EmEngine(InMemorySource.of(small[0], small[1], null),
        List.of(), config.apply(whole)).fit(poisson(s));
    assertTrue(uninterrupted.iterations() > 10, "" + uninterrupted.iterations());
    Path cut = Files.createDirectories(dir.resolve("cut"));
    Path file = cut.resolve(EmCheckpoint.FILE_NAME);
    int[] seen = {0};
    DataSource crashing = new InterceptedSource(
        InMemorySource.of(small[0], small[1], null), pass -> {
          if (Files.exists(file)
              && EmCheckpoint.decode(file).position().iterations() == 5 && ++seen[0] == 3) {
            throw new IllegalStateException("simulated crash in pass " + pass);
          }
        });
    assertThrows(IllegalStateException.class,
        () -> new EmEngine(crashing, List.of(), config.apply(cut)).fit(poisson(s)));
    FitResult resumed = new EmEngine(InMemorySource.of(small[0], small[1], null), List.of(),
        config.apply(cut)).resume(poisson(s));
    assertEquals(uninterrupted.iterations(), resumed.iterations());
    assertEquals(uninterrupted.logLikelihood(), resumed.logLikelihood());
    GlmExperts a = (GlmExperts) uninterrupted.state().experts();
    GlmExperts b = (GlmExperts) resumed.state().experts();
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(a.coefficients(e), b.coefficients(e));
    }
  }

  // ---------------------------------------------------------------- parity

  private static FitResult fit(DataSource source, MixtureState start) {
    EmConfig config = new EmConfig().numInit(2).initIterations(3).maxIter(25).seed(5);
    try (source) {
      return new EmEngine(source, List.of(), config).fit(start);
    }
  }

  private static SparkSource spark(double[][][] d, int partitions) {
    return SparkSource.fromDataset(Spark.frame(d[0], d[1], partitions),
        new SparkSource.Columns("features", "label", null, false), 64, 2,
        StorageLevel.MEMORY_AND_DISK());
  }

  private static void assertSame(FitResult a, FitResult b, String what) {
    double tol = 1e-9;
    assertEquals(a.iterations(), b.iterations(), what + ": iterations");
    assertEquals(a.logLikelihood(), b.logLikelihood(), tol * Math.abs(a.logLikelihood()),
        what + ": log-likelihood");
    LinearPredictors ea = (LinearPredictors) a.state().experts();
    LinearPredictors eb = (LinearPredictors) b.state().experts();
    for (int e = 0; e < ea.numExperts(); e++) {
      double[] wa = ea.coefficients(e);
      double[] wb = eb.coefficients(e);
      for (int j = 0; j < wa.length; j++) {
        assertEquals(wa[j], wb[j], tol * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
      }
      assertEquals(ea.dispersions()[e], eb.dispersions()[e], tol * ea.dispersions()[e],
          what + ": dispersion " + e);
    }
  }

  @Test
  void inMemoryAndSparkAgreeOnOneAndThreePartitions() {
    for (boolean poisson : new boolean[] {false, true}) {
      double[][][] d = planted(poisson, 6);
      double[][][] small = {Arrays.copyOf(d[0], 1500), Arrays.copyOf(d[1], 1500)};
      MixtureState start = poisson ? poisson(sharedW()) : gaussian(sharedW());
      FitResult mem = fit(new InMemorySource(BlockBuilder.fromArrays(small[0], small[1], null,
          64)), start.copy());
      for (int p : new int[] {1, 3}) {
        assertSame(mem, fit(spark(small, p), start.copy()),
            (poisson ? "poisson, " : "gaussian, ") + p + " partitions");
      }
    }
  }
}
