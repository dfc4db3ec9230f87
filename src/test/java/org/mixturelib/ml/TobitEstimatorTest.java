package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.localmodels.TobitExperts;
import org.mixturelib.localmodels.TobitProvider;
import org.mixturelib.support.Spark;

/**
 * The censored normal family through the Spark ML estimator: family 'tobit' with constant
 * limits (lower, upper) or per-row ones (lowerCol, upperCol, nulls meaning none), the fit equal
 * to the in-memory engine's, the prediction the latent mean, the log-likelihood column, the
 * standard errors, save and load, and bad input named by column, param or setting.
 */
class TobitEstimatorTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("y", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("lo", DataTypes.DoubleType, true, Metadata.empty()),
      new StructField("hi", DataTypes.DoubleType, true, Metadata.empty())});
  private static final int N = 800;

  /** Rows x (2 features), latent 1 + 2 x1 - x2 + 0.8 e, censored at per-row limits. */
  private final double[][] x = new double[N][];
  private final double[] y = new double[N];
  private final Double[] lo = new Double[N];
  private final Double[] hi = new Double[N];

  TobitEstimatorTest() {
    Random r = new Random(21);
    for (int i = 0; i < N; i++) {
      x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      double latent = 1 + 2 * x[i][0] - x[i][1] + 0.8 * r.nextGaussian();
      lo[i] = i % 4 == 0 ? null : 0.0;
      hi[i] = i % 3 == 0 ? null : 2.5 + r.nextDouble();
      y[i] = Math.min(hi[i] == null ? Double.POSITIVE_INFINITY : hi[i],
          Math.max(lo[i] == null ? Double.NEGATIVE_INFINITY : lo[i], latent));
    }
  }

  private Dataset<Row> frame(double[] labels) {
    return ordered(labels).repartition(3);
  }

  /** The rows in their order (row i is row i in messages). */
  private Dataset<Row> ordered(double[] labels) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), labels[i], lo[i], hi[i]));
    }
    return Spark.session().createDataFrame(rows, SCHEMA);
  }

  private static MixtureOfRegressions tobit() {
    return new MixtureOfRegressions().setFamily("tobit").setLabelCol("y").setK(1)
        .setTol(1e-12);
  }

  /** The same one-component fit by the engine, in memory, the intercept last. */
  private FitResult inMemory() {
    double[][] xs = new double[N][];
    double[][] ys = new double[N][];
    double[][] limits = new double[N][];
    for (int i = 0; i < N; i++) {
      xs[i] = new double[] {x[i][0], x[i][1], 1};
      ys[i] = new double[] {y[i]};
      limits[i] = new double[] {lo[i] == null ? Double.NEGATIVE_INFINITY : lo[i],
          hi[i] == null ? Double.POSITIVE_INFINITY : hi[i]};
    }
    TobitProvider p = new TobitProvider();
    InMemorySource data = InMemorySource.of(xs, ys, null, null,
        List.of(p.column("lower", "lo"), p.column("upper", "hi")), limits);
    MixtureState model = new MixtureState(new TobitExperts(1, 3, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, NoiseModel.PER_COMPONENT),
        new HyperModelDirichlet(new double[] {1}, false));
    return new EmEngine(data, List.of(), new EmConfig().tol(1e-12)).fit(model);
  }

  @Test
  void perRowLimitsFitAsInMemoryAndPredictTheLatentMean() {
    Dataset<Row> data = frame(y);
    MixtureOfRegressionsModel m = tobit().setLowerCol("lo").setUpperCol("hi").fit(data);
    FitResult want = inMemory();
    double[] w = ((TobitExperts) want.state().experts()).coefficients(0);
    assertEquals(w[0], m.coefficients().apply(0, 0), 1e-7);
    assertEquals(w[1], m.coefficients().apply(0, 1), 1e-7);
    assertEquals(w[2], m.intercepts().apply(0), 1e-7);
    double sigma = ((TobitExperts) want.state().experts()).sigmas()[0];
    assertEquals(sigma * sigma, m.dispersions().apply(0), 1e-7);
    assertEquals(want.logLikelihood(), m.summary().logLikelihood(), 1e-7);
    assertEquals(4, m.summary().numFreeParameters(), "3 coefficients and sigma");
    double total = 0;
    for (Row r : m.transform(data).collectAsList()) {
      Vector f = r.getAs("features");
      double mean = w[2] + w[0] * f.apply(0) + w[1] * f.apply(1);
      assertEquals(mean, (Double) r.getAs("prediction"), 1e-7);
      total += (Double) r.getAs("logLikelihood");
    }
    assertEquals(m.summary().logLikelihood(), total, 1e-7);
    StandardErrors se = m.summary().standardErrors();
    assertTrue(se.standardError(se.layout().expert(0, 0)) > 0);
    assertTrue(se.name(se.layout().expert(0, 3)).contains("log sigma"),
        se.name(se.layout().expert(0, 3)));
  }

  @Test
  void constantLimitsAreSettingsAndAreSaved(@TempDir Path dir) throws Exception {
    double[] clipped = new double[N];
    for (int i = 0; i < N; i++) {
      clipped[i] = Math.min(3, Math.max(0, y[i]));
    }
    Dataset<Row> data = frame(clipped);
    MixtureOfRegressionsModel m = tobit().setK(2).setNumInit(2).setTol(1e-8).setLower(0)
        .setUpper(3).fit(data);
    String path = dir.resolve("tobit").toString();
    m.write().save(path);
    MixtureOfRegressionsModel loaded = MixtureOfRegressionsModel.load(path);
    assertEquals(0.0, loaded.getLower());
    assertEquals(3.0, loaded.getUpper());
    assertEquals(m.transform(data).collectAsList(), loaded.transform(data).collectAsList());
    // a Spark sum: partitions' results combine in the order tasks finish, so to rounding only
    double logLik = m.logLikelihood(data);
    assertEquals(logLik, loaded.logLikelihood(data), 1e-12 * Math.abs(logLik));
  }

  private static void assertNames(String expected, Consumer<MixtureOfRegressions> setup,
      Dataset<Row> data) {
    MixtureOfRegressions est = tobit().setNumInit(1).setMaxIter(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      setup.accept(est);
      est.fit(data);
    });
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void badInputIsNamed() {
    Dataset<Row> data = frame(y);
    assertNames("lowerCol is not supported with family 'gaussian'",
        e -> e.setFamily("gaussian").setLowerCol("lo"), data);
    assertNames("family 'poisson' takes no setting 'upper'",
        e -> e.setFamily("poisson").setUpper(3), data);
    assertNames("family 'tobit': setting 'lower' (5.0) must be below setting 'upper' (1.0)",
        e -> e.setLower(5).setUpper(1), data);
    double[] negative = y.clone();
    negative[5] = -0.5;
    assertNames("column 'y': row 5 is -0.5, below its lower censoring limit 0.0 (column 'lo')",
        e -> e.setLowerCol("lo"), ordered(negative));
    double[] clipped = new double[N];
    for (int i = 0; i < N; i++) {
      clipped[i] = Math.max(0, y[i]);
    }
    clipped[7] = -0.25;
    assertNames("column 'y': row 7 is -0.25, below its lower censoring limit 0.0 (setting"
        + " 'lower')", e -> e.setLower(0), ordered(clipped));
    assertNames("lowerCol: column 'nope' does not exist", e -> e.setLowerCol("nope"), data);
  }
}
