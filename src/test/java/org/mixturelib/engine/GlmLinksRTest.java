package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamilies;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.Link;

/**
 * One GLM component of each new family x link pair against R's {@code glm()}, run by {@code
 * Rscript} in the test on data planted here and written to a CSV (R's own {@code
 * glm.control(epsilon = 1e-14)}): the coefficients agree to 1e-5 relative. Skips without R.
 */
class GlmLinksRTest {
  private static final int N = 600;

  @TempDir
  static Path dir;

  static boolean hasR() {
    return FlexmixRscriptTest.run(List.of("Rscript", "-e", "quit(status = 0)")) != null;
  }

  /** A planted data set: x1 in [0, 1], x2 in [-1, 1], the answer and (binomial) trials. */
  private record Data(double[] x1, double[] x2, double[] y, double[] trials) {}

  private interface Draw {
    double answer(double mu, double trials, Random r);
  }

  private static Data plant(long seed, double[] beta, DoubleUnaryOperator mean, Draw draw,
      boolean withTrials) {
    Random r = new Random(seed);
    double[] x1 = new double[N];
    double[] x2 = new double[N];
    double[] y = new double[N];
    double[] trials = withTrials ? new double[N] : null;
    for (int i = 0; i < N; i++) {
      x1[i] = r.nextDouble();
      x2[i] = 2 * r.nextDouble() - 1;
      double n = withTrials ? 1 + r.nextInt(5) : 1;
      if (withTrials) {
        trials[i] = n;
      }
      y[i] = draw.answer(mean.applyAsDouble(beta[0] + beta[1] * x1[i] + beta[2] * x2[i]), n, r);
    }
    return new Data(x1, x2, y, trials);
  }

  static double poisson(double mu, Random r) {
    double limit = Math.exp(-mu);
    double p = r.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }

  private static double binomial(double p, double n, Random r) {
    int s = 0;
    for (int t = 0; t < n; t++) {
      s += r.nextDouble() < p ? 1 : 0;
    }
    return s;
  }

  /** Gamma with shape 3 and mean mu: a sum of three exponentials. */
  private static double gamma3(double mu, Random r) {
    double s = 0;
    for (int t = 0; t < 3; t++) {
      s -= Math.log(1 - r.nextDouble());
    }
    return s * mu / 3;
  }

  /** R's coefficients of {@code glm(formula, family)} on the data. */
  private static double[] r(String name, Data d, String response, String family)
      throws IOException {
    Path csv = dir.resolve(name + ".csv");
    StringBuilder b = new StringBuilder("y,n,x1,x2\n");
    for (int i = 0; i < N; i++) {
      b.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g,%.17g%n", d.y()[i],
          d.trials() == null ? 1.0 : d.trials()[i], d.x1()[i], d.x2()[i]));
    }
    Files.writeString(csv, b);
    String code = "d <- read.csv('" + csv + "'); f <- glm(" + response
        + " ~ x1 + x2, family = "
        + family + ", data = d, control = glm.control(epsilon = 1e-14, maxit = 200));"
        + " cat(sprintf('%.15g', coef(f)), sep = '\\n')";
    String out = FlexmixRscriptTest.run(List.of("Rscript", "-e", code));
    assertTrue(out != null, "R's glm failed on " + name);
    return Arrays.stream(out.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * Our one-component fit's coefficients. One k-means start with k = 1 gives every row to the
   * component, so the first M-step is R's first IRLS step from {@code mustart} (a random start
   * fits a few rows, where the links that can leave the family's support, as R's glm without
   * starting values, may find no valid start); or, given {@code start}, EM from there.
   */
  static GlmExperts fitOne(GlmFamily family, Link link, Data d, double[] start) {
    double[][] x = new double[N][];
    double[][] y = new double[N][];
    for (int i = 0; i < N; i++) {
      x[i] = new double[] {1, d.x1()[i], d.x2()[i]};
      y[i] = new double[] {d.y()[i]};
    }
    return fitOne(family, link, x, y, d.trials(), start);
  }

  static GlmExperts fitOne(GlmFamily family, Link link, double[][] x, double[][] y,
      double[] trials, double[] start) {
    List<Block> blocks = BlockBuilder.fromArrays(x, y, null, 128);
    if (trials != null) {
      List<Block> with = new ArrayList<>();
      for (Block b : blocks) {
        with.add(b.withTrials(Arrays.copyOfRange(trials, (int) b.firstRow,
            (int) b.firstRow + b.n)));
      }
      blocks = with;
    }
    GlmExperts experts = new GlmExperts(family, link, 1, x[0].length);
    if (start != null) {
      experts.setCoefficients(0, start);
    }
    MixtureState state = new MixtureState(experts,
        new HyperModelDirichlet(new double[] {1}, false));
    FitResult fit = Models.fit(new InMemorySource(blocks), state, new EmConfig().numInit(1)
        .initMode(start == null ? InitMode.KMEANS : InitMode.GIVEN).maxIter(2000).tol(1e-14));
    return (GlmExperts) fit.state().experts();
  }

  private static void same(double[] want, double[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int j = 0; j < want.length; j++) {
      assertEquals(want[j], got[j], tol * Math.max(0.1, Math.abs(want[j])),
          what + " coefficient " + j + ": R " + Arrays.toString(want) + ", ours "
              + Arrays.toString(got));
    }
  }

  private static void check(String family, String link, Data d, String response)
      throws IOException {
    check(family, link, d, response, null);
  }

  private static void check(String family, String link, Data d, String response, double[] start)
      throws IOException {
    GlmFamily f = GlmFamilies.ofId(family);
    String rFamily = family.equals("gamma") ? "Gamma" : family;
    double[] want = r(family + "_" + link, d, response, rFamily + "(link = '" + link + "')");
    GlmExperts ours = fitOne(f, f.link(link), d, start);
    same(want, ours.coefficients(0), 1e-5, family + "/" + link);
  }

  @Test
  void binomialProbitCloglogAndLogMatchR() throws IOException {
    assumeTrue(hasR(), "Rscript is absent; skipping");
    double[] beta = {-0.3, 0.8, -0.5};
    check("binomial", "probit", plant(1, beta, Link.of("probit")::mean,
        (p, n, r) -> binomial(p, n, r), true), "cbind(y, n - y)");
    check("binomial", "cloglog", plant(2, beta, Link.of("cloglog")::mean,
        (p, n, r) -> binomial(p, n, r), true), "cbind(y, n - y)");
    check("binomial", "log", plant(3, new double[] {-1.5, 0.6, -0.3}, Math::exp,
        (p, n, r) -> binomial(p, n, r), true), "cbind(y, n - y)");
  }

  @Test
  void poissonIdentityAndSqrtMatchR() throws IOException {
    assumeTrue(hasR(), "Rscript is absent; skipping");
    check("poisson", "identity", plant(4, new double[] {10, 5, 2}, m -> m,
        (mu, n, r) -> poisson(mu, r), false), "y");
    check("poisson", "sqrt", plant(5, new double[] {1.5, 1, -0.3}, e -> e * e,
        (mu, n, r) -> poisson(mu, r), false), "y");
  }

  @Test
  void gammaInverseAndIdentityMatchR() throws IOException {
    assumeTrue(hasR(), "Rscript is absent; skipping");
    check("gamma", "inverse", plant(6, new double[] {0.5, 0.4, 0.1}, e -> 1 / e,
        (mu, n, r) -> gamma3(mu, r), false), "y");
    check("gamma", "identity", plant(7, new double[] {2, 1, 0.3}, m -> m,
        (mu, n, r) -> gamma3(mu, r), false), "y");
  }

  @Test
  void gaussianLogMatchesR() throws IOException {
    assumeTrue(hasR(), "Rscript is absent; skipping");
    check("gaussian", "log", plant(8, new double[] {0.5, 0.8, -0.2}, Math::exp,
        (mu, n, r) -> mu + 0.5 * r.nextGaussian(), false), "y");
  }
}
