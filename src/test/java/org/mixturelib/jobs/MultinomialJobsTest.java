package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.figure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.MultinomialExperts;

/**
 * {@code --family multinomial} through the jobs: a text response fitted by formula (one
 * component: the summary prints each level's coefficients, the maximum-likelihood ones, and
 * the log-likelihood on its own line), predictions as level names with a probability per level,
 * and an unknown level refused naming the column and the value.
 */
class MultinomialJobsTest {
  @TempDir
  static Path dir;

  private static final String[] LEVELS = {"bus", "car", "train"};

  @Test
  void aTextResponseIsFittedAndPredicted() throws IOException {
    Random r = new Random(3L);
    int n = 600;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    StringBuilder csv = new StringBuilder("x,choice\n");
    for (int i = 0; i < n; i++) {
      double v = 4 * r.nextDouble() - 2;
      double e1 = Math.exp(0.5 + v);
      double e2 = Math.exp(-0.5 - v);
      double u = r.nextDouble() * (1 + e1 + e2);
      int level = u < 1 ? 0 : u < 1 + e1 ? 1 : 2;
      x[i] = new double[] {v, 1};
      y[i] = new double[] {level};
      csv.append(String.format(Locale.ROOT, "%.6f,%s%n", v, LEVELS[level]));
    }
    Path in = dir.resolve("choices.csv");
    Files.writeString(in, csv.toString());
    String model = dir.resolve("model").toString();
    String s = JobsTest.ok("fit", "--input", in.toString(), "--formula", "choice ~ x",
        "--family", "multinomial", "--k", "1", "--output", model).out();
    // the same rows in memory (x rounded as written), the levels sorted: bus, car, train
    for (int i = 0; i < n; i++) {
      x[i][0] = Double.parseDouble(String.format(Locale.ROOT, "%.6f", x[i][0]));
    }
    FitResult ref = new EmEngine(InMemorySource.of(x, y, null), List.of(),
        new EmConfig().tol(1e-12)).fit(new MixtureState(MultinomialExperts.indexed(1, 2, 3),
        new HyperModelDirichlet(new double[] {1}, false)));
    double[] b = ((MultinomialExperts) ref.state().experts()).coefficients(0);
    assertEquals(ref.logLikelihood(), figure(s, "log-likelihood"), 1e-3, s);
    assertTrue(s.contains("car~(intercept)") && s.contains("train~x"), s);
    assertTrue(s.contains("family multinomial: levels bus, car, train; coefficients are each"
        + " level's log-odds against 'bus', no dispersion"), s);
    String row = s.lines().filter(l -> l.trim().startsWith("1 ")).findFirst().orElseThrow();
    String[] f = row.trim().split("\\s+");
    // component, weight, size, then car~(intercept), car~x, train~(intercept), train~x
    assertEquals(b[1], Double.parseDouble(f[3]), 1e-3, s);
    assertEquals(b[0], Double.parseDouble(f[4]), 1e-3, s);
    assertEquals(b[3], Double.parseDouble(f[5]), 1e-3, s);
    assertEquals(b[2], Double.parseDouble(f[6]), 1e-3, s);
    assertTrue(s.contains("component 1, car vs bus"), s);

    Path out = dir.resolve("predictions");
    JobsTest.ok("predict", model, "--input", in.toString(), "--output", out.toString());
    List<Row> rows = JobsTest.readCsv(out).collectAsList();
    assertEquals(n, rows.size());
    for (Row p : rows.subList(0, 20)) {
      double sum = 0;
      double best = -1;
      String name = null;
      for (String l : LEVELS) {
        double v = ((Number) p.getAs("probability_" + l)).doubleValue();
        sum += v;
        if (v > best) {
          best = v;
          name = l;
        }
      }
      assertEquals(1, sum, 1e-9);
      assertEquals(name, p.getAs("prediction"));
    }

    JobsTest.Outcome report = JobsTest.main("fit", "--input", in.toString(), "--formula",
        "choice ~ x", "--family", "multinomial", "--output", dir.resolve("m2").toString(),
        "--report", dir.resolve("r2").toString());
    assertEquals(2, report.code(), report.err());
    assertTrue(report.err().contains("--report is not available with --family multinomial"),
        report.err());

    Path plane = dir.resolve("plane.csv");
    Files.writeString(plane, "x,choice\n0.5,plane\n");
    JobsTest.Outcome unknown = JobsTest.main("predict", model, "--input", plane.toString(),
        "--output", dir.resolve("never").toString());
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("column 'choice' holds 'plane'"), unknown.err());
  }
}
