package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.componentRow;
import static org.mixturelib.jobs.JobsTest.figure;
import static org.mixturelib.jobs.JobsTest.main;
import static org.mixturelib.jobs.JobsTest.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Spark;

/**
 * Tobit's per-row censoring limits in the jobs: {@code --lower-col}, {@code --upper-col} (Spark
 * ML's {@code lowerCol}, {@code upperCol}) through fit and predict, {@code --bad-rows skip} and
 * the refusals.
 */
class TobitLimitColumnsJobTest {
  @TempDir
  static Path dir;

  /**
   * 600 rows of two lines, 2 + x and -1 + 0.5 x (sigma 0.5), each row censored below at its
   * own {@code lo} (-0.5, 0 or 0.5) and above at its own {@code hi} (2.5, 3 or empty: none);
   * with {@code flat}, at 0 and 3 for every row. Row {@code badRow} (if any) gets the label
   * -1, below its lower limit. Without {@code withHi}, no column hi.
   */
  private static Path censored(String name, boolean flat, int badRow, boolean withHi)
      throws IOException {
    Random r = new Random(37);
    StringBuilder b = new StringBuilder(withHi ? "x,y,lo,hi\n" : "x,y,lo\n");
    for (int i = 0; i < 600; i++) {
      double x = 4 * r.nextDouble() - 1;
      double latent = (i % 2 == 0 ? 2 + x : -1 + 0.5 * x) + 0.5 * r.nextGaussian();
      double lo = flat ? 0 : 0.5 * (r.nextInt(3) - 1);
      int h = flat ? 1 : r.nextInt(3);
      double hi = h == 0 ? 2.5 : h == 1 ? 3 : Double.POSITIVE_INFINITY;
      double y = i == badRow ? -1 : Math.min(hi, Math.max(lo, latent));
      b.append(String.format(Locale.ROOT, "%.17g,%.17g,%s", x, y, lo));
      if (withHi) {
        b.append(',').append(h == 2 ? "" : String.valueOf(hi));
      }
      b.append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, b.toString());
    return file;
  }

  private static String[] fit(Path in, String model, String... more) {
    String[] base = {"fit", "--input", in.toString(), "--label", "y", "--family", "tobit",
        "--k", "2", "--seed", "3", "--output", dir.resolve(model).toString()};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  /** Limits of 0 and 3 read per row from columns give the fit of the constants 0 and 3. */
  @Test
  void constantColumnsGiveTheFitOfTheConstants() throws IOException {
    Path in = censored("flat.csv", true, -1, true);
    String byColumn = ok(fit(in, "flat-col", "--lower-col", "lo", "--upper-col", "hi")).out();
    String byConstant = ok(fit(in, "flat-const", "--lower", "0", "--upper", "3",
        "--features", "x")).out();
    assertTrue(byColumn.contains(": y ~ x\n"), byColumn); // lo, hi are no features
    double ll = figure(byConstant, "log-likelihood");
    assertEquals(ll, figure(byColumn, "log-likelihood"), 1e-9 * Math.abs(ll), byColumn);
    String uncensored = ok(fit(in, "flat-none", "--features", "x")).out();
    assertTrue(Math.abs(figure(uncensored, "log-likelihood") - ll) > 1, uncensored);
  }

  /**
   * Limits varying per row (an empty upper limit: none): the planted lines recovered; predict
   * reads the limit columns, refuses an input without them, and with {@code --bad-rows skip}
   * drops a row below its own limit.
   */
  @Test
  void perRowLimitsFitAndPredict() throws IOException {
    Path in = censored("varying.csv", false, -1, true);
    String s = ok(fit(in, "varying", "--lower-col", "lo", "--upper-col", "hi")).out();
    TobitJobsTest.assertPlantedRecovered(s);
    String model = dir.resolve("varying").toString();
    Path out = dir.resolve("predictions");
    ok("predict", model, "--input", in.toString(), "--output", out.toString());
    assertEquals(600, Spark.session().read().option("header", "true").csv(out.toString())
        .count());
    JobsTest.Outcome noHi = main("predict", model, "--input",
        censored("no-hi.csv", false, -1, false).toString(), "--output",
        dir.resolve("never").toString());
    assertEquals(2, noHi.code(), noHi.err());
    assertTrue(noHi.err().contains("the model was fitted with --upper-col hi (a value per"
        + " row), but input '"), noHi.err());
    assertTrue(noHi.err().contains("has no column 'hi'"), noHi.err());
    Path bad = censored("varying-bad.csv", false, 5, true);
    JobsTest.Outcome refused = main("predict", model, "--input", bad.toString(), "--output",
        dir.resolve("never2").toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("column 'y': row 5 is -1.0, below its lower censoring"
        + " limit"), refused.err());
    assertTrue(refused.err().contains("(column 'lo')"), refused.err());
    Path skipped = dir.resolve("skipped");
    ok("predict", model, "--input", bad.toString(), "--output", skipped.toString(),
        "--bad-rows", "skip");
    assertEquals(599, Spark.session().read().option("header", "true").csv(skipped.toString())
        .count());
  }

  /** A label below its own row's limit: an error naming the label, row and column; skipped. */
  @Test
  void aLabelBeyondItsRowsLimitIsNamedOrSkipped() throws IOException {
    Path in = censored("bad.csv", false, 3, true);
    JobsTest.Outcome below = main(fit(in, "bad", "--lower-col", "lo", "--upper-col", "hi"));
    assertEquals(2, below.code(), below.err());
    assertTrue(below.err().startsWith("error: column 'y': row 3 is -1.0, below its lower"
        + " censoring limit"), below.err());
    assertTrue(below.err().contains("(column 'lo')"), below.err());
    String s = ok(fit(in, "skip", "--lower-col", "lo", "--upper-col", "hi", "--bad-rows",
        "skip")).out();
    assertTrue(s.startsWith("Mixture of 2 censored normal (tobit) regressions on 599 rows"
        + " (1 bad rows dropped): y ~ x\n"), s);
  }

  /** Each refusal names the flag or the column. */
  @Test
  void badLimitColumnsExitTwoNamingTheFlagOrColumn() throws IOException {
    Path in = censored("refusals.csv", false, -1, true);
    JobsTest.Outcome both = main(fit(in, "both", "--lower", "0", "--lower-col", "lo"));
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("give either --lower (a constant limit) or --lower-col (a"
        + " limit per row), not both"), both.err());
    JobsTest.Outcome unknown = main(fit(in, "unknown", "--upper-col", "nope"));
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("--upper-col column 'nope' is not in '"), unknown.err());
    JobsTest.Outcome gaussian = main("fit", "--input", in.toString(), "--label", "y",
        "--lower-col", "lo", "--output", dir.resolve("gaussian").toString());
    assertEquals(2, gaussian.code(), gaussian.err());
    assertTrue(gaussian.err().contains("--lower-col applies to --family tobit, got --family"
        + " gaussian"), gaussian.err());
    JobsTest.Outcome feature = main(fit(in, "feature", "--lower-col", "lo", "--features",
        "x,lo"));
    assertEquals(2, feature.code(), feature.err());
    assertTrue(feature.err().contains("column 'lo' cannot be both a feature and the lower"
        + " limit (--lower-col)"), feature.err());
  }
}
