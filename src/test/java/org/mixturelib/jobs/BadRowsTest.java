package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.LogCapture;
import org.mixturelib.support.Spark;

/**
 * The jobs' bad-row policy: by default a table with bad rows (empty, NaN or infinite values, or
 * negative weights) is refused with one line naming the column; with {@code --bad-rows skip}
 * those rows are dropped, the count is logged and shown in the summary, and the fit equals the
 * fit on the table without them.
 */
class BadRowsTest {
  @TempDir
  static Path dir;

  private static Path clean;
  private static Path dirty;
  private static final int BAD = 5;

  /**
   * 80 good rows of two lines (x, y, weight w), and the same rows with five bad ones among
   * them: x empty, y NaN, x infinite, w negative, w empty.
   */
  @BeforeAll
  static void tables() throws IOException {
    Spark.session();
    Random r = new Random(11);
    StringBuilder good = new StringBuilder("x,y,w\n");
    StringBuilder bad = new StringBuilder("x,y,w\n");
    String[] badRows = {",3.0,1", "1.5,NaN,1", "Inf,2.0,1", "2.5,4.0,-1", "3.5,1.0,"};
    for (int i = 0; i < 80; i++) {
      double x = 10 * r.nextDouble();
      double y = (i % 3 == 0 ? 8 - x : 1 + 2 * x) + 0.4 * r.nextGaussian();
      String row = String.format(Locale.ROOT, "%.6f,%.6f,%d%n", x, y, 1 + i % 2);
      good.append(row);
      bad.append(row);
      if (i % 16 == 5) {
        bad.append(badRows[i / 16]).append('\n');
      }
    }
    clean = Files.writeString(dir.resolve("clean.csv"), good.toString());
    dirty = Files.writeString(dir.resolve("dirty.csv"), bad.toString());
  }

  private static String[] fit(Path input, String output, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("fit", "--input", input.toString(),
        "--label", "y", "--features", "x", "--weight", "w", "--k", "2", "--num-init", "2",
        "--seed", "5", "--output", dir.resolve(output).toString()));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private static String withoutTitle(String summary) {
    return summary.substring(summary.indexOf('\n') + 1);
  }

  @Test
  void errorIsTheDefault() {
    JobsTest.Outcome o = JobsTest.main(fit(dirty, "refused"));
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().startsWith("error: column 'x' in '" + dirty + "' has 2 empty, NaN or"
        + " infinite values; remove or fill those rows first, or pass --bad-rows skip"),
        o.err());
    assertTrue(!Files.exists(dir.resolve("refused")), "nothing written");
  }

  @Test
  void skipDropsTheBadRowsReportsThemAndFitsTheRest() {
    String reference = JobsTest.ok(fit(clean, "clean-model")).out();
    JobsTest.Outcome skipped;
    List<String> warnings;
    try (LogCapture log = new LogCapture()) {
      skipped = JobsTest.ok(fit(dirty, "skip-model", "--bad-rows", "skip"));
      warnings = log.warnings();
    }
    String title = skipped.out().lines().findFirst().orElse("");
    assertTrue(title.contains("on 80 rows (" + BAD + " bad rows dropped)"), title);
    assertTrue(warnings.stream().anyMatch(w -> w.contains("dropped " + BAD + " of 85 rows of '"
        + dirty + "'")), "log: " + warnings);
    assertEquals(withoutTitle(reference), withoutTitle(skipped.out()),
        "the fit without the bad rows");
  }

  @Test
  void predictSkipsRowsItCannotScore() throws IOException {
    JobsTest.ok(fit(clean, "model-for-predict"));
    String model = dir.resolve("model-for-predict").toString();
    JobsTest.Outcome refused = JobsTest.main("predict", model, "--input", dirty.toString(),
        "--output", dir.resolve("never").toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("column 'x'"), refused.err());
    List<String> warnings;
    Path out = dir.resolve("predictions");
    try (LogCapture log = new LogCapture()) {
      JobsTest.ok("predict", model, "--input", dirty.toString(), "--output", out.toString(),
          "--bad-rows", "skip");
      warnings = log.warnings();
    }
    // x empty, y NaN and x infinite cannot be scored; the weight is not read by predict
    long rows = Spark.session().read().option("header", "true").csv(out.toString()).count();
    assertEquals(85 - 3, rows);
    assertTrue(warnings.stream().anyMatch(w -> w.contains("dropped 3 of 85 rows")),
        "log: " + warnings);
  }
}
