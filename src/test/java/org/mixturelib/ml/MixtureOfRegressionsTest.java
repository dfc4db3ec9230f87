package org.mixturelib.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.engine.MixturePosterior;
import org.mixturelib.engine.MixturePrediction;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.Spark;

class MixtureOfRegressionsTest {
  private static Lines.Data data;
  private static Dataset<Row> frame;
  private static MixtureOfRegressionsModel model;

  @BeforeAll
  static void fit() {
    data = Lines.twoLines(200, 1);
    frame = Lines.frame(data, 2);
    model = new MixtureOfRegressions().setNumInit(3).fit(frame);
  }

  @Test
  void recoversTwoPlantedLines() {
    Matrix w = model.coefficients();
    double[] b = model.intercepts().toArray();
    int first = b[0] > 0 ? 0 : 1;
    assertEquals(2, w.numRows());
    assertEquals(1, w.numCols());
    assertEquals(2.0, w.apply(first, 0), 0.15);
    assertEquals(3.0, b[first], 0.25);
    assertEquals(-1.0, w.apply(1 - first, 0), 0.15);
    assertEquals(-3.0, b[1 - first], 0.25);
    assertEquals(0.6, model.mixingWeights().apply(first), 1e-6);
    assertEquals(0.25, model.noiseVariances().apply(first), 0.08);
    assertEquals(0.25, model.noiseVariances().apply(1 - first), 0.08);
    MixtureSummary s = model.summary();
    assertTrue(s.converged());
    assertEquals(120, s.clusterSizes()[first]);
    assertEquals(80, s.clusterSizes()[1 - first]);
    // 2 x (slope, intercept) + 2 noise variances + 1 mixing weight
    assertEquals(7, s.numFreeParameters());
    assertEquals(-2 * s.logLikelihood() + 7 * Math.log(200), s.bic(), 1e-9);
    assertEquals(s.numIterations() + 1, s.objectiveHistory().length);
    assertEquals(2, model.posteriorCovariances()[0].numRows());
  }

  @Test
  void logLikelihoodOfDataMatchesTheFitAndTheRows() {
    double ll = model.logLikelihood(frame);
    assertEquals(model.summary().logLikelihood(), ll, 1e-9 * Math.abs(ll));
    double rows = model.transform(frame).agg(org.apache.spark.sql.functions.sum("logLikelihood"))
        .head().getDouble(0);
    assertEquals(ll, rows, 1e-9 * Math.abs(ll));
  }

  @Test
  void transformColumnsHaveTheDocumentedTypes() {
    StructType s = model.transform(frame).schema();
    assertEquals(DataTypes.DoubleType, s.apply("prediction").dataType());
    assertEquals(SQLDataTypes.VectorType(), s.apply("probability").dataType());
    assertEquals(SQLDataTypes.VectorType(), s.apply("componentPredictions").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("predictionStd").dataType());
    assertEquals(SQLDataTypes.VectorType(), s.apply("responsibility").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("logLikelihood").dataType());
    assertEquals(List.of("x", "features", "label", "weight", "prediction", "probability",
        "componentPredictions", "predictionStd", "responsibility", "logLikelihood"),
        List.of(s.fieldNames()));
    StructType unlabelled = model.transform(frame.drop("label")).schema();
    assertEquals(List.of("x", "features", "weight", "prediction", "probability",
        "componentPredictions", "predictionStd"), List.of(unlabelled.fieldNames()));
    MixtureOfRegressionsModel few = model.copy(new org.apache.spark.ml.param.ParamMap())
        .setProbabilityCol("").setComponentPredictionsCol("").setLogLikelihoodCol("")
        .setPredictionCol("yhat");
    assertEquals(List.of("x", "features", "label", "weight", "yhat", "predictionStd",
        "responsibility"), List.of(few.transform(frame).schema().fieldNames()));
  }

  @Test
  void predictionsEqualTheInMemoryApi() {
    int n = data.n();
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {data.x()[i], 1.0};
      y[i] = new double[] {data.y()[i]};
    }
    Block b = BlockBuilder.fromArrays(x, y, null, n).get(0);
    MixtureState state = model.mixtureState();
    MixturePrediction p = MixturePrediction.of(state, b);
    MixturePosterior q = MixturePosterior.of(state, b);
    List<Row> rows = model.transform(frame).collectAsList();
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      assertEquals(data.x()[i], r.getDouble(0));
      close(p.mean()[i], r.getDouble(r.fieldIndex("prediction")));
      close(Math.sqrt(p.variance()[i]), r.getDouble(r.fieldIndex("predictionStd")));
      close(q.logLikelihood()[i], r.getDouble(r.fieldIndex("logLikelihood")));
      Vector pi = r.getAs("probability");
      Vector resp = r.getAs("responsibility");
      Vector comp = r.getAs("componentPredictions");
      for (int k = 0; k < 2; k++) {
        close(p.pi()[i * 2 + k], pi.apply(k));
        close(q.responsibilities()[i * 2 + k], resp.apply(k));
        close(p.components()[k * n + i], comp.apply(k));
      }
    }
  }

  private static void close(double expected, double actual) {
    assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)));
  }

  @Test
  void aWeightOfTwoEqualsADuplicatedRowAndZeroADroppedOne() {
    // every run starts from the same parameters (a 2-iteration fit) and runs 40 iterations
    MixtureOfRegressionsModel start = new MixtureOfRegressions().setNumInit(1).setMaxIter(2)
        .fit(frame);
    MixtureOfRegressions est = new MixtureOfRegressions().setInitMode("given")
        .setInitialModel(start).setMaxIter(40).setTol(1e-300).setWeightCol("weight");
    int j = 17;
    Lines.Data d = data;
    double[] w2 = d.w().clone();
    w2[j] = 2;
    MixtureOfRegressionsModel weighted = est.fit(Lines.frame(
        new Lines.Data(d.x(), d.y(), w2, d.z()), 2));
    MixtureOfRegressionsModel duplicated = est.fit(Lines.frame(insert(d, j), 2));
    sameModel(weighted, duplicated);
    double[] w0 = d.w().clone();
    w0[j] = 0;
    MixtureOfRegressionsModel zero = est.fit(Lines.frame(
        new Lines.Data(d.x(), d.y(), w0, d.z()), 2));
    MixtureOfRegressionsModel dropped = est.fit(Lines.frame(remove(d, j), 2));
    sameModel(zero, dropped);
    assertTrue(Math.abs(weighted.summary().logLikelihood() - zero.summary().logLikelihood())
        > 1, "the weights must matter");
  }

  private static void sameModel(MixtureOfRegressionsModel a, MixtureOfRegressionsModel b) {
    // the two runs may stop at different iterations once both reach an exact fixed point
    relative(a.coefficients().toArray(), b.coefficients().toArray());
    relative(a.intercepts().toArray(), b.intercepts().toArray());
    relative(a.noiseVariances().toArray(), b.noiseVariances().toArray());
    relative(a.mixingWeights().toArray(), b.mixingWeights().toArray());
    relative(new double[] {a.summary().logLikelihood()},
        new double[] {b.summary().logLikelihood()});
    assertEquals(a.summary().totalWeight(), b.summary().totalWeight());
  }

  private static void relative(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9 * Math.abs(a[i]), "entry " + i);
    }
  }

  private static Lines.Data insert(Lines.Data d, int j) {
    int n = d.n();
    double[] x = new double[n + 1];
    double[] y = new double[n + 1];
    double[] w = new double[n + 1];
    int[] z = new int[n + 1];
    for (int i = 0, o = 0; i < n; i++) {
      int copies = i == j ? 2 : 1;
      for (int c = 0; c < copies; c++, o++) {
        x[o] = d.x()[i];
        y[o] = d.y()[i];
        w[o] = 1;
        z[o] = d.z()[i];
      }
    }
    return new Lines.Data(x, y, w, z);
  }

  private static Lines.Data remove(Lines.Data d, int j) {
    int n = d.n();
    double[] x = new double[n - 1];
    double[] y = new double[n - 1];
    double[] w = new double[n - 1];
    int[] z = new int[n - 1];
    for (int i = 0, o = 0; i < n; i++) {
      if (i != j) {
        x[o] = d.x()[i];
        y[o] = d.y()[i];
        w[o] = 1;
        z[o] = d.z()[i];
        o++;
      }
    }
    return new Lines.Data(x, y, w, z);
  }

  @Test
  void vectorLabelsGiveVectorPredictions() {
    // two outputs: y and 1 - y, so each expert's second output mirrors its first
    Dataset<Row> two = new VectorAssembler().setInputCols(new String[] {"label", "mirror"})
        .setOutputCol("labels").transform(frame.withColumn("mirror",
            org.apache.spark.sql.functions.lit(1.0).minus(col("label"))));
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setLabelCol("labels")
        .setNumInit(3).fit(two);
    assertEquals(2, m.numOutputs());
    Matrix w = m.coefficients();
    assertEquals(4, w.numRows());
    double[] b = m.intercepts().toArray();
    for (int k = 0; k < 2; k++) {
      assertEquals(-w.apply(2 * k, 0), w.apply(2 * k + 1, 0), 1e-9);
      assertEquals(1 - b[2 * k], b[2 * k + 1], 1e-9);
    }
    StructType s = m.transform(two).schema();
    assertEquals(SQLDataTypes.VectorType(), s.apply("prediction").dataType());
    Row r = m.transform(two).select("prediction", "componentPredictions").head();
    assertEquals(2, ((Vector) r.getAs(0)).size());
    assertEquals(4, ((Vector) r.getAs(1)).size());
    assertMessage(() -> m.copy(new org.apache.spark.ml.param.ParamMap()).setLabelCol("label")
        .transform(frame), "labelCol: column 'label' is numeric but the model was fitted on a"
            + " vector label");
  }

  @Test
  void paramErrorsNameTheParam() {
    MixtureOfRegressions est = new MixtureOfRegressions();
    assertMessage(() -> est.setK(0), "k");
    assertMessage(() -> est.setNoiseModel("big"), "noiseModel");
    assertMessage(() -> est.setTol(0), "tol");
    assertMessage(() -> est.setAggregationDepth(1), "aggregationDepth");
    assertMessage(() -> est.setCheckpointInterval(0), "checkpointInterval");
    StructType schema = frame.schema();
    assertMessage(() -> new MixtureOfRegressions().setFeaturesCol("nope")
        .transformSchema(schema), "featuresCol: column 'nope' does not exist");
    assertMessage(() -> new MixtureOfRegressions().setFeaturesCol("x")
        .transformSchema(schema), "featuresCol: column 'x' has type double");
    assertMessage(() -> new MixtureOfRegressions().setLabelCol("s").transformSchema(
        frame.withColumn("s", col("x").cast("string")).schema()),
        "labelCol: column 's' has type string");
    assertMessage(() -> new MixtureOfRegressions().setLabelCol("nope")
        .transformSchema(schema), "labelCol: column 'nope' does not exist");
    assertMessage(() -> new MixtureOfRegressions().setWeightCol("nope")
        .transformSchema(schema), "weightCol: column 'nope' does not exist");
    assertMessage(() -> new MixtureOfRegressions().setPredictionCol("x")
        .transformSchema(schema), "predictionCol: output column 'x' already exists");
    assertMessage(() -> new MixtureOfRegressions().setProbabilityCol("prediction")
        .transformSchema(schema), "probabilityCol and predictionCol");
    assertMessage(() -> new MixtureOfRegressions().setInitMode("given")
        .transformSchema(schema), "initMode: 'given' needs an initial model");
    assertMessage(() -> new MixtureOfRegressions().setPriorCovariance(1.0)
        .setPriorMean(new double[] {1, 2, 3}).fit(frame), "priorMean has 3 values");
    assertMessage(() -> model.transform(frame.withColumn("label", col("features"))),
        "labelCol: column 'label' is a vector");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call,
      String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part
        + "'");
  }

  @Test
  void reachesFlexmixLogLikelihoodOnNpreg() {
    Dataset<Row> npreg = csv("npreg.csv").withColumn("x2", col("x").multiply(col("x")));
    Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"x", "x2"})
        .setOutputCol("features").transform(npreg);
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setLabelCol("yn").fit(df);
    System.out.println("npreg: log-likelihood " + m.summary().logLikelihood() + " after "
        + m.summary().numIterations() + " iterations");
    assertTrue(m.summary().logLikelihood() >= -642.5320 - 1e-3,
        "npreg log-likelihood " + m.summary().logLikelihood());
  }

  @Test
  void reachesTheMaximumLikelihoodOnTonedata() {
    Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"stretchratio"})
        .setOutputCol("features").transform(csv("tonedata.csv"));
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setLabelCol("tuned").fit(df);
    System.out.println("tonedata: log-likelihood " + m.summary().logLikelihood() + " after "
        + m.summary().numIterations() + " iterations; weights " + m.mixingWeights()
        + " intercepts " + m.intercepts() + " slopes " + m.coefficients().toString());
    assertEquals(141.1984, m.summary().logLikelihood(), 1e-3,
        "tonedata log-likelihood " + m.summary().logLikelihood());
    // the guard is the param: without it the default seed ends on the spike at 145.4168
    MixtureOfRegressionsModel spike = new MixtureOfRegressions().setLabelCol("tuned")
        .setMaxVarianceRatio(Double.POSITIVE_INFINITY).fit(df);
    assertEquals(145.4168, spike.summary().logLikelihood(), 1e-3);
  }

  private static Dataset<Row> csv(String name) {
    return Spark.session().read().option("header", true).option("inferSchema", true)
        .csv(Fixtures.shared().resolve("data").resolve(name).toString());
  }
}
