package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;

/**
 * Intercept-only formulas ({@code Packages ~ 1}, flexmix's commonest Poisson example) through
 * the jobs: with k = 1 the fit is the closed form (the log of the mean count, the mean label),
 * with k = 2 it reaches at least flexmix's optimum, predict scores the raw table, and a formula
 * with neither a column nor the intercept is refused in one line.
 */
class InterceptOnlyTest {
  @TempDir
  static Path dir;

  private static final Path PATENT = Fixtures.shared().resolve("data/patent.csv");

  private static double meanPatents() {
    return JobsTest.readCsv(PATENT).selectExpr("avg(Patents)").head().getDouble(0);
  }

  @Test
  void oneComponentIsTheClosedForm() {
    JobsTest.Outcome o = JobsTest.ok("fit", "--input", PATENT.toString(), "--formula",
        "Patents ~ 1", "--family", "poisson", "--k", "1", "--output",
        dir.resolve("k1").toString());
    assertTrue(o.out().startsWith("Mixture of 1 Poisson regressions on 70 rows: Patents ~ 1\n"),
        o.out());
    double[] row = JobsTest.componentRow(o.out(), 1);
    // component, weight, size, (intercept): the Poisson MLE of a constant mean is log(mean)
    assertEquals(Math.log(meanPatents()), row[3], 5e-5, o.out());
  }

  @Test
  void twoComponentsReachFlexmixAndPredict() throws IOException {
    Path model = dir.resolve("k2");
    JobsTest.Outcome o = JobsTest.ok("fit", "--input", PATENT.toString(), "--formula",
        "Patents ~ 1", "--family", "poisson", "--k", "2", "--output", model.toString());
    // flexmix(Patents ~ 1, k = 2, model = FLXMRglm(family = "poisson")): -509.2605, best of 5
    assertTrue(JobsTest.figure(o.out(), "log-likelihood") >= -509.2605 - 1e-3, o.out());
    Path pred = dir.resolve("k2-pred");
    JobsTest.ok("predict", model.toString(), "--input", PATENT.toString(), "--output",
        pred.toString());
    Dataset<Row> p = JobsTest.readCsv(pred);
    assertEquals(70, p.count());
    // no features: every row gets the same prediction, the mixture's mean count, which at a
    // Poisson mixture's maximum equals the mean label (the score equation of the weights)
    List<Row> distinct = p.select("prediction").distinct().collectAsList();
    assertEquals(1, distinct.size(), distinct.toString());
    assertEquals(meanPatents(), distinct.get(0).getDouble(0), 1e-3 * meanPatents());
    assertTrue(Files.isDirectory(model.resolve("stages")));
  }

  @Test
  void neitherColumnNorInterceptIsRefused() {
    JobsTest.Outcome o = JobsTest.main("fit", "--input", PATENT.toString(), "--formula",
        "Patents ~ 0", "--family", "poisson", "--output", dir.resolve("none").toString());
    assertEquals(2, o.code(), o.err());
    assertEquals("error: --formula 'Patents ~ 0' has neither a column nor the intercept; an"
        + " intercept-only model is written 'y ~ 1'\n", o.err());
  }
}
