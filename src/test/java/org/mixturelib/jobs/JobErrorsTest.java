package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.support.Spark;

/**
 * A user's mistakes: exit code 2 and exactly one line on stderr that names the culprit, never a
 * stack trace; and nothing written.
 */
class JobErrorsTest {
  @TempDir
  static Path dir;

  private static String csv;
  private static String tiny;
  private static String holes;
  private static String semicolons;
  private static String rMissing;
  private static String model;
  private static String existing;

  @BeforeAll
  static void data() throws IOException {
    Spark.session();
    csv = JobsTest.writeLinesCsv(dir.resolve("lines.csv"), 60, 3).toString();
    tiny = Files.writeString(dir.resolve("tiny.csv"), "x,y\n1,2\n2,3.5\n3,5\n").toString();
    holes = Files.writeString(dir.resolve("holes.csv"), "x,y\n1,2\n2,\n3,5\n4,NaN\n")
        .toString();
    semicolons = Files.writeString(dir.resolve("semicolons.csv"), "x;y\n1;2\n2;3.5\n")
        .toString();
    rMissing = Files.writeString(dir.resolve("r.csv"), "x,y\n1,2\n2,NA\n3,5\n").toString();
    existing = Files.createDirectories(dir.resolve("existing")).toString();
    model = dir.resolve("model").toString();
    JobsTest.ok("fit", "--input", csv, "--label", "y", "--features", "x", "--k", "2",
        "--num-init", "1", "--output", model);
  }

  static Stream<Arguments> mistakes() {
    String out = dir.resolve("never").toString();
    return Stream.of(
        Arguments.of("no command", new String[] {}, "usage: Main fit|predict|demo"),
        Arguments.of("unknown command", new String[] {"fitt"},
            "error: unknown command 'fitt'; expected fit, predict or demo"),
        Arguments.of("unknown option", new String[] {"fit", "--input", csv, "--lable", "y",
            "--output", out}, "error: fit: unknown option --lable; expected one of"),
        Arguments.of("k not a number", new String[] {"fit", "--input", csv, "--label", "y",
            "--k", "two", "--output", out}, "error: fit: --k must be an integer, got 'two'"),
        Arguments.of("missing output", new String[] {"fit", "--input", csv, "--label", "y"},
            "error: fit: --output is required"),
        Arguments.of("unknown gate", new String[] {"fit", "--input", csv, "--label", "y",
            "--gate", "tree", "--output", out},
            "error: fit: --gate must be one of none, linear, mlp, sparse; got 'tree'"),
        Arguments.of("k and select", new String[] {"fit", "--input", csv, "--label", "y",
            "--k", "2", "--select", "1..3", "--output", out},
            "error: fit: give either --k or --select, not both"),
        Arguments.of("missing file", new String[] {"fit", "--input", dir + "/nope.csv",
            "--label", "y", "--output", out}, "error: input '" + dir + "/nope.csv' does not"
            + " exist"),
        Arguments.of("unknown format", new String[] {"fit", "--input", existing, "--label",
            "y", "--output", out}, "error: cannot tell the format of input '" + existing
            + "' from its name; pass --format csv or --format parquet"),
        Arguments.of("missing label column", new String[] {"fit", "--input", csv, "--label",
            "yy", "--output", out}, "error: label column 'yy' is not in '" + csv
            + "'; its columns are id, x, y, z"),
        Arguments.of("semicolon-separated file", new String[] {"fit", "--input", semicolons,
            "--label", "y", "--output", out}, "error: label column 'y' is not in '" + semicolons
            + "'; its columns are x;y (one column: the file looks separated by ';'; the jobs"
            + " read comma-separated CSV, so save it with commas)"),
        Arguments.of("R's NA", new String[] {"fit", "--input", rMissing, "--label", "y",
            "--output", out}, "error: label column 'y' in '" + rMissing + "' is not numeric"
            + " (type string; for example the value 'NA', R's missing value: drop or fill those"
            + " rows, or write the file with write.csv(..., na = \"\") and pass --bad-rows"
            + " skip)"),
        Arguments.of("missing feature column", new String[] {"fit", "--input", csv,
            "--label", "y", "--features", "x,w", "--output", out},
            "error: feature column 'w' is not in '" + csv + "'"),
        Arguments.of("non-numeric label", new String[] {"fit", "--input", csv, "--label",
            "id", "--output", out}, "error: label column 'id' in '" + csv + "' is not numeric"
            + " (type string; for example the value 'row"),
        Arguments.of("non-numeric feature", new String[] {"fit", "--input", csv, "--label",
            "y", "--features", "x,id", "--output", out}, "error: feature column 'id' in '"
            + csv + "' is not numeric"),
        Arguments.of("label as feature", new String[] {"fit", "--input", csv, "--label", "y",
            "--features", "x,y", "--output", out},
            "error: column 'y' cannot be both a feature and the label"),
        Arguments.of("empty and NaN values", new String[] {"fit", "--input", holes,
            "--label", "y", "--output", out}, "error: column 'y' in '" + holes + "' has 2"
            + " empty, NaN or infinite values; remove or fill those rows first"),
        Arguments.of("k larger than the rows", new String[] {"fit", "--input", tiny,
            "--label", "y", "--k", "5", "--output", out}, "error: --k 5 asks for more"
            + " components than the 3 rows of '" + tiny + "'; need at least as many rows as"
            + " components"),
        Arguments.of("selection beyond the rows", new String[] {"fit", "--input", tiny,
            "--label", "y", "--select", "1..4", "--output", out}, "error: --select up to"
            + " k = 4 asks for more components than the 3 rows"),
        Arguments.of("existing output", new String[] {"fit", "--input", csv, "--label", "y",
            "--output", existing}, "error: output '" + existing + "' already exists; pass"
            + " --overwrite to replace it"),
        Arguments.of("predict without model", new String[] {"predict", "--input", csv,
            "--output", out}, "error: predict: the model folder is required"),
        Arguments.of("predict missing model", new String[] {"predict", dir + "/no-model",
            "--input", csv, "--output", out}, "error: model folder '" + dir + "/no-model'"
            + " does not exist"),
        Arguments.of("predict not a model", new String[] {"predict", existing, "--input", csv,
            "--output", out}, "error: '" + existing + "' is not a model written by"
            + " jobs/fit.sh"),
        Arguments.of("predict with empty values", new String[] {"predict", model, "--input",
            tiny.replace("tiny", "holes"), "--output", out}, "error: column 'y' in '" + holes
            + "' has 2 empty"),
        Arguments.of("predict existing output", new String[] {"predict", model, "--input",
            csv, "--output", existing}, "error: output '" + existing + "' already exists"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void oneLineAndExitCodeTwo(String name, String[] args, String start) {
    JobsTest.Outcome o = JobsTest.main(args);
    assertEquals(2, o.code(), name + ": " + o.err());
    assertTrue(o.err().startsWith(start), name + ": expected '" + start + "...', got\n"
        + o.err());
    if (args.length > 0) {
      assertEquals(1, o.err().lines().count(), name + ": one line, got\n" + o.err());
    }
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    assertEquals("", o.out(), "nothing on stdout");
    assertFalse(Files.exists(dir.resolve("never")), "nothing written");
  }
}
