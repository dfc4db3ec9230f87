package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.StandardLink;

/**
 * Links whose means can leave the family's support (binomial through the log, Poisson through
 * the identity) in planted two-component mixtures fitted from the default starts, each start
 * fitted to a few rows: the bound never decreases ({@link Models#fit} checks it) and the
 * planted coefficients are recovered. (A mean that lands outside is held at the edge and adds
 * nothing to the step; GlmLinksRTest's log-binomial fit crosses the edge on its way.)
 */
class RestrictedLinksTest {
  @Test
  void logBinomialMixtureFromDefaultStartsIsMonotoneAndRecovered() {
    double[][] beta = {{-0.3, -2}, {-2.5, 1.5}};
    Random r = new Random(5);
    int n = 6000;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    double[] trials = new double[n];
    for (int i = 0; i < n; i++) {
      double v = r.nextDouble();
      int c = r.nextDouble() < 0.5 ? 0 : 1;
      x[i] = new double[] {1, v};
      trials[i] = 10;
      double p = Math.exp(beta[c][0] + beta[c][1] * v);
      int s = 0;
      for (int t = 0; t < 10; t++) {
        s += r.nextDouble() < p ? 1 : 0;
      }
      y[i] = new double[] {s};
    }
    java.util.List<org.mixturelib.data.Block> blocks = new java.util.ArrayList<>();
    for (org.mixturelib.data.Block b : org.mixturelib.data.BlockBuilder.fromArrays(x, y, null,
        1024)) {
      blocks.add(b.withTrials(Arrays.copyOfRange(trials, (int) b.firstRow,
          (int) b.firstRow + b.n)));
    }
    MixtureState start = new MixtureState(new GlmExperts(GlmFamily.BINOMIAL,
        StandardLink.LOG, 2, 2), new HyperModelDirichlet(new double[] {1, 1}, false));
    FitResult fit = Models.fit(new InMemorySource(blocks), start);
    GlmExperts e = (GlmExperts) fit.state().experts();
    int first = e.coefficients(0)[1] < e.coefficients(1)[1] ? 0 : 1;
    for (int c = 0; c < 2; c++) {
      double[] w = e.coefficients(c == 0 ? first : 1 - first);
      for (int j = 0; j < 2; j++) {
        assertEquals(beta[c][j], w[j], 0.15, "component " + c + ": " + Arrays.toString(w));
      }
    }
  }

  @Test
  void poissonIdentityMixtureFromDefaultStartsIsMonotoneAndRecovered() {
    double[][] beta = {{2, 3}, {15, -5}};
    Random r = new Random(11);
    int n = 4000;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      double v = r.nextDouble();
      int c = r.nextDouble() < 0.5 ? 0 : 1;
      x[i] = new double[] {1, v};
      y[i] = new double[] {GlmLinksRTest.poisson(beta[c][0] + beta[c][1] * v, r)};
    }
    MixtureState start = new MixtureState(new GlmExperts(GlmFamily.POISSON,
        StandardLink.IDENTITY, 2, 2), new HyperModelDirichlet(new double[] {1, 1}, false));
    FitResult fit = Models.fit(InMemorySource.of(x, y, null), start);
    GlmExperts e = (GlmExperts) fit.state().experts();
    int first = e.coefficients(0)[0] < e.coefficients(1)[0] ? 0 : 1;
    for (int c = 0; c < 2; c++) {
      double[] w = e.coefficients(c == 0 ? first : 1 - first);
      for (int j = 0; j < 2; j++) {
        assertEquals(beta[c][j], w[j], 0.5, "component " + c + ": " + Arrays.toString(w));
      }
    }
  }
}
