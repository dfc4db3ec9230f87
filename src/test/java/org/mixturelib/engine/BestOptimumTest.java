package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.support.SharedCsv;

/**
 * The default fit reaches the best optimum that 100 single random starts (seeds 1..100) find,
 * on every Gaussian data set of ../shared/data with its reference model and on small planted
 * mixtures of regressions. (The Poisson and binomial sets need the GLM families.)
 */
class BestOptimumTest {
  private static final int STARTS = 100;
  /** The same optimum, to the convergence tolerance (as FlexmixParityTest). */
  private static final double TOL = 1e-3;

  private record Case(String name, InMemorySource data, Supplier<MixtureState> model) {}

  private static List<Case> sharedCases() {
    List<Case> cases = new ArrayList<>();
    SharedCsv n = SharedCsv.data("npreg.csv");
    double[] x = n.column("x");
    double[] xx = Arrays.stream(x).map(v -> v * v).toArray();
    cases.add(new Case("npreg k=2", Models.withIntercept(n.column("yn"), x, xx),
        () -> Models.regressions(2, 3)));
    SharedCsv t = SharedCsv.data("tonedata.csv");
    cases.add(new Case("tonedata k=2", Models.withIntercept(t.column("tuned"),
        t.column("stretchratio")), () -> Models.regressions(2, 2)));
    SharedCsv mc = SharedCsv.data("mcycle.csv");
    InMemorySource mcycle = Models.withIntercept(mc.column("accel"), mc.column("times"));
    for (int k = 2; k <= 4; k++) {
      int kk = k;
      cases.add(new Case("mcycle k=" + k, mcycle, () -> Models.gated(kk, 2)));
    }
    SharedCsv moe = SharedCsv.data("moe_synth_k2.csv");
    cases.add(new Case("moe_synth k=2", Models.withIntercept(moe.column("y"), moe.column("x")),
        () -> Models.gated(2, 2)));
    return cases;
  }

  /** Small planted mixtures: N in [40, 120], K in [2, 3], one or two inputs. */
  private static Case planted(long seed) {
    Random r = new Random(seed * 7919 + 17);
    r.nextLong();
    int n = 40 + r.nextInt(81);
    int k = 2 + r.nextInt(2);
    int d = 1 + r.nextInt(2);
    double[][] coef = new double[k][d + 1];
    double[] sd = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j <= d; j++) {
        coef[c][j] = 2 * r.nextGaussian();
      }
      sd[c] = 0.5 + r.nextDouble();
    }
    double[] y = new double[n];
    double[][] cols = new double[d][n];
    for (int i = 0; i < n; i++) {
      int z = r.nextInt(k);
      double mean = coef[z][0];
      for (int j = 0; j < d; j++) {
        cols[j][i] = r.nextGaussian();
        mean += coef[z][j + 1] * cols[j][i];
      }
      y[i] = mean + sd[z] * r.nextGaussian();
    }
    int kk = k;
    return new Case("planted " + seed + " (N=" + n + ", K=" + k + ", D=" + d + ")",
        Models.withIntercept(y, cols), () -> Models.regressions(kk, d + 1));
  }

  /** Returns a failure message, or null. */
  private static String check(Case c) {
    double best = Double.NEGATIVE_INFINITY;
    for (long seed = 1; seed <= STARTS; seed++) {
      EmConfig one = new EmConfig().numInit(1).initMode(InitMode.RANDOM).seed(seed);
      best = Math.max(best, new EmEngine(c.data(), List.of(), one).fit(c.model().get())
          .logLikelihood());
    }
    double ours = Models.fit(c.data(), c.model().get()).logLikelihood();
    System.out.printf("BEST %s: default %.4f, best of %d random starts %.4f%n", c.name(), ours,
        STARTS, best);
    return ours >= best - TOL ? null : c.name() + ": default " + ours
        + " below the best of " + STARTS + " random starts, " + best;
  }

  private static void checkAll(List<Case> cases) {
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String f = check(c);
      if (f != null) {
        failures.add(f);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void sharedDataSets() {
    checkAll(sharedCases());
  }

  @Test
  void smallPlantedSets() {
    List<Case> cases = new ArrayList<>();
    for (long seed = 1; seed <= 10; seed++) {
      cases.add(planted(seed));
    }
    checkAll(cases);
  }
}
