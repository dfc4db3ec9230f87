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

/** The fit job's censored normal family: {@code --family tobit --lower x --upper x}. */
class TobitJobsTest {
  @TempDir
  static Path dir;

  /**
   * 600 rows of two lines, 2 + x and -1 + 0.5 x (sigma 0.5), censored below at 0 and above at
   * 3; row {@code badRow} (if any) gets the label -1.
   */
  private static Path censored(String name, int badRow) throws IOException {
    Random r = new Random(31);
    StringBuilder b = new StringBuilder("x,y\n");
    for (int i = 0; i < 600; i++) {
      double x = 4 * r.nextDouble() - 1;
      double latent = (i % 2 == 0 ? 2 + x : -1 + 0.5 * x) + 0.5 * r.nextGaussian();
      double y = i == badRow ? -1 : Math.min(3, Math.max(0, latent));
      b.append(String.format(Locale.ROOT, "%.17g,%.17g%n", x, y));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, b.toString());
    return file;
  }

  @Test
  void aTwoLimitTobitMixtureIsFittedAndSummarised() throws IOException {
    Path in = censored("censored.csv", -1);
    Path report = dir.resolve("report");
    String s = ok("fit", "--input", in.toString(), "--label", "y", "--family", "tobit",
        "--lower", "0", "--upper", "3", "--k", "2", "--output", dir.resolve("model").toString(),
        "--report", report.toString()).out();
    assertTrue(s.startsWith("Mixture of 2 censored normal (tobit) regressions on 600 rows:"
        + " y ~ x\n"), s);
    assertTrue(Double.isFinite(figure(s, "log-likelihood")), s);
    assertTrue(s.contains("component  weight  size   sigma  (intercept)       x\n"), s);
    assertTrue(s.contains("family tobit: coefficients of the latent (uncensored) answer"), s);
    assertPlantedRecovered(s);
    assertTrue(Files.size(report.resolve("experts.png")) > 1000);
  }

  @Test
  void badLimitsAndLabelsExitTwoNamingTheOptionOrColumn() throws IOException {
    Path in = censored("bad.csv", 3);
    JobsTest.Outcome word = main("fit", "--input", in.toString(), "--label", "y", "--family",
        "tobit", "--lower", "zero", "--output", dir.resolve("word").toString());
    assertEquals(2, word.code(), word.err());
    assertTrue(word.err().contains("--lower must be a number (-Infinity or Infinity for no"
        + " limit), got 'zero'"), word.err());
    JobsTest.Outcome below = main("fit", "--input", in.toString(), "--label", "y", "--family",
        "tobit", "--lower", "0", "--output", dir.resolve("below").toString());
    assertEquals(2, below.code(), below.err());
    assertTrue(below.err().startsWith("error: column 'y': row 3 is -1.0, below its lower"
        + " censoring limit 0.0 (setting 'lower')"), below.err());
    JobsTest.Outcome crossed = main("fit", "--input", in.toString(), "--label", "y", "--family",
        "tobit", "--lower", "1", "--upper", "-1", "--output", dir.resolve("crossed").toString());
    assertEquals(2, crossed.code(), crossed.err());
    assertTrue(crossed.err().contains("setting 'lower' (1.0) must be below setting 'upper'"
        + " (-1.0)"), crossed.err());
    JobsTest.Outcome gaussian = main("fit", "--input", in.toString(), "--label", "y",
        "--upper", "3", "--output", dir.resolve("gaussian").toString());
    assertEquals(2, gaussian.code(), gaussian.err());
    assertTrue(gaussian.err().contains("family 'gaussian' takes no setting 'upper'"),
        gaussian.err());
  }

  /**
   * The summary's two components are the planted lines of this class's and {@code
   * TobitLimitColumnsJobTest}'s rows, in either order: -1 + 0.5 x and 2 + x, sigma 0.5.
   */
  static void assertPlantedRecovered(String s) {
    double[] a = componentRow(s, 1);
    double[] b = componentRow(s, 2);
    double[] low = a[4] < b[4] ? a : b;
    double[] high = a[4] < b[4] ? b : a;
    assertEquals(-1, low[4], 0.3, s);
    assertEquals(0.5, low[5], 0.2, s);
    assertEquals(2, high[4], 0.3, s);
    assertEquals(1, high[5], 0.2, s);
    assertEquals(0.5, low[3], 0.15, s);
    assertEquals(0.5, high[3], 0.15, s);
  }
}
