package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.main;
import static org.mixturelib.jobs.JobsTest.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.support.Spark;

/**
 * The fit job's {@code --fixed} and {@code --nested} (flexmix's FLXMRglmfix): a factor's and a
 * column's effects shared by all components, a slope nested in two of three components; the
 * summary lists each shared coefficient once, and a term both varying and shared, or either
 * without --formula, ends with one line naming the option.
 */
class JobSharedTermsTest {
  @TempDir
  static Path dir;
  private static Path data;

  /**
   * Three components y = a_c + b_c x + 1.5 w + (site 'hi': -2), b = (1, 1, 0) (x's slope
   * nested in components 1 and 2, none in 3), a = (-6, 0, 6), noise sd 0.5.
   */
  @BeforeAll
  static void write() throws IOException {
    Spark.session();
    Random r = new Random(3);
    StringBuilder b = new StringBuilder("x,w,site,y\n");
    double[] a = {-6, 0, 6};
    double[] slope = {1, 1, 0};
    for (int i = 0; i < 900; i++) {
      int c = r.nextInt(3);
      double x = r.nextGaussian();
      double w = r.nextDouble();
      boolean hi = r.nextBoolean();
      double y = a[c] + slope[c] * x + 1.5 * w + (hi ? -2 : 0) + 0.5 * r.nextGaussian();
      b.append(String.format(Locale.ROOT, "%.6f,%.6f,%s,%.6f%n", x, w, hi ? "hi" : "lo", y));
    }
    data = Files.writeString(dir.resolve("shared.csv"), b.toString());
  }

  private static MixtureModel<?> mixture(Path model) {
    Transformer[] stages = PipelineModel.load(model.toString()).stages();
    return (MixtureModel<?>) stages[stages.length - 1];
  }

  @Test
  void fixedAndNestedTermsAreSharedAndListedOnce() {
    Path model = dir.resolve("model");
    String out = ok("fit", "--input", data.toString(), "--formula", "y ~ 1", "--fixed",
        "~ w + site", "--nested", "1,2: ~ x", "--nested", "3: ~ 0", "--k", "3", "--seed", "5",
        "--output", model.toString()).out();
    assertTrue(out.startsWith("Mixture of 3 linear regressions on 900 rows: y ~ 1 (fixed ~ w"
        + " + site; nested 1,2: ~ x; nested 3: ~ 0)\n"), out);
    assertTrue(out.contains("note: shared coefficients (one estimate each): w: shared by all"
        + " components; sitelo: shared by all components; x: shared by components 1, 2 (0 in"
        + " component 3)"), out);
    // the estimates: one row per shared coefficient, in its own section
    assertEquals(1, out.lines().filter(l -> l.trim().startsWith("shared by all components"))
        .count(), out);
    assertEquals(1, out.lines().filter(l -> l.trim().startsWith("shared by components 1, 2"))
        .count(), out);
    assertEquals(3, out.lines().filter(l -> l.trim().matches("(shared by all components"
        + "\\s+)?(w|sitelo)\\s.*|(shared by components 1, 2\\s+)?x\\s.*")).count(), out);

    MixtureModel<?> m = mixture(model);
    CoefficientStructure s = m.coefficientStructure();
    // features [w, sitelo, x], then the intercept: 3 intercepts, w, sitelo, one x
    assertEquals(6, s.size());
    double[] coef = m.coefficients().toArray(); // K x 3, column-major
    for (int c = 1; c < 3; c++) {
      assertEquals(coef[0], coef[c], 0, "w");
      assertEquals(coef[3], coef[3 + c], 0, "sitelo");
    }
    assertEquals(1.5, coef[0], 0.1);
    assertEquals(2, coef[3], 0.1); // lo against hi: +2
    double[] x = {coef[6], coef[7], coef[8]};
    java.util.Arrays.sort(x);
    assertEquals(0, x[0], 0);
    assertEquals(1, x[1], 0.1);
    assertEquals(x[1], x[2], 0);

    ok("predict", model.toString(), "--input", data.toString(), "--output",
        dir.resolve("pred").toString());
  }

  private static void refused(String start, String... args) {
    JobsTest.Outcome o = main(args);
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().startsWith("error: " + start), "expected '" + start + "...', got\n" + o.err());
    assertEquals(1, o.err().lines().count(), o.err());
  }

  @Test
  void aTermBothVaryingAndSharedIsRefusedByName() {
    String out = dir.resolve("bad").toString();
    refused("fit: --fixed term 'w' is also in --formula's varying part", "fit", "--input",
        data.toString(), "--formula", "y ~ x + w", "--fixed", "~ w", "--output", out);
    refused("fit: --nested term 'x' is also in --formula's varying part", "fit", "--input",
        data.toString(), "--formula", "y ~ x", "--nested", "1: ~ x", "--output", out);
    refused("fit: term 'w' is in both --fixed and --nested", "fit", "--input",
        data.toString(), "--formula", "y ~ x", "--fixed", "~ w", "--nested", "1: ~ w",
        "--output", out);
    refused("fit: --fixed needs --formula", "fit", "--input", data.toString(), "--label", "y",
        "--features", "x", "--fixed", "~ w", "--output", out);
    refused("fit: --nested '4: ~ x': components are 1 to 2", "fit", "--input",
        data.toString(), "--formula", "y ~ 1", "--nested", "4: ~ x", "--output", out);
    refused("fit: --fixed must be a right-hand side", "fit", "--input", data.toString(),
        "--formula", "y ~ x", "--fixed", "y ~ w", "--output", out);
    refused("--formula names column 'v'", "fit", "--input", data.toString(),
        "--formula", "y ~ x", "--fixed", "~ v", "--output", out);
  }

  @Test
  void aDotLeavesTheSharedColumnsOut() {
    String out = ok("fit", "--input", data.toString(), "--formula", "y ~ .", "--fixed",
        "~ w", "--k", "2", "--seed", "5", "--output", dir.resolve("dot").toString()).out();
    assertTrue(out.contains("note: shared coefficients (one estimate each): w: shared by all"
        + " components\n"), out);
    assertTrue(List.of(out.split("\n")).stream().anyMatch(l -> l.startsWith("component")
        && l.contains(" x ") && l.contains("sitelo")), out);
  }
}
