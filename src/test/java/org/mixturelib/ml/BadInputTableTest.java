package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.support.Spark;

/**
 * Every bad input of issue 6, for both estimators: the fit (or the prediction) fails with an
 * {@link IllegalArgumentException}, or a {@link SparkException} wrapping one, whose message
 * names the column or the parameter at fault. Rows: features (a 2-vector), label and weight
 * (doubles), a string column "tag", a double column "x" and a vector label column "labels".
 */
class BadInputTableTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      field("features", new VectorUDT()), field("label", DataTypes.DoubleType),
      field("weight", DataTypes.DoubleType), field("tag", DataTypes.StringType),
      field("x", DataTypes.DoubleType), field("labels", new VectorUDT())});
  private static final int N = 40;

  private static MixtureOfRegressionsModel regressions;
  private static MixtureOfExpertsModel experts;

  private static StructField field(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  /** Row i of the good data: two features, a label of two regimes, weight 1. */
  private static Object[] good(int i) {
    double a = Math.sin(i * 0.7);
    double b = Math.cos(i * 1.3);
    double y = i % 2 == 0 ? 1 + 2 * a - b : -1 + 0.5 * a + 3 * b;
    y += 0.01 * Math.sin(i * 12.9);
    return new Object[] {Vectors.dense(a, b), y, 1.0, "t" + i, a,
        Vectors.dense(y, -y)};
  }

  /** The good rows, with {@code changes} applied to row 3 (to every row when n < 4). */
  @SafeVarargs
  private static Dataset<Row> frame(int n, Consumer<Object[]>... changes) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] v = good(i);
      if (i == 3 || n < 4) {
        for (Consumer<Object[]> c : changes) {
          c.accept(v);
        }
      }
      rows.add(RowFactory.create(v));
    }
    return Spark.session().createDataFrame(rows, SCHEMA).coalesce(2);
  }

  private static Dataset<Row> allRows(Consumer<Object[]> change) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Object[] v = good(i);
      change.accept(v);
      rows.add(RowFactory.create(v));
    }
    return Spark.session().createDataFrame(rows, SCHEMA);
  }

  @BeforeAll
  static void fitGoodModels() {
    regressions = regressions().fit(frame(N));
    experts = experts().fit(frame(N));
  }

  private static MixtureOfRegressions regressions() {
    return new MixtureOfRegressions().setK(2).setMaxIter(3).setNumInit(1).setSeed(3);
  }

  private static MixtureOfExperts experts() {
    return new MixtureOfExperts().setK(2).setGate("linear").setMaxIter(3).setNumInit(1)
        .setSeed(3);
  }

  /** A bad input: what, the text the message must contain, and the failing call. */
  private record Case(String what, String named, Executable call) {}

  /** The cases for one estimator ({@code fresh} makes a configured one, {@code model} fits). */
  private static <E extends MixtureEstimator<E, M>, M extends MixtureModel<M>> List<Case> cases(
      Supplier<E> fresh, M model) {
    List<Case> c = new ArrayList<>();
    c.add(new Case("missing features column", "'nofeatures'",
        () -> fresh.get().setFeaturesCol("nofeatures").fit(frame(N))));
    c.add(new Case("missing label column", "'nolabel'",
        () -> fresh.get().setLabelCol("nolabel").fit(frame(N))));
    c.add(new Case("missing weight column", "'noweight'",
        () -> fresh.get().setWeightCol("noweight").fit(frame(N))));
    c.add(new Case("features not a vector", "'x'",
        () -> fresh.get().setFeaturesCol("x").fit(frame(N))));
    c.add(new Case("label a string", "'tag'",
        () -> fresh.get().setLabelCol("tag").fit(frame(N))));
    c.add(new Case("weight a string", "'tag'",
        () -> fresh.get().setWeightCol("tag").fit(frame(N))));
    c.add(new Case("features of varying length", "'features'",
        () -> fresh.get().fit(frame(N, v -> v[0] = Vectors.dense(1, 2, 3)))));
    c.add(new Case("vector label of varying length", "'labels'",
        () -> fresh.get().setLabelCol("labels").fit(frame(N, v -> v[5] = Vectors.dense(1)))));
    c.add(new Case("NaN feature", "'features'",
        () -> fresh.get().fit(frame(N, v -> v[0] = Vectors.dense(Double.NaN, 1)))));
    c.add(new Case("infinite feature", "'features'", () -> fresh.get().fit(
        frame(N, v -> v[0] = Vectors.dense(1, Double.NEGATIVE_INFINITY)))));
    c.add(new Case("NaN label", "'label'",
        () -> fresh.get().fit(frame(N, v -> v[1] = Double.NaN))));
    c.add(new Case("infinite label", "'label'",
        () -> fresh.get().fit(frame(N, v -> v[1] = Double.POSITIVE_INFINITY))));
    c.add(new Case("NaN in a vector label", "'labels'", () -> fresh.get().setLabelCol("labels")
        .fit(frame(N, v -> v[5] = Vectors.dense(1, Double.NaN)))));
    c.add(new Case("NaN weight", "'weight'", () -> fresh.get().setWeightCol("weight")
        .fit(frame(N, v -> v[2] = Double.NaN))));
    c.add(new Case("infinite weight", "'weight'", () -> fresh.get().setWeightCol("weight")
        .fit(frame(N, v -> v[2] = Double.POSITIVE_INFINITY))));
    c.add(new Case("negative weight", "'weight'", () -> fresh.get().setWeightCol("weight")
        .fit(frame(N, v -> v[2] = -1.0))));
    c.add(new Case("all-zero weights", "'weight'", () -> fresh.get().setWeightCol("weight")
        .fit(allRows(v -> v[2] = 0.0))));
    c.add(new Case("null features", "'features'",
        () -> fresh.get().fit(frame(N, v -> v[0] = null))));
    c.add(new Case("null label", "'label'",
        () -> fresh.get().fit(frame(N, v -> v[1] = null))));
    c.add(new Case("null weight", "'weight'", () -> fresh.get().setWeightCol("weight")
        .fit(frame(N, v -> v[2] = null))));
    c.add(new Case("empty data", "rows", () -> fresh.get().fit(frame(0))));
    c.add(new Case("fewer rows than components", "k = 5",
        () -> fresh.get().setK(5).fit(frame(3))));
    c.add(new Case("k < 1", "k", () -> fresh.get().setK(0)));
    c.add(new Case("unknown modelType", "modelType",
        () -> fresh.get().setModelType("greedy")));
    c.add(new Case("unknown initMode", "initMode", () -> fresh.get().setInitMode("kmeans++")));
    c.add(new Case("unknown noiseModel", "noiseModel",
        () -> fresh.get().setNoiseModel("pooled")));
    c.add(new Case("prediction with another feature count", "'features'",
        () -> model.transform(allRows(v -> v[0] = Vectors.dense(1, 2, 3))).collectAsList()));
    c.add(new Case("log-likelihood with another feature count", "'features'",
        () -> model.logLikelihood(allRows(v -> v[0] = Vectors.dense(1, 2, 3)))));
    c.add(new Case("prediction with a NaN feature", "'features'",
        () -> model.transform(allRows(v -> v[0] = Vectors.dense(1, Double.NaN)))
            .collectAsList()));
    c.add(new Case("prediction with a vector label for a numeric one", "'labels'",
        () -> model.copy(org.apache.spark.ml.param.ParamMap.empty()).setLabelCol("labels")
            .transform(frame(N))));
    return c;
  }

  static Stream<Arguments> table() {
    List<Arguments> out = new ArrayList<>();
    for (Case c : cases(BadInputTableTest::regressions, regressions)) {
      out.add(Arguments.of("MixtureOfRegressions: " + c.what(), c.named(), c.call()));
    }
    List<Case> moe = new ArrayList<>(cases(BadInputTableTest::experts, experts));
    moe.add(new Case("unknown gate", "gate", () -> experts().setGate("forest")));
    moe.add(new Case("zero-width hidden layer", "hiddenLayers",
        () -> experts().setGate("mlp").setHiddenLayers(new int[] {0}).fit(frame(N))));
    for (Case c : moe) {
      out.add(Arguments.of("MixtureOfExperts: " + c.what(), c.named(), c.call()));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void namesTheColumnOrParameter(String what, String named, Executable call) {
    Throwable t = assertThrows(Throwable.class, call, what);
    IllegalArgumentException iae = illegalArgument(t);
    assertNotNull(iae, what + ": expected an IllegalArgumentException or a SparkException"
        + " wrapping one, got " + t);
    assertTrue(iae.getMessage() != null && iae.getMessage().contains(named),
        what + ": the message should name " + named + ": " + iae.getMessage());
    System.out.println(what + " -> " + t.getClass().getSimpleName() + ": " + iae.getMessage());
  }

  /** {@code t} itself, or the IllegalArgumentException a SparkException wraps. */
  private static IllegalArgumentException illegalArgument(Throwable t) {
    if (t instanceof IllegalArgumentException iae) {
      return iae;
    }
    if (!(t instanceof SparkException)) {
      return null;
    }
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException iae) {
        return iae;
      }
    }
    return null;
  }

}
