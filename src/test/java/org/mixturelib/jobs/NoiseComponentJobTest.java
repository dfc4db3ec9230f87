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

/** The fit job's {@code --noise-component}: the summary names the noise component. */
class NoiseComponentJobTest {
  @TempDir
  static Path dir;

  @Test
  void theSummaryNamesTheNoiseComponentAndKeepsTheLogLikelihoodLine() throws IOException {
    Random rnd = new Random(11);
    StringBuilder b = new StringBuilder("x,y\n");
    for (int i = 0; i < 600; i++) {
      double x = 4 * rnd.nextDouble() - 2;
      double y = (i % 2 == 0 ? 1 + 2 * x : -2 - x) + 0.3 * rnd.nextGaussian()
          + (i % 20 == 5 ? 50 : 0);
      b.append(String.format(Locale.ROOT, "%.17g,%.17g%n", x, y));
    }
    Path in = dir.resolve("outliers.csv");
    Files.writeString(in, b.toString());
    String s = ok("fit", "--input", in.toString(), "--label", "y", "--k", "3",
        "--noise-component", "--output", dir.resolve("model").toString()).out();
    assertTrue(s.contains("\n3 (noise) "), s);
    assertTrue(s.contains("component 3 is the background noise component"), s);
    assertTrue(Double.isFinite(figure(s, "log-likelihood")), s);
    double[] first = componentRow(s, 1);
    double[] second = componentRow(s, 2);
    double[] up = first[5] > 0 ? first : second;
    assertEquals(1, up[4], 0.1, s);
    assertEquals(2, up[5], 0.1, s);
    JobsTest.Outcome one = main("fit", "--input", in.toString(), "--label", "y", "--k", "1",
        "--noise-component", "--output", dir.resolve("model1").toString());
    assertEquals(2, one.code(), one.err());
    assertTrue(one.err().contains("noiseComponent needs k >= 2"), one.err());
  }
}
