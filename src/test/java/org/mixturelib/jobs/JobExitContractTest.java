package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.support.Spark;

/**
 * Issue 24, items 9 to 12, through the jobs' entry point: failures inside Spark's write tasks,
 * {@code Error}s, a table read in the wrong format and settings beyond the documented limits
 * all end with exit code 2 and one line, no stack trace, and no output left behind.
 */
class JobExitContractTest {
  @TempDir
  static Path dir;

  private static Path counts;
  private static Path poisson;
  private static Path binomial;

  @BeforeAll
  static void data() throws IOException {
    if (poisson != null) {
      return;
    }
    Spark.session();
    StringBuilder b = new StringBuilder("x,y,n\n");
    Random r = new Random(5);
    for (int i = 0; i < 120; i++) {
      double x = 2 * r.nextDouble();
      b.append(String.format(Locale.ROOT, "%.4f,%d,%d%n", x, i % 2 == 0 ? r.nextInt(4)
          : 6 + r.nextInt(8), 15 + r.nextInt(5)));
    }
    counts = Files.writeString(dir.resolve("counts.csv"), b.toString());
    poisson = dir.resolve("poisson");
    JobsTest.ok("fit", "--input", counts.toString(), "--label", "y", "--features", "x",
        "--family", "poisson", "--k", "2", "--num-init", "1", "--output", poisson.toString());
    binomial = dir.resolve("binomial");
    JobsTest.ok("fit", "--input", counts.toString(), "--label", "y", "--features", "x",
        "--family", "binomial", "--trials", "n", "--k", "2", "--num-init", "1", "--output",
        binomial.toString());
  }

  static Stream<Arguments> failures() throws IOException {
    data();
    Path negative = Files.writeString(dir.resolve("negative.csv"), "x,y\n0.5,3\n1.2,-4\n");
    Path noTrials = Files.writeString(dir.resolve("no-trials.csv"), "x,y\n0.5,3\n1.2,4\n");
    Path noTrialsNoLabel = Files.writeString(dir.resolve("x-only.csv"), "x\n0.5\n1.2\n");
    String out = dir.resolve("never").toString();
    return Stream.of(
        Arguments.of("negative count", new String[] {"predict", poisson.toString(), "--input",
            negative.toString(), "--output", out},
            "error: column 'y': row 1 is -4.0; the poisson family needs counts"),
        Arguments.of("binomial without trials", new String[] {"predict", binomial.toString(),
            "--input", noTrials.toString(), "--output", out},
            "error: trialsCol: column 'n' does not exist; the model was fitted with trials"),
        Arguments.of("parquet on a CSV file", new String[] {"fit", "--input",
            counts.toString(), "--format", "parquet", "--label", "y", "--output", out},
            "error: input '" + counts + "' cannot be read as parquet ("),
        Arguments.of("num-init over the limit", new String[] {"fit", "--input",
            counts.toString(), "--label", "y", "--num-init", "100000000", "--output", out},
            "error: fit: --num-init must be <= 1000, got 100000000"),
        Arguments.of("k over the limit", new String[] {"fit", "--input", counts.toString(),
            "--label", "y", "--k", "1000", "--output", out},
            "error: fit: --k must be <= 100, got 1000"),
        Arguments.of("select over the limit", new String[] {"fit", "--input",
            counts.toString(), "--label", "y", "--select", "1..500", "--output", out},
            "error: fit: --select must end at k <= 100, got '1..500'"),
        Arguments.of("hidden too wide", new String[] {"fit", "--input", counts.toString(),
            "--label", "y", "--gate", "mlp", "--hidden", "20000,20000", "--output", out},
            "error: fit: --hidden must list layer widths from 1 to 1024"),
        Arguments.of("too many layers", new String[] {"fit", "--input", counts.toString(),
            "--label", "y", "--gate", "mlp", "--hidden", "2,2,2,2,2,2,2,2,2", "--output", out},
            "error: fit: --hidden lists 9 layers; at most 8"),
        Arguments.of("max-iter over the limit", new String[] {"fit", "--input",
            counts.toString(), "--label", "y", "--max-iter", "1000000000", "--output", out},
            "error: fit: --max-iter must be <= 100000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void exitCodeTwoAndOneLine(String what, String[] args, String start) {
    JobsTest.Outcome o = JobsTest.main(args);
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), "one line:\n" + o.err());
    assertTrue(o.err().startsWith(start), "expected '" + start + "...', got\n" + o.err());
    assertFalse(o.err().contains("\tat "), o.err());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  /**
   * {@code --bad-rows skip} also drops a label the model's family cannot take (a negative or
   * fractional count), when scoring as when fitting, and counts it with the other bad rows.
   */
  @Test
  void aBadCountWithBadRowsSkipIsABadRow() throws IOException {
    Path negative = Files.writeString(dir.resolve("negative2.csv"),
        "x,y\n0.5,3\n1.2,-4\n0.7,2.5\n");
    Path out = dir.resolve("skipped");
    JobsTest.ok("predict", poisson.toString(), "--input", negative.toString(), "--output",
        out.toString(), "--bad-rows", "skip");
    List<Row> kept = Spark.session().read().option("header", true).csv(out.toString())
        .select("x", "y").collectAsList();
    assertEquals(List.of(RowFactory.create("0.5", "3.0")), kept);

    StringBuilder b = new StringBuilder(Files.readString(counts));
    b.append("1.5,-2,16\n0.25,1.5,16\n");
    Path fitInput = Files.writeString(dir.resolve("counts-bad.csv"), b.toString());
    JobsTest.Outcome fit = JobsTest.ok("fit", "--input", fitInput.toString(), "--label", "y",
        "--features", "x", "--family", "poisson", "--k", "2", "--num-init", "1", "--output",
        dir.resolve("poisson-skipped").toString(), "--bad-rows", "skip");
    assertTrue(fit.out().startsWith("Mixture of 2 Poisson regressions on 120 rows (2 bad rows"
        + " dropped)"), fit.out());
  }

  /**
   * A label so far out that every component's log-likelihood is -Infinity cannot be scored:
   * exit code 2 and one line naming the row, found while the predictions are written.
   */
  @Test
  void aLabelNoComponentCanExplainIsOneLine() throws IOException {
    Path gaussian = dir.resolve("gaussian");
    JobsTest.ok("fit", "--input", counts.toString(), "--label", "y", "--features", "x",
        "--k", "2", "--num-init", "1", "--output", gaussian.toString());
    Path far = Files.writeString(dir.resolve("far.csv"), "x,y\n0.5,3\n1.2,1e300\n");
    Path out = dir.resolve("far-out");
    JobsTest.Outcome o = JobsTest.main("predict", gaussian.toString(), "--input",
        far.toString(), "--output", out.toString());
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), "one line:\n" + o.err());
    assertTrue(o.err().startsWith("error: scoring failed numerically: row 1 has log-likelihood"
        + " -Infinity under every component"), o.err());
    assertFalse(o.err().contains("\tat ") || o.err().contains("Exception"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void rowsWithMoreOrFewerFieldsThanTheHeaderAreBadRows() throws IOException {
    StringBuilder b = new StringBuilder("x,y\n");
    Random r = new Random(6);
    for (int i = 0; i < 40; i++) {
      double x = 10 * r.nextDouble();
      b.append(String.format(Locale.ROOT, "%.4f,%.4f%n", x, (i % 2 == 0 ? 1 + 2 * x : 8 - x)
          + 0.3 * r.nextGaussian()));
    }
    b.append("1,5,4.2\n7\n");
    Path shifted = Files.writeString(dir.resolve("decimal-comma.csv"), b.toString());
    String[] fit = {"fit", "--input", shifted.toString(), "--label", "y", "--features", "x",
        "--k", "2", "--num-init", "1", "--output", dir.resolve("shifted").toString()};
    JobSafetyTest.refused("input '" + shifted + "' has 2 malformed rows (more or fewer fields"
        + " than the header's 2), for example '", fit);
    String[] skip = java.util.Arrays.copyOf(fit, fit.length + 2);
    skip[fit.length] = "--bad-rows";
    skip[fit.length + 1] = "skip";
    JobsTest.Outcome o = JobsTest.ok(skip);
    assertTrue(o.out().startsWith("Mixture of 2 linear regressions on 40 rows (2 bad rows"
        + " dropped)"), o.out());
  }

  @Test
  void tinyCaseWeightsAreRefusedNotFittedToEqualMixingWeights() throws IOException {
    for (String w : new String[] {"1e-120", "4.9e-320"}) {
      StringBuilder b = new StringBuilder("x,y,w\n");
      Random r = new Random(7);
      for (int i = 0; i < 40; i++) {
        double x = 10 * r.nextDouble();
        b.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x, (i % 4 == 0 ? 1 + 2 * x
            : 8 - x) + 0.3 * r.nextGaussian(), w));
      }
      Path tiny = Files.writeString(dir.resolve("tiny-weights.csv"), b.toString());
      JobSafetyTest.refused("weight column 'w': the weights average " + String.format(
          Locale.ROOT, "%.3g", Double.parseDouble(w)) + "; below 1.0E-100 on average they"
          + " underflow", "fit", "--input", tiny.toString(),
          "--label", "y", "--features", "x", "--weight", "w", "--k", "2", "--num-init", "1",
          "--output", dir.resolve("never").toString());
    }
  }

  @Test
  void errorsOfTheEnvironmentAreOneLine() {
    assertTrue(Main.userMessage(new OutOfMemoryError("Java heap space"))
        .startsWith("out of memory (Java heap space): the data or the settings need more"));
    assertEquals("could not write: No space left on device", Main.userMessage(
        new UncheckedIOLike("could not write", new IOException("No space left on device"))));
  }

  /** A failure of the environment wrapping an {@link IOException}, as Hadoop's FSError does. */
  private static final class UncheckedIOLike extends Error {
    UncheckedIOLike(String message, IOException cause) {
      super(message, cause);
    }
  }
}
