package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.support.Spark;

/**
 * Every bad input of issue 6 through the job entry point ({@link Main#run}): exit code 2, one
 * line on stderr that names the column or the option, no stack trace, nothing written. Tables
 * have columns id (text), x1, x2, y and w (numbers); each bad table changes row 3.
 */
class JobBadInputTest {
  @TempDir
  static Path dir;

  private static String good;
  private static String model;

  private static String table(String name, UnaryOperator<String[]> row3) throws IOException {
    StringBuilder b = new StringBuilder("id,x1,x2,y,w\n");
    for (int i = 0; i < 20; i++) {
      double x1 = Math.sin(i * 0.9);
      double x2 = Math.cos(i * 1.7);
      double y = (i % 2 == 0 ? 1 + 2 * x1 : -1 + 3 * x2) + 0.01 * Math.sin(i * 7.1);
      String[] v = {"r" + i, fmt(x1), fmt(x2), fmt(y), "1"};
      if (i == 3) {
        v = row3.apply(v);
      }
      b.append(String.join(",", v)).append('\n');
    }
    return Files.writeString(dir.resolve(name + ".csv"), b.toString()).toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  private static UnaryOperator<String[]> set(int column, String value) {
    return v -> {
      v[column] = value;
      return v;
    };
  }

  @BeforeAll
  static void data() throws IOException {
    Spark.session();
    good = table("good", v -> v);
    model = dir.resolve("model").toString();
    JobsTest.ok("fit", "--input", good, "--label", "y", "--features", "x1,x2", "--k", "2",
        "--num-init", "1", "--max-iter", "5", "--output", model);
  }

  private static String[] fit(String input, String... more) {
    List<String> args = new ArrayList<>(List.of("fit", "--input", input, "--label", "y",
        "--features", "x1,x2", "--k", "2", "--num-init", "1", "--max-iter", "5",
        "--output", dir.resolve("never").toString()));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private static String[] predict(String input, String... more) {
    List<String> args = new ArrayList<>(List.of("predict", model, "--input", input,
        "--output", dir.resolve("never").toString()));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  /** A Parquet table whose features column is a vector (of varying length at row 3). */
  private static String vectorParquet() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create(i == 3 ? Vectors.dense(1, 2, 3) : Vectors.dense(i, 1),
          (double) i));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("v", new VectorUDT(), false, Metadata.empty()),
        new StructField("y", DataTypes.DoubleType, false, Metadata.empty())});
    String path = dir.resolve("vectors.parquet").toString();
    Spark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    return path;
  }

  static Stream<Arguments> table() throws IOException {
    String inf = "Inf";
    return Stream.of(
        bad("missing label column", "'yy'", fitArgs(good, "--label", "yy")),
        bad("missing feature column", "'x3'", fitArgs(good, "--features", "x1,x3")),
        bad("missing weight column", "'ww'", fit(good, "--weight", "ww")),
        bad("non-numeric feature", "'id'", fitArgs(good, "--features", "x1,id")),
        bad("non-numeric label", "'id'", fitArgs(good, "--label", "id")),
        bad("non-numeric weight", "'id'", fit(good, "--weight", "id")),
        bad("vector feature column (varying length)", "'v'", new String[] {"fit", "--input",
            vectorParquet(), "--label", "y", "--features", "v", "--output",
            dir.resolve("never").toString()}),
        bad("empty feature value", "'x1'", fit(table("empty-x", set(1, "")))),
        bad("NaN feature", "'x2'", fit(table("nan-x", set(2, "NaN")))),
        bad("infinite feature", "'x1'", fit(table("inf-x", set(1, inf)))),
        bad("NaN label", "'y'", fit(table("nan-y", set(3, "NaN")))),
        bad("infinite label", "'y'", fit(table("inf-y", set(3, "-" + inf)))),
        bad("NaN weight", "'w'", fit(table("nan-w", set(4, "NaN")), "--weight", "w")),
        bad("infinite weight", "'w'", fit(table("inf-w", set(4, inf)), "--weight", "w")),
        bad("negative weight", "'w'", fit(table("neg-w", set(4, "-1")), "--weight", "w")),
        bad("all-zero weights", "'w'", fit(zeroWeights(), "--weight", "w")),
        bad("empty data", "has no rows", fit(Files.writeString(dir.resolve("empty.csv"),
            "id,x1,x2,y,w\n").toString())),
        bad("a label too extreme for double precision", "extreme values", fit(table("extreme-y",
            set(3, "1e200")))),
        bad("fewer rows than components", "--k 5", fitArgs(Files.writeString(
            dir.resolve("three.csv"), "id,x1,x2,y,w\na,1,2,3,1\nb,2,1,0,1\nc,0,1,1,1\n")
            .toString(), "--k", "5")),
        bad("k < 1", "--k", fitArgs(good, "--k", "0")),
        bad("unknown gate", "--gate", fit(good, "--gate", "forest")),
        bad("unknown noise model", "--noise", fit(good, "--noise", "pooled")),
        bad("unknown criterion", "--criterion", fitArgs(good, "--k", null, "--select", "1..2",
            "--criterion", "dic")),
        bad("unknown bad-row policy", "--bad-rows", fit(good, "--bad-rows", "ignore")),
        bad("predict: feature column missing", "'x2'", predict(Files.writeString(
            dir.resolve("no-x2.csv"), "id,x1,y\na,1,2\n").toString())),
        bad("predict: feature column not numeric", "'x1'", predict(Files.writeString(
            dir.resolve("text-x1.csv"), "id,x1,x2\na,one,2\n").toString())),
        bad("predict: NaN feature", "'x1'", predict(table("predict-nan", set(1, "NaN")))),
        bad("predict: unknown bad-row policy", "--bad-rows",
            predict(good, "--bad-rows", "drop")));
  }

  private static String zeroWeights() throws IOException {
    String path = table("zero-w", v -> v);
    String text = Files.readString(Path.of(path)).replaceAll(",1\n", ",0\n");
    return Files.writeString(Path.of(path), text).toString();
  }

  /** The fit arguments with some options replaced (a null value removes the option). */
  private static String[] fitArgs(String input, String... replace) {
    List<String> args = new ArrayList<>(List.of(fit(input)));
    for (int i = 0; i < replace.length; i += 2) {
      int at = args.indexOf(replace[i]);
      if (replace[i + 1] == null) {
        args.remove(at + 1);
        args.remove(at);
      } else if (at >= 0) {
        args.set(at + 1, replace[i + 1]);
      } else {
        args.add(replace[i]);
        args.add(replace[i + 1]);
      }
    }
    return args.toArray(new String[0]);
  }

  private static Arguments bad(String what, String named, String[] args) {
    return Arguments.of(what, named, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void exitCodeTwoAndOneLineNamingTheCulprit(String what, String named, String[] args) {
    JobsTest.Outcome o = JobsTest.main(args);
    assertEquals(2, o.code(), what + ": " + o.err());
    assertEquals(1, o.err().lines().count(), what + ": one line, got\n" + o.err());
    assertTrue(o.err().startsWith("error: ") && o.err().contains(named),
        what + ": the message should name " + named + ": " + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    assertFalse(Files.exists(dir.resolve("never")), what + ": nothing written");
    System.out.println(what + " -> " + o.err().strip());
  }
}
