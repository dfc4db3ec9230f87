package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.StandardLink;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * Negative binomial (NB2) experts: one component against {@code MASS::glm.nb} on R's
 * biochemists data (Long 1990, {@code art ~ fem + mar + kid5 + phd + ment}), its standard
 * errors against the inverse of R's numerical Hessian of the same log-likelihood; a planted
 * two-component mixture recovered at N = 10⁴; in memory and on Spark over 1 and 3 partitions to
 * 1e-9.
 */
class NegativeBinomialTest {
  static boolean hasMass() {
    return FlexmixRscriptTest.run(List.of("Rscript", "-e",
        "quit(status = if (requireNamespace('MASS', quietly = TRUE)) 0 else 1)")) != null;
  }

  @Test
  void oneComponentMatchesMassGlmNbOnBiochemists() {
    assumeTrue(hasMass(), "Rscript with MASS is absent; skipping");
    String csv = org.mixturelib.support.Fixtures.shared().resolve("data")
        .resolve("biochemists.csv").toString();
    String code = "library(MASS); d <- read.csv('" + csv + "'); f <- glm.nb(art ~ fem + mar"
        + " + kid5 + phd + ment, data = d, control = glm.control(epsilon = 1e-12, maxit = 100));"
        + " X <- model.matrix(f); ll <- function(p) sum(dnbinom(d$art, size = p[7],"
        + " mu = exp(drop(X %*% p[1:6])), log = TRUE)); H <- optimHess(c(coef(f), f$theta), ll,"
        + " control = list(ndeps = rep(1e-4, 7))); cat(sprintf('%.15g', c(coef(f), f$theta,"
        + " logLik(f), sqrt(diag(solve(-H))))), sep = '\\n')";
    String out = FlexmixRscriptTest.run(List.of("Rscript", "-e", code));
    assertTrue(out != null, "MASS::glm.nb failed");
    double[] r = Arrays.stream(out.trim().split("\\s+")).mapToDouble(Double::parseDouble)
        .toArray();
    SharedCsv d = SharedCsv.data("biochemists.csv");
    double[] art = d.column("art");
    double[][] x = new double[art.length][];
    double[][] y = new double[art.length][];
    double[] women = d.indicator("fem", "Women");
    double[] single = d.indicator("mar", "Single");
    double[] kid5 = d.column("kid5");
    double[] phd = d.column("phd");
    double[] ment = d.column("ment");
    for (int i = 0; i < art.length; i++) {
      x[i] = new double[] {1, women[i], single[i], kid5[i], phd[i], ment[i]};
      y[i] = new double[] {art[i]};
    }
    GlmExperts nb = GlmLinksRTest.fitOne(GlmFamily.NEGBIN, StandardLink.LOG, x, y, null, null);
    double[] w = nb.coefficients(0);
    for (int j = 0; j < 6; j++) {
      assertEquals(r[j], w[j], 1e-4 * Math.max(0.1, Math.abs(r[j])), "coefficient " + j
          + ": MASS " + Arrays.toString(Arrays.copyOf(r, 6)) + ", ours " + Arrays.toString(w));
    }
    double theta = nb.reportedShapes()[0];
    assertEquals(r[6], theta, 1e-4 * r[6], "theta");
    InMemorySource data = InMemorySource.of(x, y, null);
    MixtureState state = new MixtureState(nb, new HyperModelDirichlet(new double[] {1}, false));
    double ours = new EmEngine(data, List.of(), new EmConfig()).logLikelihood(state);
    assertEquals(r[7], ours, 1e-8 * Math.abs(r[7]), "log-likelihood");
    StandardErrors se = ObservedInformation.compute(data, state);
    StandardErrors.Layout l = se.layout();
    for (int j = 0; j < 7; j++) {
      // R's Hessian is by finite differences of finite differences: 1e-3 relative
      assertEquals(r[8 + j], se.standardError(l.expert(0, j)), 1e-3 * r[8 + j],
          "standard error " + j + " (" + se.name(l.expert(0, j)) + ")");
    }
  }

  /** theta an integer: a Gamma(theta, mu / theta) rate as a sum of exponentials, then Poisson. */
  private static double draw(double mu, int theta, Random r) {
    double rate = 0;
    for (int t = 0; t < theta; t++) {
      rate -= Math.log(1 - r.nextDouble());
    }
    return GlmLinksRTest.poisson(rate * mu / theta, r);
  }

  private static final double[][] BETA = {{0.5, 1.0}, {3.0, -0.5}};
  private static final int[] THETA = {3, 8};

  private static double[][][] plant(int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      double v = 2 * r.nextDouble() - 1;
      int c = r.nextDouble() < 0.4 ? 0 : 1;
      x[i] = new double[] {1, v};
      y[i] = new double[] {draw(Math.exp(BETA[c][0] + BETA[c][1] * v), THETA[c], r)};
    }
    return new double[][][] {x, y};
  }

  private static MixtureState model() {
    return new MixtureState(new GlmExperts(GlmFamily.NEGBIN, 2, 2),
        new HyperModelDirichlet(new double[] {1, 1}, false));
  }

  @Test
  void plantedTwoComponentMixtureIsRecovered() {
    double[][][] p = plant(10_000, 17);
    FitResult fit = Models.fit(InMemorySource.of(p[0], p[1], null), model());
    System.out.println("planted negbin: " + fit.iterations() + " iterations, converged "
        + fit.converged() + ", log-likelihood " + fit.logLikelihood());
    GlmExperts e = (GlmExperts) fit.state().experts();
    int first = e.coefficients(0)[0] < e.coefficients(1)[0] ? 0 : 1;
    for (int c = 0; c < 2; c++) {
      double[] w = e.coefficients(c == 0 ? first : 1 - first);
      for (int j = 0; j < 2; j++) {
        assertEquals(BETA[c][j], w[j], 0.1, "component " + c + " coefficient " + j + ": "
            + Arrays.toString(w));
      }
      double theta = e.reportedShapes()[c == 0 ? first : 1 - first];
      assertEquals(THETA[c], theta, 0.3 * THETA[c], "component " + c + " theta");
    }
  }

  private static FitResult small(DataSource source) {
    EmConfig config = new EmConfig().numInit(1).maxIter(10).seed(5);
    try (source) {
      return new EmEngine(source, List.of(), config).fit(model());
    }
  }

  @Test
  void inMemoryAndOneOrThreePartitionsAgree() {
    double[][][] p = plant(400, 7);
    FitResult mem = small(new InMemorySource(BlockBuilder.fromArrays(p[0], p[1], null, 64)));
    for (int parts : new int[] {1, 3}) {
      FitResult s = small(SparkSource.fromDataset(Spark.frame(p[0], p[1], parts),
          new SparkSource.Columns("features", "label", null, false), 64, 2,
          StorageLevel.MEMORY_AND_DISK()));
      String what = parts + " partitions";
      assertEquals(mem.iterations(), s.iterations(), what + ": iterations");
      assertEquals(mem.logLikelihood(), s.logLikelihood(), 1e-9 * Math.abs(mem.logLikelihood()),
          what + ": log-likelihood");
      GlmExperts a = (GlmExperts) mem.state().experts();
      GlmExperts b = (GlmExperts) s.state().experts();
      for (int e = 0; e < 2; e++) {
        double[] wa = a.coefficients(e);
        double[] wb = b.coefficients(e);
        for (int j = 0; j < 2; j++) {
          assertEquals(wa[j], wb[j], 1e-9 * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
        }
        assertEquals(a.reportedShapes()[e], b.reportedShapes()[e],
            1e-9 * a.reportedShapes()[e], what + ": theta " + e);
      }
    }
  }
}
