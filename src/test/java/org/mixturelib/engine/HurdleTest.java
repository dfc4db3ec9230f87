package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.HurdleExperts;

/**
 * Hurdle experts ({@link HurdleExperts}): one component against {@code pscl::hurdle} on pscl's
 * bioChemists (R's figures computed here with Rscript), Poisson and negative binomial, with an
 * intercept-only hurdle and with the hurdle's own columns; a planted two-component hurdle
 * mixture recovered; a start given in code kept; the registered type ids; a penalised count
 * part and bad counts refused, by family and by column.
 */
class HurdleTest {
  @TempDir
  static Path dir;

  /**
   * {@code hurdle(art ~ . | 1)} and {@code (art ~ . | ment + kid5)}, Poisson: log-likelihood to
   * 1e-6, count and hurdle coefficients to 1e-4, standard errors (observed information) to 1e-3
   * relative.
   */
  @Test
  void oneComponentIsPsclsHurdlePoisson() throws IOException {
    compareWithPscl("poisson", GlmFamily.POISSON);
  }

  /** The same for {@code dist = "negbin"}, and theta to 1e-4 relative. */
  @Test
  void oneComponentIsPsclsHurdleNegbin() throws IOException {
    compareWithPscl("negbin", GlmFamily.NEGBIN);
  }

  private static void compareWithPscl(String dist, GlmFamily family) throws IOException {
    assumeTrue(ZeroInflatedTest.hasPscl(), "Rscript with the pscl package is not installed");
    String csv = org.mixturelib.support.Fixtures.shared().resolve("data")
        .resolve("biochemists.csv").toString();
    String[] lines = FlexmixRscriptTest.runScript(dir, "pscl_hurdle.R", csv, dist)
        .trim().split("\n");
    boolean negbin = family == GlmFamily.NEGBIN;
    for (int v = 0; v < 2; v++) {
      double[] r = Arrays.stream(lines[v].trim().split("\\s+"))
          .mapToDouble(Double::parseDouble).toArray();
      boolean own = v == 1;
      List<String> roles = own ? List.of("zment", "zkid5") : List.of();
      InMemorySource data = ZeroInflatedTest.biochemists(own);
      MixtureState start = new MixtureState(new HurdleExperts(new GlmExperts(family, 1, 6),
          roles), new HyperModelDirichlet(new double[] {1}, false));
      FitResult fit = Models.fit(data, start,
          new EmConfig().tol(1e-13).maxIter(20000).acceleration(true));
      HurdleExperts ex = (HurdleExperts) fit.state().experts();
      int c = roles.size() + 1;
      String what = dist + (own ? " | ment + kid5" : " | 1");
      assertEquals(r[0], fit.logLikelihood(), 1e-6, what + " log-likelihood");
      double[] w = ex.coefficients(0);
      double[] g = ex.zeroCoefficients(0);
      for (int j = 0; j < 6; j++) {
        assertEquals(r[1 + j], w[j], 1e-4, what + " count coefficient " + j);
      }
      for (int j = 0; j < c; j++) {
        assertEquals(r[7 + j], g[j], 1e-4, what + " hurdle coefficient " + j);
      }
      int at = 7 + c;
      if (negbin) {
        double theta = ex.countExperts().reportedShapes()[0];
        assertEquals(r[at], theta, 1e-4 * r[at], what + " theta");
        at++;
      }
      StandardErrors se = ObservedInformation.compute(data, fit.state());
      int countParameters = ex.expertParameters() - c;
      for (int j = 0; j < 6 + c; j++) {
        double want = r[at + j];
        int p = j < 6 ? j : countParameters + j - 6;
        assertEquals(want, se.standardError(se.layout().expert(0, p)), 1e-3 * want,
            what + " standard error " + j);
      }
    }
  }

  /**
   * Two hurdle Poisson regressions at N = 10^4, each hurdle with its own slope on a column of
   * its own: the count coefficients, the weights and each hurdle's probability at u = 0 within
   * 0.1, the hurdle's coefficients (on the logit scale) within three of their standard errors.
   */
  @Test
  void plantedTwoComponentPoissonMixtureIsRecovered() {
    planted(GlmFamily.POISSON);
  }

  /** The same with negative binomial counts (theta 2 in both components, recovered to 20%). */
  @Test
  void plantedTwoComponentNegbinMixtureIsRecovered() {
    planted(GlmFamily.NEGBIN);
  }

  /** The planted components' count coefficients (intercept, slope on t). */
  private static final double[][] COUNT = {{2.0, 0.5}, {0.5, -0.4}};
  /** The planted components' hurdle coefficients (intercept, slope on u). */
  private static final double[][] HURDLE = {{0.5, 1.5}, {-0.5, -1.5}};
  /** The planted negative binomial counts' theta. */
  private static final double THETA = 2;

  private static void planted(GlmFamily family) {
    boolean negbin = family == GlmFamily.NEGBIN;
    InMemorySource data = plantedData(negbin);
    MixtureState start = new MixtureState(new HurdleExperts(new GlmExperts(family, 2, 2),
        List.of("u")), new HyperModelDirichlet(new double[] {1, 1}, false));
    FitResult fit = Models.fit(data, start,
        new EmConfig().tol(1e-10).maxIter(5000).acceleration(true));
    HurdleExperts ex = (HurdleExperts) fit.state().experts();
    int big = ex.coefficients(0)[0] > ex.coefficients(1)[0] ? 0 : 1;
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    for (int k = 0; k < 2; k++) {
      int e = k == 0 ? big : 1 - big;
      double[] w = ex.coefficients(e);
      double[] g = ex.zeroCoefficients(e);
      assertEquals(COUNT[k][0], w[0], 0.1, "count intercept " + k);
      assertEquals(COUNT[k][1], w[1], 0.1, "count slope " + k);
      assertEquals(1 / (1 + Math.exp(-HURDLE[k][0])), 1 / (1 + Math.exp(-g[0])), 0.1,
          "probability of a positive count at u = 0, component " + k);
      for (int j = 0; j < 2; j++) {
        double sd = se.standardError(se.layout().expert(e, ex.expertParameters() - 2 + j));
        assertTrue(sd < 0.4, "standard error " + sd);
        assertEquals(HURDLE[k][j], g[j], 3 * sd, "hurdle coefficient " + j + " of component "
            + k);
      }
    }
    double[] pi = ((HyperModelDirichlet) fit.state().gate()).weights();
    assertEquals(0.4, pi[big], 0.1);
    if (negbin) {
      for (double fitted : ex.countExperts().reportedShapes()) {
        assertEquals(THETA, fitted, 0.2 * THETA, "theta");
      }
    }
  }

  /**
   * A start given in code is honoured: fresh hurdle experts whose count coefficients (theta)
   * and hurdle coefficients are set to a converged fit's, started with that fit's gate
   * ({@code InitMode.GIVEN}), begin at its bound and keep its parameters to 1e-6; the bound
   * never falls ({@link Models#fit} checks). Negative binomial, one component, on bioChemists;
   * Poisson, two components, on the planted mixture.
   */
  @Test
  void aStartGivenInCodeIsKept() {
    givenStartIsKept(ZeroInflatedTest.biochemists(true), GlmFamily.NEGBIN, 1,
        List.of("zment", "zkid5"));
    givenStartIsKept(plantedData(false), GlmFamily.POISSON, 2, List.of("u"));
  }

  private static void givenStartIsKept(InMemorySource data, GlmFamily family, int k,
      List<String> roles) {
    int d = data.blocks().get(0).d;
    double[] ones = new double[k];
    Arrays.fill(ones, 1);
    MixtureState fresh = new MixtureState(new HurdleExperts(new GlmExperts(family, k, d),
        roles), new HyperModelDirichlet(ones, false));
    FitResult fit = Models.fit(data, fresh,
        new EmConfig().tol(1e-13).maxIter(5000).acceleration(true));
    HurdleExperts fitted = (HurdleExperts) fit.state().experts();
    GlmExperts count = new GlmExperts(family, k, d);
    HurdleExperts given = new HurdleExperts(count, roles);
    for (int e = 0; e < k; e++) {
      count.setCoefficients(e, fitted.coefficients(e));
      if (family == GlmFamily.NEGBIN) {
        count.setReportedShape(e, fitted.countExperts().reportedShapes()[e]);
      }
      given.setZeroCoefficients(e, fitted.zeroCoefficients(e));
    }
    FitResult again = Models.fit(data, new MixtureState(given, fit.state().gate().copy()),
        new EmConfig().initMode(InitMode.GIVEN).maxIter(3).acceleration(false));
    String what = "hurdle" + family.typeId() + ", K = " + k;
    assertEquals(fit.finalBound(), again.boundHistory()[0], 1e-9 * Math.abs(fit.finalBound()),
        what + ": the bound at the given start");
    HurdleExperts kept = (HurdleExperts) again.state().experts();
    for (int e = 0; e < k; e++) {
      assertArrayEquals(fitted.coefficients(e), kept.coefficients(e), 1e-6,
          what + ": count coefficients of expert " + e);
      assertArrayEquals(fitted.zeroCoefficients(e), kept.zeroCoefficients(e), 1e-6,
          what + ": hurdle coefficients of expert " + e);
    }
  }

  /**
   * N = 10^4 rows of the planted two-component hurdle mixture (weights 0.4 and 0.6): an
   * intercept and t in the count part, u (role "u") in the hurdle.
   */
  private static InMemorySource plantedData(boolean negbin) {
    int n = 10_000;
    Random rnd = new Random(31);
    JDKRandomGenerator gen = new JDKRandomGenerator(37);
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    double[][] z = new double[n][1];
    for (int i = 0; i < n; i++) {
      double t = 2 * rnd.nextDouble() - 1;
      double u = 4 * rnd.nextDouble() - 2;
      int k = rnd.nextDouble() < 0.4 ? 0 : 1;
      x[i][0] = 1;
      x[i][1] = t;
      z[i][0] = u;
      boolean positive = rnd.nextDouble() < 1 / (1 + Math.exp(-HURDLE[k][0]
          - HURDLE[k][1] * u));
      double mean = Math.exp(COUNT[k][0] + COUNT[k][1] * t);
      int draw = 0;
      while (positive && draw == 0) { // zero-truncated by rejection
        double m = negbin ? new GammaDistribution(gen, THETA, mean / THETA).sample() : mean;
        draw = new PoissonDistribution(gen, m, 1e-12, 10_000).sample();
      }
      y[i][0] = draw;
    }
    return InMemorySource.of(x, y, null, null,
        List.of(FamilyColumn.finite("u", "u")), z);
  }

  /**
   * Case weights are replications (weights 1, 2, 3 give the fit of the rows repeated so), and
   * a constant offset c in the count part moves only its intercept, by -c.
   */
  @Test
  void weightsReplicateRowsAndAnOffsetMovesTheCountIntercept() {
    InMemorySource plain = ZeroInflatedTest.biochemists(true);
    Block b = plain.blocks().get(0);
    assertEquals(1, plain.blocks().size());
    int n = b.n;
    List<FamilyColumn> family = List.of(FamilyColumn.finite("zment", "ment"),
        FamilyColumn.finite("zkid5", "kid5"));
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    double[][] z = new double[n][];
    double[] w = new double[n];
    List<double[]> rx = new java.util.ArrayList<>();
    List<double[]> ry = new java.util.ArrayList<>();
    List<double[]> rz = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      x[i] = new double[6];
      for (int j = 0; j < 6; j++) {
        x[i][j] = b.x(i, j);
      }
      y[i] = new double[] {b.y(i, 0)};
      z[i] = new double[] {b.family(i, 0), b.family(i, 1)};
      w[i] = 1 + i % 3;
      for (int r = 0; r < w[i]; r++) {
        rx.add(x[i]);
        ry.add(y[i]);
        rz.add(z[i]);
      }
    }
    HurdleExperts weighted = fitOne(new InMemorySource(BlockBuilder.fromArrays(x, y, w, null,
        family, z, 4096)));
    HurdleExperts repeated = fitOne(new InMemorySource(BlockBuilder.fromArrays(
        rx.toArray(new double[0][]), ry.toArray(new double[0][]), null, null, family,
        rz.toArray(new double[0][]), 4096)));
    assertArrayEquals(repeated.coefficients(0), weighted.coefficients(0), 1e-6);
    assertArrayEquals(repeated.zeroCoefficients(0), weighted.zeroCoefficients(0), 1e-6);
    double[] offsets = new double[n];
    java.util.Arrays.fill(offsets, 0.7);
    HurdleExperts none = fitOne(plain);
    HurdleExperts shifted = fitOne(new InMemorySource(List.of(b.withOffsets(offsets))));
    double[] want = none.coefficients(0);
    want[0] -= 0.7;
    assertArrayEquals(want, shifted.coefficients(0), 1e-6);
    assertArrayEquals(none.zeroCoefficients(0), shifted.zeroCoefficients(0), 1e-6);
  }

  private static HurdleExperts fitOne(InMemorySource data) {
    MixtureState start = new MixtureState(new HurdleExperts(new GlmExperts(GlmFamily.NEGBIN, 1,
        6), List.of("zment", "zkid5")), new HyperModelDirichlet(new double[] {1}, false));
    return (HurdleExperts) Models.fit(data, start, new EmConfig().tol(1e-13).maxIter(2000))
        .state().experts();
  }

  /** The registered type ids make hurdle experts around the named count family. */
  @Test
  void familiesAreRegistered() {
    for (String id : List.of("hurdlepoisson", "hurdlenegbin")) {
      HurdleExperts h = (HurdleExperts) ExpertFamilies.create(id, 2, 3, 1);
      assertEquals(id, h.typeId());
      assertEquals(id.substring("hurdle".length()), h.countExperts().typeId());
    }
  }

  /**
   * A penalised count part is refused, naming the family (the truncated Newton step has no
   * penalty).
   */
  @Test
  void aPenalisedCountPartIsRefused() {
    GlmExperts count = new GlmExperts(GlmFamily.POISSON, 2, 3);
    count.setPenalty(org.mixturelib.localmodels.ElasticNet.of(1, 0.05));
    String m = assertThrows(IllegalArgumentException.class,
        () -> new HurdleExperts(count, List.of())).getMessage();
    assertTrue(m.contains("hurdlepoisson") && m.contains("penalty"), m);
  }

  /** A negative and a fractional count: each named by its column and row. */
  @Test
  void badCountsNameTheLabelColumn() {
    double[][] x = {{1}, {1}, {1}};
    for (double bad : new double[] {-1, 0.5}) {
      double[][] y = {{0}, {2}, {bad}};
      HurdleExperts h = new HurdleExperts(new GlmExperts(GlmFamily.POISSON, 1, 1), List.of());
      h.setLabelName("articles");
      MixtureState s = new MixtureState(h, new HyperModelDirichlet(new double[] {1}, false));
      DataSource data = new InMemorySource(BlockBuilder.fromArrays(x, y, null, 16));
      String m = assertThrows(IllegalArgumentException.class,
          () -> new EmEngine(data, List.of(), new EmConfig()).fit(s)).getMessage();
      assertTrue(m.contains("column 'articles': row 2 is " + bad)
          && m.contains("hurdlepoisson"), m);
    }
  }
}
