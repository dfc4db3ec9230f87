package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.LogCapture;
import org.mixturelib.support.Spark;

/**
 * {@code --bad-rows} for the families whose rows have rules of their own ({@link
 * org.mixturelib.localmodels.RowRule}, asked of the family): with {@code skip}, a negative or
 * fractional count (negbin, zipoisson, zinegbin), a value beyond its censoring limit (tobit), a
 * label that is no level index (multinomial) is dropped and counted with the other bad rows,
 * and the fit equals the fit of the table without those rows; by default, one line names the
 * column; at prediction, a level the model does not know is dropped with {@code skip}. Each
 * with the input read into the driver's memory (a small CSV file) and on Spark.
 */
class FamilyBadRowsTest {
  @TempDir
  static Path dir;

  /** Clean rows of x and a label the family takes, drawn from one planted component. */
  private static List<String> cleanRows(String family, int n, long seed) {
    Random r = new Random(seed);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = 2 * r.nextDouble() - 1;
      double mu = Math.exp(1 + 0.8 * x);
      String y = switch (family) {
        case "tobit" -> String.format(Locale.ROOT, "%.5f", Math.max(0, 0.3 + x
            + 0.7 * r.nextGaussian()));
        case "multinomial" -> Integer.toString(r.nextDouble() < 0.5 ? 0 : x > r.nextGaussian()
            ? 1 : 2);
        default -> Integer.toString((i % 4 == 0 ? 0 : poisson(mu, r)));
      };
      rows.add(String.format(Locale.ROOT, "%.5f,%s", x, y));
    }
    return rows;
  }

  private static int poisson(double mu, Random r) {
    double l = Math.exp(-mu);
    double p = r.nextDouble();
    int k = 0;
    while (p > l) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }

  private static Path table(String name, List<String> rows) throws IOException {
    return Files.writeString(dir.resolve(name), "x,y\n" + String.join("\n", rows) + "\n");
  }

  private static String[] fit(String family, Path in, String out, String... more) {
    List<String> args = new ArrayList<>(List.of("fit", "--input", in.toString(), "--label",
        "y", "--features", "x", "--family", family, "--k", "1", "--output",
        dir.resolve(out).toString()));
    if (family.equals("tobit")) {
      args.addAll(List.of("--lower", "0"));
    }
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  /**
   * Runs the job with the input read on Spark ({@code -Dmixturelib.jobs.localBytes=0}) rather
   * than into the driver's memory (the default for small CSV files); both apply the rule.
   */
  private static <T> T onSpark(java.util.function.Supplier<T> job) {
    String old = System.getProperty(InputTable.LOCAL_BYTES);
    System.setProperty(InputTable.LOCAL_BYTES, "0");
    try {
      return job.get();
    } finally {
      if (old == null) {
        System.clearProperty(InputTable.LOCAL_BYTES);
      } else {
        System.setProperty(InputTable.LOCAL_BYTES, old);
      }
    }
  }

  private static String withoutTitle(String summary) {
    return summary.substring(summary.indexOf('\n') + 1);
  }

  /**
   * The family's bad labels (each a row the family refuses) are dropped with skip, counted,
   * and the fit is the clean table's; by default the first is refused naming the column.
   */
  private static void check(String family, List<String> badRows, String error)
      throws IOException {
    List<String> good = cleanRows(family, 120, family.hashCode());
    List<String> mixed = new ArrayList<>(good);
    for (int b = 0; b < badRows.size(); b++) {
      mixed.add(10 + 17 * b, badRows.get(b));
    }
    Path clean = table(family + "-clean.csv", good);
    Path dirty = table(family + "-dirty.csv", mixed);
    String reference = JobsTest.ok(fit(family, clean, family + "-clean")).out();
    JobsTest.Outcome skipped;
    List<String> warnings;
    try (LogCapture log = new LogCapture()) {
      skipped = JobsTest.ok(fit(family, dirty, family + "-skip", "--bad-rows", "skip"));
      warnings = log.warnings();
    }
    String title = skipped.out().lines().findFirst().orElse("");
    assertTrue(title.contains("on 120 rows (" + badRows.size() + " bad rows dropped)"),
        family + ": " + title);
    assertTrue(warnings.stream().anyMatch(w -> w.contains("dropped " + badRows.size() + " of "
        + mixed.size() + " rows") && w.contains("the " + family + " family cannot take")),
        family + ": " + warnings);
    assertEquals(withoutTitle(reference), withoutTitle(skipped.out()), family);
    JobsTest.Outcome sparkSkipped = onSpark(() -> JobsTest.ok(fit(family, dirty,
        family + "-skip-spark", "--bad-rows", "skip")));
    assertEquals(skipped.out(), sparkSkipped.out(), family + ": the input read on Spark");
    JobsTest.Outcome refused = JobsTest.main(fit(family, dirty, family + "-refused"));
    assertEquals(2, refused.code(), refused.err());
    assertEquals(1, refused.err().lines().count(), refused.err());
    assertTrue(refused.err().contains(error), family + ": " + refused.err());
  }

  @Test
  void negativeBinomialDropsNegativeAndFractionalCounts() throws IOException {
    check("negbin", List.of("0.2,-2", "0.4,1.5"), "column 'y': row 10 is -2.0; the negbin"
        + " family needs counts (integers >= 0)");
  }

  @Test
  void zeroInflatedFamiliesDropNegativeAndFractionalCounts() throws IOException {
    check("zipoisson", List.of("0.2,-2", "0.4,1.5", "-0.3,-1"), "column 'y': row 10 is -2.0;"
        + " the zipoisson family needs counts (integers >= 0)");
    check("zinegbin", List.of("0.1,2.5"), "column 'y': row 10 is 2.5; the zinegbin family"
        + " needs counts (integers >= 0)");
  }

  @Test
  void tobitDropsValuesBelowTheLowerLimit() throws IOException {
    check("tobit", List.of("0.2,-0.5", "0.4,-2"), "column 'y': row 10 is -0.5, below its"
        + " lower censoring limit 0.0 (setting 'lower')");
  }

  @Test
  void multinomialDropsLabelsThatAreNoLevelIndex() throws IOException {
    check("multinomial", List.of("0.2,-1", "0.4,1.5"), "labelCol: column 'y' holds -1");
  }

  /** A level the model was not fitted with is dropped from the predictions with skip. */
  @Test
  void predictionDropsAnUnknownLevelWithSkip() throws IOException {
    String[] names = {"bus", "car", "train"};
    List<String> rows = new ArrayList<>();
    for (String row : cleanRows("multinomial", 120, 5)) {
      String[] f = row.split(",");
      rows.add(f[0] + "," + names[Integer.parseInt(f[1])]);
    }
    Path in = table("levels.csv", rows);
    String model = dir.resolve("levels-model").toString();
    JobsTest.ok(fit("multinomial", in, "levels-model"));
    Path unknown = table("unknown.csv", List.of("0.1,car", "0.2,plane", "0.3,bus", "0.4,"));
    Path out = dir.resolve("levels-predicted");
    List<String> warnings;
    try (LogCapture log = new LogCapture()) {
      JobsTest.ok("predict", model, "--input", unknown.toString(), "--output", out.toString(),
          "--bad-rows", "skip");
      warnings = log.warnings();
    }
    Path sparkOut = dir.resolve("levels-predicted-spark");
    onSpark(() -> JobsTest.ok("predict", model, "--input", unknown.toString(), "--output",
        sparkOut.toString(), "--bad-rows", "skip"));
    for (Path p : List.of(out, sparkOut)) {
      List<String> kept = Spark.session().read().option("header", true).csv(p.toString())
          .select("y").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      assertEquals(List.of("car", "bus"), kept, p.toString());
    }
    assertTrue(warnings.stream().anyMatch(w -> w.contains("dropped 2 of 4 rows")),
        "log: " + warnings);
  }
}
