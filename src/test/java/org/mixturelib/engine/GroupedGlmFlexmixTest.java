package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.SharedCsv;

/**
 * A grouped GLM mixture against R's flexmix, run by {@code Rscript} in the test: npreg {@code yp
 * ~ x | id2} with {@code FLXMRglm(family = "poisson")}, k = 2 (10 restarts). Our grouped
 * log-likelihood of flexmix's fitted model is flexmix's {@code logLik}, and our fit from the
 * default settings reaches it to 1e-3 with the same groups per component. Skips without R and
 * flexmix.
 */
class GroupedGlmFlexmixTest {
  @TempDir
  static Path dir;

  @Test
  void npregPoissonById2ReachesFlexmix() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    String out = FlexmixRscriptTest.runScript(dir, "flexmix_grouped_poisson.R",
        Fixtures.shared().resolve("data").resolve("npreg.csv").toString(), "id2", "2", "10",
        "1");
    String[] lines = out.trim().split("\n");
    double flexmix = Double.parseDouble(lines[0].trim());
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    double[] yp = csv.column("yp");
    double[][] xs = new double[x.length][];
    double[][] ys = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      xs[i] = new double[] {1, x[i]};
      ys[i] = new double[] {yp[i]};
    }
    InMemorySource data = InMemorySource.grouped(xs, ys, null,
        GroupedFitTest.groups(csv.column("id2")), false);
    // flexmix's model scored by us: the same grouped likelihood, R's constants included (to
    // 1e-5: the parameters are printed to 12 significant digits)
    MixtureState theirs = GlmFlexmixTest.glm(GlmFamily.POISSON, 2, 2);
    double[] prior = new double[2];
    for (int c = 0; c < 2; c++) {
      String[] v = lines[1 + c].trim().split("\\s+");
      ((GlmExperts) theirs.experts()).setCoefficients(c,
          new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1])});
      prior[c] = Double.parseDouble(v[2]);
    }
    ((HyperModelDirichlet) theirs.gate()).updateFromCounts(prior);
    double atTheirs = new EmEngine(data, List.of(), new EmConfig()).logLikelihood(theirs);
    assertEquals(flexmix, atTheirs, 1e-5);
    FitResult fit = Models.fit(data, GlmFlexmixTest.glm(GlmFamily.POISSON, 2, 2));
    System.out.printf(Locale.ROOT, "npreg yp ~ x | id2 (Poisson): ours %.6f, flexmix %.6f;"
        + " groups per component %s (flexmix %s)%n", fit.logLikelihood(), flexmix,
        Arrays.toString(fit.clusterSizes()), lines[3].trim());
    assertTrue(fit.logLikelihood() >= flexmix - 1e-3, "ours " + fit.logLikelihood());
    assertEquals(50, fit.numGroups());
    double[] ours = fit.clusterSizes().clone();
    Arrays.sort(ours);
    String[] sizes = lines[3].trim().split("\\s+");
    double[] expected = {Double.parseDouble(sizes[0]), Double.parseDouble(sizes[1])};
    Arrays.sort(expected);
    assertEquals(expected[0], ours[0], 0);
    assertEquals(expected[1], ours[1], 0);
  }
}
