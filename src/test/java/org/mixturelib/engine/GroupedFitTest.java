package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;
import org.mixturelib.support.SharedCsv;

/**
 * Grouped fits ({@code y ~ x | g}, every row of a group in one component) through the engine:
 * flexmix's figures on npreg with its grouping id2, the closed form of the grouped
 * log-likelihood, singleton groups against the ungrouped fit, and planted grouped mixtures.
 */
class GroupedFitTest {
  @TempDir
  static Path dir;

  @Test
  void npregById2ReachesFlexmixAndScoresFlexmixsModelAsFlexmixDoes() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    Path csvPath = Fixtures.shared().resolve("data").resolve("npreg.csv");
    String out = FlexmixRscriptTest.runScript(dir, "flexmix_grouped.R", csvPath.toString(),
        "id2", "2", "10", "1");
    String[] lines = out.trim().split("\n");
    double flexmixLogLik = Double.parseDouble(lines[0].trim());
    SharedCsv csv = SharedCsv.data("npreg.csv");
    InMemorySource data = npreg(csv, groups(csv.column("id2")));
    // flexmix's model (its non-ML sigma included) scored by us: the same grouped likelihood
    MixtureState theirs = Models.regressions(2, 3);
    LinearExperts e = LinearState.experts(theirs);
    double[] prior = new double[2];
    for (int c = 0; c < 2; c++) {
      String[] v = lines[1 + c].trim().split("\\s+");
      e.setCoefficients(c, new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1]),
          Double.parseDouble(v[2])});
      e.setNoiseVariance(c, Math.pow(Double.parseDouble(v[3]), 2));
      prior[c] = Double.parseDouble(v[4]);
    }
    ((HyperModelDirichlet) theirs.gate()).updateFromCounts(prior);
    double atTheirs = new EmEngine(data, List.of(), new EmConfig()).logLikelihood(theirs);
    assertEquals(flexmixLogLik, atTheirs, 1e-3);
    // our fit: the maximum-likelihood sigma, so at least flexmix's figure; 25 groups each
    FitResult fit = Models.fit(data, Models.regressions(2, 3));
    String[] sizes = lines[3].trim().split("\\s+");
    System.out.printf(Locale.ROOT, "npreg | id2: ours %.6f, flexmix %.6f, ours at flexmix's"
        + " parameters %.6f; groups per component %s (flexmix %s %s)%n", fit.logLikelihood(),
        flexmixLogLik, atTheirs, java.util.Arrays.toString(fit.clusterSizes()), sizes[0],
        sizes[1]);
    assertTrue(fit.logLikelihood() >= flexmixLogLik - 1e-3, "ours " + fit.logLikelihood());
    // the maximum-likelihood sigma moves the optimum by far less than the noise: 1e-3 per row
    assertTrue(fit.logLikelihood() - flexmixLogLik < 1e-3 * 200, "ours " + fit.logLikelihood());
    assertEquals(50, fit.numGroups());
    assertEquals(200, fit.numRows());
    double[] ours = fit.clusterSizes().clone();
    java.util.Arrays.sort(ours);
    double[] expected = {Double.parseDouble(sizes[0]), Double.parseDouble(sizes[1])};
    java.util.Arrays.sort(expected);
    assertEquals(expected[0], ours[0], 0);
    assertEquals(expected[1], ours[1], 0);
    // flexmix's df 9 and nobs = 200 rows in BIC
    assertEquals(9, fit.numFreeParameters());
    assertEquals(-2 * fit.logLikelihood() + 9 * Math.log(200), fit.bic(), 1e-9);
  }

  @Test
  void groupedLogLikelihoodIsTheSumOverGroupsOfTheWeightedRowLikelihoods() {
    double[][] x = {{1, 0.5}, {1, -1}, {1, 2}, {1, 0.3}, {1, 1.1}};
    double[][] y = {{1.2}, {-0.4}, {3.1}, {0.2}, {2.0}};
    double[] w = {1, 2, 0.5, 1, 3};
    Object[] g = {"a", "b", "a", "b", "c"};
    MixtureState s = Models.regressions(2, 2);
    LinearExperts e = LinearState.experts(s);
    double[][] coef = {{0.1, 1.3}, {-0.5, 0.6}};
    double[] var = {0.4, 1.7};
    for (int c = 0; c < 2; c++) {
      e.setCoefficients(c, coef[c]);
      e.setNoiseVariance(c, var[c]);
    }
    double[] pi = {0.3, 0.7};
    ((HyperModelDirichlet) s.gate()).updateFromCounts(pi);
    double expected = 0;
    for (String key : new String[] {"a", "b", "c"}) {
      double sum = 0;
      for (int c = 0; c < 2; c++) {
        double log = Math.log(pi[c]);
        for (int i = 0; i < x.length; i++) {
          if (g[i].equals(key)) {
            double r = y[i][0] - coef[c][0] - coef[c][1] * x[i][1];
            log += w[i] * (-0.5 * Math.log(2 * Math.PI * var[c]) - 0.5 * r * r / var[c]);
          }
        }
        sum += Math.exp(log);
      }
      expected += Math.log(sum);
    }
    InMemorySource data = InMemorySource.grouped(x, y, w, g, false);
    assertEquals(expected, new EmEngine(data, List.of(), new EmConfig()).logLikelihood(s),
        1e-12);
  }

  @Test
  void groupsOfOneRowGiveTheUngroupedFit() {
    Random r = new Random(5);
    int n = 300;
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    Object[] g = new Object[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      x[i][1] = 10 * r.nextDouble();
      y[i][0] = (i % 2 == 0 ? 1 + 2 * x[i][1] : 12 - x[i][1]) + r.nextGaussian();
      g[i] = (long) i;
    }
    FitResult rows = Models.fit(InMemorySource.of(x, y, null), Models.regressions(2, 2));
    FitResult groups = Models.fit(InMemorySource.grouped(x, y, null, g, false),
        Models.regressions(2, 2));
    assertEquals(rows.logLikelihood(), groups.logLikelihood(), 1e-9 * n);
    assertEquals(rows.iterations(), groups.iterations());
    for (int c = 0; c < 2; c++) {
      double[] a = LinearState.experts(rows.state()).coefficients(c);
      double[] b = LinearState.experts(groups.state()).coefficients(c);
      for (int j = 0; j < 2; j++) {
        assertEquals(a[j], b[j], 1e-9);
      }
    }
    assertEquals(n, groups.numGroups());
    assertEquals(0, rows.numGroups());
  }

  @Test
  void plantedGroupsAreRecoveredWhereTheUngroupedFitIsNot() {
    Planted.Grouped p = Planted.groupedLines(150, 11);
    InMemorySource groupedData = InMemorySource.grouped(p.x(), p.y(), null, p.group(), false);
    InMemorySource rowData = InMemorySource.of(p.x(), p.y(), null);
    FitResult grouped = Models.fit(groupedData, Models.regressions(2, 2));
    FitResult rows = Models.fit(rowData, Models.regressions(2, 2));
    double groupedRight = rightlyAssigned(grouped.state(), groupedData, p.truth());
    double rowsRight = rightlyAssigned(rows.state(), rowData, p.truth());
    System.out.printf(Locale.ROOT, "planted groups: slope error grouped %.4f, ungrouped %.4f;"
        + " rows in their planted line: grouped %.4f, ungrouped %.4f%n",
        slopeError(grouped.state()), slopeError(rows.state()), groupedRight, rowsRight);
    // the lines themselves the ungrouped fit finds about as well (8,000 rows); what it cannot
    // recover is which rows belong to which line
    assertTrue(groupedRight >= 0.9, "grouped fit puts " + groupedRight + " of rows right");
    assertTrue(rowsRight <= 0.7, "the ungrouped fit puts " + rowsRight + " of rows right");
    assertTrue(slopeError(grouped.state()) < 0.1, "slopes off by "
        + slopeError(grouped.state()));
    assertEquals(150, grouped.numGroups());
    assertEquals(150, grouped.clusterSizes()[0] + grouped.clusterSizes()[1], 0);
  }

  /**
   * The share of rows whose most likely component (the group's, for grouped data) is their
   * planted one, under the better matching of components to lines.
   */
  private static double rightlyAssigned(MixtureState s, InMemorySource data, int[] truth) {
    int same = 0;
    for (org.mixturelib.data.Block b : data.blocks()) {
      double[] r = MixturePosterior.of(s, b).responsibilities();
      for (int i = 0; i < b.n; i++) {
        int map = r[i * 2] >= r[i * 2 + 1] ? 0 : 1;
        same += map == truth[(int) b.rowKey(i)] ? 1 : 0;
      }
    }
    double share = same / (double) truth.length;
    return Math.max(share, 1 - share);
  }

  /** The largest error in the two planted slopes (0.8 and 1.2), best matching of experts. */
  private static double slopeError(MixtureState s) {
    double a = LinearState.experts(s).coefficients(0)[1];
    double b = s.k() > 1 ? LinearState.experts(s).coefficients(1)[1] : a;
    return Math.min(Math.max(Math.abs(a - 0.8), Math.abs(b - 1.2)),
        Math.max(Math.abs(a - 1.2), Math.abs(b - 0.8)));
  }

  /** flexmix's npreg model {@code yn ~ x + I(x^2)}, grouped. */
  static InMemorySource npreg(SharedCsv csv, Object[] groups) {
    double[] x = csv.column("x");
    double[] yn = csv.column("yn");
    double[][] xs = new double[x.length][];
    double[][] ys = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      xs[i] = new double[] {1, x[i], x[i] * x[i]};
      ys[i] = new double[] {yn[i]};
    }
    return InMemorySource.grouped(xs, ys, null, groups, false);
  }

  static Object[] groups(double[] keys) {
    Object[] out = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = keys[i];
    }
    return out;
  }
}
