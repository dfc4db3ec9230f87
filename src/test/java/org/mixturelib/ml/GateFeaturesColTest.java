package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
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
import org.mixturelib.support.Spark;

/**
 * {@code gateFeaturesCol}: the gate's own inputs (flexmix's concomitant variables). Planted
 * data whose gate depends on a variable z that the experts do not see: y = 2x + 1 where z > 0
 * (softly), y = -1.5x + 2 elsewhere.
 */
class GateFeaturesColTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("gate", new VectorUDT(), true, Metadata.empty()),
      new StructField("z", DataTypes.DoubleType, false, Metadata.empty())});

  /** Rows of (features = [x], label, gate = [z], z). */
  static List<Row> planted(int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = 4 * r.nextDouble() - 2;
      double z = 4 * r.nextDouble() - 2;
      boolean first = r.nextDouble() < 1 / (1 + Math.exp(-4 * z));
      double y = (first ? 2 * x + 1 : -1.5 * x + 2) + 0.3 * r.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(x), y, Vectors.dense(z), z));
    }
    return rows;
  }

  static Dataset<Row> frame(List<Row> rows, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    return Spark.session().createDataFrame(sc.parallelize(rows, partitions), SCHEMA);
  }

  private static MixtureOfExperts estimator() {
    return new MixtureOfExperts().setNumInit(2).setMaxIter(60).setSeed(3);
  }

  /** A fixed number of EM iterations: parity to rounding, not to the stopping tolerance. */
  private static MixtureOfExperts fixed() {
    return estimator().setNumInit(1).setMaxIter(8).setTol(1e-300);
  }

  private static void assertClose(double[] a, double[] b, double rel) {
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], rel * Math.max(1, Math.abs(a[i])), "entry " + i);
    }
  }

  @Test
  void theFeaturesColumnAsGateInputsGivesTheModelWithout() {
    Dataset<Row> df = frame(planted(200, 1), 2);
    MixtureOfExpertsModel plain = fixed().fit(df);
    MixtureOfExpertsModel same = fixed().setGateFeaturesCol("features").fit(df);
    assertEquals(plain.summary().logLikelihood(), same.summary().logLikelihood(),
        1e-9 * Math.abs(plain.summary().logLikelihood()));
    assertClose(plain.coefficients().toArray(), same.coefficients().toArray(), 1e-9);
    assertClose(plain.intercepts().toArray(), same.intercepts().toArray(), 1e-9);
    assertClose(plain.gateParameters().toArray(), same.gateParameters().toArray(), 1e-9);
    assertEquals(plain.summary().numFreeParameters(), same.summary().numFreeParameters());
  }

  @Test
  void theGateLearnsFromItsOwnInputs() {
    Dataset<Row> df = frame(planted(300, 2), 2);
    MixtureOfExpertsModel onX = estimator().fit(df);
    MixtureOfExpertsModel onZ = estimator().setGateFeaturesCol("gate").fit(df);
    assertArrayEquals(new int[] {1, 2}, onZ.gateLayerSizes());
    assertEquals(4, onZ.gateParameters().size());
    // experts 2 x 2 coefficients + 2 noise variances + gate (1 + 1) x (2 - 1)
    assertEquals(8, onZ.summary().numFreeParameters());
    assertTrue(onZ.summary().logLikelihood() > onX.summary().logLikelihood() + 10,
        "gate on z " + onZ.summary().logLikelihood() + ", on x "
            + onX.summary().logLikelihood());
    double[] slopes = onZ.coefficients().toArray();
    int up = slopes[0] > 0 ? 0 : 1;
    assertEquals(2.0, slopes[up], 0.15);
    assertEquals(-1.5, slopes[1 - up], 0.15);
    // the gate follows z, not x: component 'up' where z > 1, the other where z < -1
    for (Row r : onZ.setGateFeaturesCol("gate").transform(df).select("z", "probability")
        .collectAsList()) {
      double z = r.getDouble(0);
      Vector pi = r.getAs(1);
      if (Math.abs(z) > 1) {
        assertTrue(pi.apply(z > 0 ? up : 1 - up) > 0.9, "pi(z = " + z + ") = " + pi);
      }
    }
  }

  @Test
  void oneAndThreePartitionsGiveTheSameModel() {
    List<Row> rows = planted(200, 3);
    // on the executors (200 rows would otherwise be fitted on the driver)
    MixtureOfExpertsModel one = fixed().setLocalRows(0).setGateFeaturesCol("gate")
        .fit(frame(rows, 1));
    MixtureOfExpertsModel three = fixed().setLocalRows(0).setGateFeaturesCol("gate")
        .fit(frame(rows, 3));
    assertEquals(one.summary().logLikelihood(), three.summary().logLikelihood(),
        1e-9 * Math.abs(one.summary().logLikelihood()));
    assertClose(one.coefficients().toArray(), three.coefficients().toArray(), 1e-9);
    assertClose(one.gateParameters().toArray(), three.gateParameters().toArray(), 1e-9);
  }

  @Test
  void badGateInputsAreNamed() {
    List<Row> rows = new ArrayList<>(planted(40, 4));
    Row r = rows.get(7);
    rows.set(7, RowFactory.create(r.get(0), r.get(1), Vectors.dense(Double.NaN), r.get(3)));
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> estimator().setGateFeaturesCol("gate").fit(frame(rows, 2)));
    assertTrue(nan.getMessage().contains("column 'gate': row 7 gate input 0 is NaN"),
        nan.getMessage());
    rows.set(7, RowFactory.create(r.get(0), r.get(1), Vectors.dense(1, 2), r.get(3)));
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> estimator().setGateFeaturesCol("gate").fit(frame(rows, 2)));
    assertTrue(length.getMessage().contains("column 'gate': row 7 has 2 gate inputs,"
        + " expected 1"), length.getMessage());
    rows.set(7, RowFactory.create(r.get(0), r.get(1), null, r.get(3)));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> estimator().setGateFeaturesCol("gate").fit(frame(rows, 2)));
    assertTrue(missing.getMessage().contains("column 'gate': row 7 is null"),
        missing.getMessage());
    Dataset<Row> df = frame(planted(40, 4), 1);
    IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
        () -> estimator().setGateFeaturesCol("concomitant").fit(df));
    assertTrue(absent.getMessage().startsWith("gateFeaturesCol: column 'concomitant' does not"
        + " exist"), absent.getMessage());
    IllegalArgumentException numeric = assertThrows(IllegalArgumentException.class,
        () -> estimator().setGateFeaturesCol("z").fit(df));
    assertTrue(numeric.getMessage().startsWith("gateFeaturesCol: column 'z' has type double;"
        + " expected a vector"), numeric.getMessage());
    IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
        () -> estimator().setGate("sparse").setGateFeaturesCol("gate").fit(df));
    assertTrue(sparse.getMessage().startsWith("gateFeaturesCol: the 'sparse' gate does not"
        + " read inputs"), sparse.getMessage());
    MixtureOfExpertsModel fitted = estimator().setMaxIter(3).setGateFeaturesCol("gate")
        .fit(df);
    IllegalArgumentException dropped = assertThrows(IllegalArgumentException.class,
        () -> fitted.setGateFeaturesCol("").transform(df));
    assertTrue(dropped.getMessage().startsWith("gateFeaturesCol: the model's gate was fitted on"
        + " 1 gate inputs of its own"), dropped.getMessage());
  }

  @Test
  void aSavedModelLoadsWithItsGateInputsAndScoresTheSame() throws Exception {
    Dataset<Row> df = frame(planted(120, 5), 2);
    MixtureOfExpertsModel model = estimator().setGateFeaturesCol("gate").fit(df);
    Path dir = Files.createTempDirectory("gateinputs").resolve("model");
    model.write().save(dir.toString());
    MixtureOfExpertsModel loaded = MixtureOfExpertsModel.load(dir.toString());
    assertEquals("gate", loaded.getGateFeaturesCol());
    assertArrayEquals(model.gateParameters().toArray(), loaded.gateParameters().toArray(), 0);
    List<Row> a = model.transform(df).select("probability", "prediction").collectAsList();
    List<Row> b = loaded.transform(df).select("probability", "prediction").collectAsList();
    assertEquals(a, b);
    assertEquals(model.logLikelihood(df), loaded.logLikelihood(df), 0);
    MixtureOfExperts estimator = estimator().setGateFeaturesCol("gate");
    Path edir = dir.resolveSibling("estimator");
    estimator.write().save(edir.toString());
    assertEquals("gate", MixtureOfExperts.load(edir.toString()).getGateFeaturesCol());
  }
}
