package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixturelib.support.Spark;

/**
 * Issue 24, item 7: a model folder never runs a query and names only the stages the fit job
 * writes. A model with a computed column, a factor and a formula (every stage type the fit job
 * writes) is tampered with, one stage at a
 * time; predict refuses each with exit code 2 and one line, before any query or class of the
 * folder's choosing runs.
 */
class TamperedModelTest {
  @TempDir
  static Path dir;

  private static Path csv;
  private static Path model;

  @BeforeAll
  static void data() throws IOException {
    if (model != null) {
      return;
    }
    Spark.session();
    StringBuilder b = new StringBuilder("y,x,g\n");
    java.util.Random r = new java.util.Random(8);
    for (int i = 0; i < 60; i++) {
      double x = 10 * r.nextDouble();
      b.append(String.format(java.util.Locale.ROOT, "%.5f,%.5f,%s%n",
          (i % 2 == 0 ? 1 + 2 * x : 8 - x) + 0.2 * r.nextGaussian(), x, i % 3 == 0 ? "a" : "b"));
    }
    csv = Files.writeString(Files.createDirectories(dir.resolve("in")).resolve("d.csv"),
        b.toString());
    model = dir.resolve("model");
    JobsTest.ok("fit", "--input", csv.toString(), "--formula", "y ~ x + x2 + g", "--column",
        "x2=x * x", "--k", "2", "--num-init", "1", "--output", model.toString());
  }

  /** Every stage's metadata file in the model (nested pipelines included), by stage folder. */
  static List<String> stages() throws IOException {
    data();
    try (Stream<Path> s = Files.walk(model)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.getParent().getFileName().toString().equals("metadata"))
          .map(p -> model.relativize(p).toString()).sorted().toList();
    }
  }

  /** A copy of the model. */
  private static Path copy(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (Stream<Path> s = Files.walk(model)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path q = copy.resolve(model.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else if (!p.getFileName().toString().endsWith(".crc")) {
          Files.copy(p, q);
        }
      }
    }
    return copy;
  }

  private static String predict(Path m) {
    return JobSafetyTest.refused("'" + m + "' is not a model written by jobs/fit.sh",
        "predict", m.toString(), "--input", csv.toString(), "--output",
        dir.resolve("pred-" + m.getFileName()).toString());
  }

  /** The computed column's metadata file: part-00000 (Spark 3.5) or part-00000-UUID.txt (4). */
  private static Path sqlStage(Path m) throws IOException {
    Path meta;
    try (Stream<Path> s = Files.list(m.resolve("stages"))) {
      meta = s.filter(p -> p.getFileName().toString().startsWith("0_sql")).findFirst()
          .orElseThrow().resolve("metadata");
    }
    try (Stream<Path> parts = Files.list(meta)) {
      return parts.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst()
          .orElseThrow();
    }
  }

  @ParameterizedTest
  @MethodSource("stages")
  void everyStageNamingAnotherClassIsRefused(String metadata) throws IOException {
    Path m = copy("class-" + metadata.replaceAll("[^A-Za-z0-9]", "_"));
    Path file = m.resolve(metadata);
    String text = Files.readString(file);
    String cls = text.substring(text.indexOf("\"class\":\"") + 9);
    cls = cls.substring(0, cls.indexOf('"'));
    assertTrue(org.mixturelib.ml.StageReader.PIPELINE_STAGES.contains(cls), cls);
    Files.writeString(file, text.replace(cls, "org.apache.spark.ml.feature.Bucketizer"));
    String err = predict(m);
    assertTrue(err.contains("names the class org.apache.spark.ml.feature.Bucketizer, which is"
        + " not a stage that jobs/fit.sh writes; refused"), err);
  }

  @ParameterizedTest
  @MethodSource("stages")
  void everyStageWithAnUnknownParamIsRefused(String metadata) throws IOException {
    Path m = copy("param-" + metadata.replaceAll("[^A-Za-z0-9]", "_"));
    Path file = m.resolve(metadata);
    String text = Files.readString(file);
    Files.writeString(file, text.replace("\"paramMap\":{", "\"paramMap\":{\"evil\":\"x\","));
    predict(m);
  }

  @Test
  void aStatementThatIsNotAComputedColumnNeverRuns() throws IOException {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "kept");
    Map<String, String> before = JobSafetyTest.tree(victim);
    for (String statement : List.of(
        "INSERT OVERWRITE DIRECTORY '" + victim + "' USING csv SELECT * FROM __THIS__",
        "SELECT *, (x * x) AS `x2` FROM __THIS__; DROP TABLE t",
        "SELECT *, (x * x) AS `x2` FROM __THIS__ UNION SELECT *, 1 AS `x2` FROM __THIS__",
        "SELECT *, (x * x) AS `x2` FROM csv.`" + victim + "`")) {
      Path m = copy("sql-" + Math.abs(statement.hashCode()));
      Path file = sqlStage(m);
      Files.writeString(file, Files.readString(file).replace(
          "SELECT *, (x * x) AS `x2` FROM __THIS__", statement.replace("'", "\\u0027")));
      String err = predict(m);
      assertTrue(err.contains("is not a computed column") || err.contains("does not parse"),
          err);
    }
    assertTrue(JobSafetyTest.tree(victim).equals(before));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java_method('java.lang.System', 'exit', 3)",
      "reflect('java.lang.Runtime', 'getRuntime')", "(SELECT max(x) FROM __THIS__)",
      "x IN (SELECT x FROM __THIS__)", "some_udf(x)", "IDENTIFIER('reflect')('a', 'b')"})
  void anExpressionOutsideSparksBuiltInsIsRefusedAtFitAndAtLoad(String expression)
      throws IOException {
    Path m = copy("expr-" + Math.abs(expression.hashCode()));
    Path file = sqlStage(m);
    Files.writeString(file, Files.readString(file).replace("(x * x)", "(" + expression
        .replace("'", "\\u0027") + ")"));
    String err = predict(m);
    assertTrue(err.contains("; refused"), err);
    String fit = JobSafetyTest.refused("computed column 'z=" + expression + "': ", "fit",
        "--input", csv.toString(), "--formula", "y ~ x + z", "--column", "z=" + expression,
        "--output", dir.resolve("never").toString());
    assertTrue(fit.strip().endsWith("; refused"), fit);
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void theUntamperedModelPredicts() {
    JobsTest.ok("predict", model.toString(), "--input", csv.toString(), "--output",
        dir.resolve("pred-ok").toString());
  }
}
