package org.mixturelib.engine;

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
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.ZeroInflatedExperts;
import org.mixturelib.support.SharedCsv;

/**
 * Zero-inflated Poisson experts ({@link ZeroInflatedExperts}): one component against {@code
 * pscl::zeroinfl} on pscl's bioChemists (R's figures computed here with Rscript), with an
 * intercept-only zero part and with the zero part's own columns; a planted two-component
 * zero-inflated mixture recovered; the bound never decreasing; bad counts named by column.
 */
class ZeroInflatedTest {
  @TempDir
  static Path dir;

  static boolean hasPscl() {
    return FlexmixRscriptTest.run(List.of("Rscript", "-e",
        "quit(status = if (requireNamespace('pscl', quietly = TRUE)) 0 else 1)")) != null;
  }

  static MixtureState zip(int k, int d, List<String> zeroRoles) {
    double[] mu = new double[k];
    Arrays.fill(mu, 1);
    ExpertFamily experts = new ZeroInflatedExperts(new GlmExperts(GlmFamily.POISSON, k, d),
        zeroRoles);
    return new MixtureState(experts, new HyperModelDirichlet(mu, false));
  }

  /** bioChemists as [1, femWomen, marSingle, kid5, phd, ment] and art, with ment and kid5. */
  static InMemorySource biochemists(boolean zeroColumns) {
    SharedCsv csv = SharedCsv.data("biochemists.csv");
    double[][] cols = {csv.indicator("fem", "Women"), csv.indicator("mar", "Single"),
        csv.column("kid5"), csv.column("phd"), csv.column("ment")};
    double[] y = csv.column("art");
    int n = y.length;
    double[][] x = new double[n][6];
    double[][] yy = new double[n][1];
    double[][] z = new double[n][2];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 0; j < 5; j++) {
        x[i][j + 1] = cols[j][i];
      }
      yy[i][0] = y[i];
      z[i][0] = cols[4][i];
      z[i][1] = cols[2][i];
    }
    if (!zeroColumns) {
      return InMemorySource.of(x, yy, null);
    }
    return InMemorySource.of(x, yy, null, null, List.of(FamilyColumn.finite("zment", "ment"),
        FamilyColumn.finite("zkid5", "kid5")), z);
  }

  /**
   * {@code zeroinfl(art ~ . | 1)} and {@code (art ~ . | ment + kid5)}: log-likelihood to 1e-7,
   * count and zero coefficients to 1e-4, standard errors (observed information) to 1e-3
   * relative.
   */
  @Test
  void oneComponentIsPsclsZeroinflPoisson() throws IOException {
    compareWithPscl("poisson", GlmFamily.POISSON);
  }

  /**
   * The same for {@code dist = "negbin"}, and theta to 1e-4 relative. With an intercept-only
   * zero part the negative binomial needs no zero inflation: the zero intercept runs off to
   * minus infinity (pscl stops near -16 with a standard error of 544, we further), so there the
   * zero intercept is only checked to be below -10 and the standard errors, undefined at that
   * boundary, are not compared.
   */
  @Test
  void oneComponentIsPsclsZeroinflNegbin() throws IOException {
    compareWithPscl("negbin", GlmFamily.NEGBIN);
  }

  private static void compareWithPscl(String dist, GlmFamily family) throws IOException {
    assumeTrue(hasPscl(), "Rscript with the pscl package is not installed");
    String csv = org.mixturelib.support.Fixtures.shared().resolve("data")
        .resolve("biochemists.csv").toString();
    String[] lines = FlexmixRscriptTest.runScript(dir, "pscl_zeroinfl.R", csv, dist)
        .trim().split("\n");
    boolean negbin = family == GlmFamily.NEGBIN;
    for (int v = 0; v < 2; v++) {
      double[] r = Arrays.stream(lines[v].trim().split("\\s+"))
          .mapToDouble(Double::parseDouble).toArray();
      boolean own = v == 1;
      List<String> roles = own ? List.of("zment", "zkid5") : List.of();
      InMemorySource data = biochemists(own);
      double[] mu = {1};
      MixtureState start = new MixtureState(new ZeroInflatedExperts(
          new GlmExperts(family, 1, 6), roles), new HyperModelDirichlet(mu, false));
      FitResult fit = Models.fit(data, start,
          new EmConfig().tol(1e-13).maxIter(20000).acceleration(true));
      ZeroInflatedExperts ex = (ZeroInflatedExperts) fit.state().experts();
      int c = roles.size() + 1;
      String what = dist + (own ? " | ment + kid5" : " | 1");
      assertEquals(r[0], fit.logLikelihood(), 1e-7 * Math.abs(r[0]), what + " log-likelihood");
      double[] w = ex.coefficients(0);
      double[] g = ex.zeroCoefficients(0);
      for (int j = 0; j < 6; j++) {
        assertEquals(r[1 + j], w[j], 1e-4, what + " count coefficient " + j);
      }
      boolean boundary = r[7] < -10;
      for (int j = 0; j < c; j++) {
        if (boundary) {
          assertTrue(g[j] < -10, what + " zero intercept " + g[j] + " is not at the boundary");
        } else {
          assertEquals(r[7 + j], g[j], 1e-4, what + " zero coefficient " + j);
        }
      }
      int at = 7 + c;
      if (negbin) {
        double theta = ((GlmExperts) ex.countExperts()).reportedShapes()[0];
        assertEquals(r[at], theta, 1e-4 * r[at], what + " theta");
        at++;
      }
      if (boundary) {
        continue;
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
   * Two zero-inflated Poisson regressions at N = 10^4, each zero part with its own slope on a
   * column of its own: the count coefficients, the weights and each zero part's probability at
   * u = 0 within 0.1, the zero part's coefficients (on the logit scale) within three of their
   * standard errors. (The zero part is the weakly identified piece of such a mixture: rows with
   * y > 0 tell only {@code w_k (1 - pi_k(u))}, and the zeros' share follows from those, so with
   * constant weights and intercept-only zero parts the weights and zero probabilities are not
   * identified at all; a slope on u makes the shape of {@code w_k / (1 + exp(gamma_kᵀ g))} in u
   * tell them apart, with standard errors near 0.1 to 0.3 on the logit scale at this N.)
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

  private static void planted(GlmFamily family) {
    boolean negbin = family == GlmFamily.NEGBIN;
    double theta = 2;
    int n = 10_000;
    Random rnd = new Random(23);
    JDKRandomGenerator gen = new JDKRandomGenerator(29);
    double[][] count = {{2.0, 0.5}, {0.5, -0.4}};
    double[][] zero = {{-0.5, 3.0}, {0.5, -3.0}};
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
      boolean structural = rnd.nextDouble() < 1 / (1 + Math.exp(-zero[k][0] - zero[k][1] * u));
      double mean = Math.exp(count[k][0] + count[k][1] * t);
      if (negbin) { // NB2 as a gamma mixture of Poissons
        mean = new GammaDistribution(gen, theta, mean / theta).sample();
      }
      y[i][0] = structural ? 0 : new PoissonDistribution(gen, mean, 1e-12, 10_000).sample();
    }
    InMemorySource data = InMemorySource.of(x, y, null, null,
        List.of(FamilyColumn.finite("u", "u")), z);
    double[] mu = {1, 1};
    MixtureState start = new MixtureState(new ZeroInflatedExperts(
        new GlmExperts(family, 2, 2), List.of("u")), new HyperModelDirichlet(mu, false));
    FitResult fit = Models.fit(data, start,
        new EmConfig().tol(1e-10).maxIter(5000).acceleration(true));
    ZeroInflatedExperts ex = (ZeroInflatedExperts) fit.state().experts();
    int big = ex.coefficients(0)[0] > ex.coefficients(1)[0] ? 0 : 1;
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    for (int k = 0; k < 2; k++) {
      int e = k == 0 ? big : 1 - big;
      double[] w = ex.coefficients(e);
      double[] g = ex.zeroCoefficients(e);
      assertEquals(count[k][0], w[0], 0.1, "count intercept " + k);
      assertEquals(count[k][1], w[1], 0.1, "count slope " + k);
      assertEquals(1 / (1 + Math.exp(-zero[k][0])), 1 / (1 + Math.exp(-g[0])), 0.1,
          "zero probability at u = 0, component " + k);
      for (int j = 0; j < 2; j++) {
        double sd = se.standardError(se.layout().expert(e, ex.expertParameters() - 2 + j));
        assertTrue(sd < 0.4, "standard error " + sd);
        assertEquals(zero[k][j], g[j], 3 * sd, "zero coefficient " + j + " of component " + k);
      }
    }
    double[] pi = ((HyperModelDirichlet) fit.state().gate()).weights();
    assertEquals(0.4, pi[big], 0.1);
    if (negbin) {
      for (double fitted : ((GlmExperts) ex.countExperts()).reportedShapes()) {
        assertEquals(theta, fitted, 0.2 * theta, "theta");
      }
    }
  }

  /** A negative and a fractional count: each named by its column and row. */
  @Test
  void badCountsNameTheLabelColumn() {
    double[][] x = {{1}, {1}, {1}};
    for (double bad : new double[] {-1, 0.5}) {
      double[][] y = {{0}, {2}, {bad}};
      MixtureState s = zip(1, 1, List.of());
      ((ZeroInflatedExperts) s.experts()).setLabelName("articles");
      DataSource data = new InMemorySource(BlockBuilder.fromArrays(x, y, null, 16));
      String m = assertThrows(IllegalArgumentException.class,
          () -> new EmEngine(data, List.of(), new EmConfig()).fit(s)).getMessage();
      assertTrue(m.contains("column 'articles': row 2 is " + bad) && m.contains("zipoisson"), m);
    }
  }
}
