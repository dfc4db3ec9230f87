package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.Block;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.MultinomialExperts;

/**
 * Against flexmix's {@code FLXMRmultinom} (its help page has no example, so on a planted
 * latent-class choice data set written here: 200 subjects of 5 choices among 3 levels, {@code y
 * ~ x | id}, 2 components, 5 restarts), run with Rscript (skipped without it or flexmix): our
 * likelihood of flexmix's fitted model equals flexmix's log-likelihood (the same model and
 * parameter layout), and our fit reaches at least flexmix's log-likelihood.
 */
class MultinomialFlexmixTest {
  @TempDir
  static Path dir;

  @Test
  void plantedChoicesMatchFlexmix() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    InMemorySource data = MultinomialPlantedTest.planted(99L, 200, 5,
        new double[][] {{0.5, 1.0, -0.5, 0.5}, {-0.5, -1.0, 0.5, -0.5}});
    StringBuilder csv = new StringBuilder("id,x,y\n");
    int n = 0;
    for (Block b : data.blocks()) {
      for (int i = 0; i < b.n; i++) {
        csv.append(String.format(Locale.ROOT, "%d,%.17g,%d%n", b.rowKey(i) / 5, b.x(i, 1),
            (int) b.y(i, 0)));
        n++;
      }
    }
    assertEquals(1000, n);
    Path file = dir.resolve("choices.csv");
    Files.writeString(file, csv);
    String[] lines = FlexmixRscriptTest.runScript(dir, "flexmix_multinom.R", file.toString(),
        "2", "5").trim().split("\n");
    double flexmix = Double.parseDouble(lines[0].trim());
    MultinomialExperts theirs = MultinomialExperts.indexed(2, 2, 3);
    double[] prior = new double[2];
    for (int c = 0; c < 2; c++) {
      String[] v = lines[1 + c].trim().split("\\s+");
      double[] f = new double[5];
      for (int j = 0; j < 5; j++) {
        f[j] = Double.parseDouble(v[j]);
      }
      // flexmix: (intercept 1, intercept 2, x 1, x 2); ours by level: (intercept, x) each
      theirs.setCoefficients(c, new double[] {f[0], f[2], f[1], f[3]});
      prior[c] = f[4];
    }
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1, 1}, false);
    gate.updateFromCounts(prior);
    double atTheirs = new EmEngine(data, List.of(), new EmConfig())
        .logLikelihood(new MixtureState(theirs, gate));
    FitResult ours = Models.fit(data, new MixtureState(MultinomialExperts.indexed(2, 2, 3),
        new HyperModelDirichlet(new double[] {1, 1}, false)));
    System.out.printf(Locale.ROOT, "flexmix %.6f, ours at flexmix's parameters %.6f, our fit"
        + " %.6f%n", flexmix, atTheirs, ours.logLikelihood());
    assertEquals(flexmix, atTheirs, 1e-6 * Math.abs(flexmix));
    assertTrue(ours.logLikelihood() >= flexmix - 1e-3, "ours " + ours.logLikelihood());
  }
}
