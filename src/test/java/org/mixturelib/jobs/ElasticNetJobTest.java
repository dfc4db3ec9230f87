package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.main;
import static org.mixturelib.jobs.JobsTest.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fit job's elastic net: {@code --penalty lambda|auto --alpha a}. */
class ElasticNetJobTest {
  @TempDir
  static Path dir;

  /** 1,000 rows of two sparse lines over six features: x1 - x3 and 4 + x2 + x5 (sd 0.5). */
  private static Path sparse() throws IOException {
    Random r = new Random(41);
    StringBuilder b = new StringBuilder("x0,x1,x2,x3,x4,x5,y\n");
    for (int i = 0; i < 1000; i++) {
      double[] x = new double[6];
      for (int j = 0; j < 6; j++) {
        x[j] = r.nextGaussian();
        b.append(String.format(Locale.ROOT, "%.17g,", x[j]));
      }
      double y = (i % 2 == 0 ? x[1] - x[3] : 4 + x[2] + x[5]) + 0.5 * r.nextGaussian();
      b.append(String.format(Locale.ROOT, "%.17g%n", y));
    }
    Path file = dir.resolve("sparse.csv");
    Files.writeString(file, b.toString());
    return file;
  }

  @Test
  void autoPenaltyIsFittedAndSummarised() throws IOException {
    String s = ok("fit", "--input", sparse().toString(), "--label", "y", "--k", "2",
        "--penalty", "auto", "--output", dir.resolve("model").toString()).out();
    assertTrue(s.contains("elastic net, alpha 1.0, lambda chosen by EBIC: component 1 lambda"),
        s);
    // each component keeps its two features and the intercept: 4 of 7 coefficients are 0
    assertTrue(s.contains("4 of 7 coefficients zero (0,2,4,5)")
        && s.contains("4 of 7 coefficients zero (0,1,3,4)"), s);
  }

  @Test
  void badPenaltyAndAlphaExitTwoNamingTheFlag() throws IOException {
    Path in = sparse();
    JobsTest.Outcome negative = main("fit", "--input", in.toString(), "--label", "y",
        "--penalty", "-1", "--output", dir.resolve("negative").toString());
    assertEquals(2, negative.code(), negative.err());
    assertTrue(negative.err().contains("--penalty must be a number >= 0 or 'auto', got '-1'"),
        negative.err());
    JobsTest.Outcome alpha = main("fit", "--input", in.toString(), "--label", "y",
        "--penalty", "0.1", "--alpha", "1.5", "--output", dir.resolve("alpha").toString());
    assertEquals(2, alpha.code(), alpha.err());
    assertTrue(alpha.err().contains("--alpha must be a number in [0, 1], got '1.5'"),
        alpha.err());
    JobsTest.Outcome alone = main("fit", "--input", in.toString(), "--label", "y",
        "--alpha", "0.5", "--output", dir.resolve("alone").toString());
    assertEquals(2, alone.code(), alone.err());
    assertTrue(alone.err().contains("--alpha needs --penalty"), alone.err());
  }
}
