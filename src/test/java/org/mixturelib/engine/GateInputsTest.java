package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * The gate's own inputs (flexmix's concomitant variables) through the engine: issue 11's
 * patent figure, the parameter count with a constant gate column, and in-memory against Spark
 * on 1 and 3 partitions.
 */
class GateInputsTest {
  /** Rows {@code [v]} per row. */
  private static double[][] rows(double[]... columns) {
    double[][] out = new double[columns[0].length][columns.length];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < columns.length; j++) {
        out[i][j] = columns[j][i];
      }
    }
    return out;
  }

  private static MixtureState poissonGatedOn(int gateInputs) {
    return new MixtureState(new GlmExperts(GlmFamily.POISSON, 3, 2),
        new LinearGate(gateInputs, 3));
  }

  /**
   * flexmix 2.3-18: {@code Patents ~ lgRD}, Poisson, k = 3, {@code concomitant =
   * FLXPmultinom(~ RDS)}: -197.6752 (3 of 5 restarts; the others end at -202.764), from the
   * engine's default settings. 3 x 2 coefficients and (1 + 1) x 2 gate parameters.
   */
  @Test
  void patentPoissonWithAGateOnRds() {
    SharedCsv csv = SharedCsv.data("patent.csv");
    double[] ones = new double[csv.size()];
    java.util.Arrays.fill(ones, 1);
    double[][] x = rows(ones, csv.column("lgRD"));
    double[][] y = rows(csv.column("Patents"));
    InMemorySource data = InMemorySource.of(x, y, null, rows(csv.column("RDS")));
    FitResult fit = Models.fit(data, poissonGatedOn(1));
    System.out.println("patent, gate on RDS: log-likelihood " + fit.logLikelihood() + " in "
        + fit.iterations() + " iterations");
    assertTrue(fit.logLikelihood() >= -197.6752 - 1e-3, "log-likelihood " + fit.logLikelihood());
    assertEquals(10, fit.numFreeParameters());
    // a constant gate column is redundant with the gate's biases: the same count
    FitResult constant = Models.fit(InMemorySource.of(x, y, null,
        rows(ones, csv.column("RDS"))), poissonGatedOn(2), new EmConfig().maxIter(5));
    assertEquals(10, constant.numFreeParameters());
  }

  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("gate", new VectorUDT(), false, Metadata.empty())});

  @Test
  void inMemoryAndSparkOnOneAndThreePartitionsAgree() {
    int n = 300;
    Random r = new Random(11);
    double[][] x = new double[n][];
    double[][] y = new double[n][1];
    double[][] g = new double[n][];
    List<Row> frame = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = 4 * r.nextDouble() - 2;
      double z1 = r.nextGaussian();
      double z2 = r.nextGaussian();
      boolean first = r.nextDouble() < 1 / (1 + Math.exp(-3 * z1 + z2));
      y[i][0] = (first ? 2 * u + 1 : -u) + 0.3 * r.nextGaussian();
      x[i] = new double[] {u, 1};
      g[i] = new double[] {z1, z2};
      frame.add(RowFactory.create(Vectors.dense(u), y[i][0], Vectors.dense(z1, z2)));
    }
    EmConfig config = new EmConfig().numInit(1).maxIter(8).tol(1e-300).seed(4);
    FitResult mem = new EmEngine(InMemorySource.of(x, y, null, g), List.of(), config)
        .fit(model());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    for (int parts : new int[] {1, 3}) {
      Dataset<Row> df = Spark.session().createDataFrame(sc.parallelize(frame, parts), SCHEMA);
      FitResult s;
      try (SparkSource source = SparkSource.fromDataset(df,
          new SparkSource.Columns("features", "label", null, true, "gate"), 4096, 2,
          StorageLevel.MEMORY_AND_DISK())) {
        assertEquals(2, source.numGateInputs());
        s = new EmEngine(source, List.of(), config).fit(model());
      }
      String what = parts + " partitions";
      assertEquals(mem.iterations(), s.iterations(), what + ": iterations");
      assertEquals(mem.logLikelihood(), s.logLikelihood(), 1e-9 * Math.abs(mem.logLikelihood()),
          what + ": log-likelihood");
      double[] a = ((TrainedGate) mem.state().gate()).parameters();
      double[] b = ((TrainedGate) s.state().gate()).parameters();
      for (int j = 0; j < a.length; j++) {
        // to 1e-5 only: the linear gate agrees so across partitions with or without its own
        // inputs (measured on this data with the gate on the features); the bound to 1e-9
        assertEquals(a[j], b[j], 1e-5 * Math.max(1, Math.abs(a[j])), what + ": gate " + j);
      }
      LinearExperts ea = (LinearExperts) mem.state().experts();
      LinearExperts eb = (LinearExperts) s.state().experts();
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < 2; j++) {
          assertEquals(ea.coefficients(e)[j], eb.coefficients(e)[j], 1e-5, what + ": W" + e);
        }
      }
    }
    // the gate found the concomitant direction (3, -1) on its own inputs
    double[] v = ((TrainedGate) mem.state().gate()).parameters();
    assertTrue(Math.abs(v[0] - v[1]) > 4 * Math.abs(v[2] - v[3]) / 3 - 1,
        "gate weights " + java.util.Arrays.toString(v));
  }

  private static MixtureState model() {
    LinearExperts e = new LinearExperts(2, 2, 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    return new MixtureState(e, new LinearGate(2, 2));
  }
}
