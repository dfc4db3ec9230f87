package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.linalg.Matrix;
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
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.MultinomialExperts;
import org.mixturelib.support.Spark;

/**
 * Family 'multinomial' through the Spark ML estimator: the in-memory engine and Spark on 1 and
 * 3 partitions agree to 1e-9; a string label is indexed by its sorted levels (the same fit as
 * its indices) and the model predicts a level index whose nominal attribute names the levels,
 * with the level probabilities beside it; save and load keep the levels; bad labels are
 * refused naming the column and the value.
 */
class MultinomialEstimatorTest {
  /** Sorted, so that a string label's indices are the planted ones. */
  private static final String[] LEVELS = {"bus", "car", "train"};
  private static final int N = 1500;
  private static final double[][] PLANTED = {{1.5, 2.0, -1.0, 1.0}, {-1.0, -2.0, 1.0, -1.5}};

  /** x uniform on [-2, 2]; rows alternate between the two planted components. */
  private static double[][] rows() {
    Random r = new Random(11L);
    double[][] xy = new double[N][2];
    for (int i = 0; i < N; i++) {
      double[] c = PLANTED[i % 2];
      double x = 4 * r.nextDouble() - 2;
      double e1 = Math.exp(c[0] + c[1] * x);
      double e2 = Math.exp(c[2] + c[3] * x);
      double u = r.nextDouble() * (1 + e1 + e2);
      xy[i][0] = x;
      xy[i][1] = u < 1 ? 0 : u < 1 + e1 ? 1 : 2;
    }
    return xy;
  }

  private static Dataset<Row> frame(double[][] xy, boolean strings, int partitions) {
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", strings ? DataTypes.StringType : DataTypes.DoubleType, false,
            Metadata.empty())});
    List<Row> out = new ArrayList<>();
    for (double[] row : xy) {
      out.add(RowFactory.create(Vectors.dense(row[0]),
          strings ? LEVELS[(int) row[1]] : (Object) row[1]));
    }
    // contiguous slices in order: every row keeps its index, whatever the partitions
    return Spark.session().createDataFrame(JavaSparkContext.fromSparkContext(
        Spark.session().sparkContext()).parallelize(out, partitions), schema);
  }

  private static MixtureOfRegressions estimator() {
    return new MixtureOfRegressions().setFamily("multinomial").setNumInit(2).setTol(1e-13)
        .setMaxIter(40).setLocalRows(0).setSeed(5L);
  }

  @Test
  void inMemoryAndSparkOnOneAndThreePartitionsAgree() {
    double[][] xy = rows();
    MixtureOfRegressions est = estimator();
    double[][] x = new double[N][];
    double[][] y = new double[N][];
    for (int i = 0; i < N; i++) {
      x[i] = new double[] {xy[i][0], 1}; // the intercept last, as the estimator appends it
      y[i] = new double[] {xy[i][1]};
    }
    FitResult ref = new EmEngine(InMemorySource.of(x, y, null), List.of(), est.engineConfig())
        .fit(new MixtureState(MultinomialExperts.indexed(2, 2, 3),
            new HyperModelDirichlet(new double[] {1, 1}, false)));
    double[] refCoef = new double[8];
    MultinomialExperts e = (MultinomialExperts) ref.state().experts();
    for (int k = 0; k < 2; k++) {
      System.arraycopy(e.coefficients(k), 0, refCoef, 4 * k, 4);
    }
    for (int partitions : new int[] {1, 3}) {
      for (boolean strings : new boolean[] {false, true}) {
        MixtureOfRegressionsModel m = est.fit(frame(xy, strings, partitions));
        String what = partitions + " partitions, " + (strings ? "string" : "index") + " label";
        assertEquals(ref.logLikelihood(), m.summary().logLikelihood(),
            1e-9 * Math.abs(ref.logLikelihood()), what);
        Matrix coef = m.coefficients();
        double[] icpt = m.intercepts().toArray();
        for (int k = 0; k < 2; k++) {
          for (int l = 0; l < 2; l++) {
            assertEquals(refCoef[4 * k + 2 * l], coef.apply(2 * k + l, 0), 1e-9, what);
            assertEquals(refCoef[4 * k + 2 * l + 1], icpt[2 * k + l], 1e-9, what);
          }
        }
        assertArrayEquals(strings ? LEVELS : new String[] {"0", "1", "2"}, m.levels(), what);
        assertArrayEquals(m.levels(), m.getLabelLevels(), what);
      }
    }
  }

  @Test
  void aStringLabelPredictsItsLevelsAndSavesThem(@TempDir Path dir) throws Exception {
    Dataset<Row> data = frame(rows(), true, 2);
    MixtureOfRegressionsModel m = estimator().setMaxIter(10).fit(data);
    Dataset<Row> scored = m.transform(data);
    Attribute attr = Attribute.fromStructField(scored.schema().apply("prediction"));
    assertArrayEquals(LEVELS, ((NominalAttribute) attr).values().get());
    List<Row> got = scored.limit(50).collectAsList();
    for (Row r : got) {
      double[] p = ((Vector) r.getAs("levelProbability")).toArray();
      assertEquals(3, p.length);
      assertEquals(1, p[0] + p[1] + p[2], 1e-12);
      int best = p[1] > p[0] ? (p[2] > p[1] ? 2 : 1) : (p[2] > p[0] ? 2 : 0);
      assertEquals(best, (double) r.getAs("prediction"), 0);
      assertEquals(1, ((Vector) r.getAs("responsibility")).toArray().length == 2 ? 1 : 0);
      assertTrue(Double.isFinite(r.getAs("logLikelihood")));
    }
    assertTrue(!List.of(scored.columns()).contains("predictionStd"));
    List<Row> names = new IndexToString().setInputCol("prediction").setOutputCol("name")
        .transform(scored).limit(5).collectAsList();
    for (Row r : names) {
      assertEquals(LEVELS[(int) (double) r.getAs("prediction")], r.getAs("name"));
    }
    m.write().save(dir.resolve("m").toString());
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(dir.resolve("m").toString());
    assertArrayEquals(LEVELS, back.levels());
    assertArrayEquals(m.coefficients().toArray(), back.coefficients().toArray(), 0);
    assertEquals(m.logLikelihood(data), back.logLikelihood(data), 0);
  }

  @Test
  void badLabelsAreRefusedNamingTheColumnAndTheValue() {
    Dataset<Row> data = frame(rows(), true, 2);
    MixtureOfRegressionsModel m = estimator().setMaxIter(3).fit(data);
    StructType schema = data.schema();
    Dataset<Row> plane = Spark.session().createDataFrame(List.of(
        RowFactory.create(Vectors.dense(0.5), "plane")), schema);
    Exception e = assertThrows(Exception.class, () -> m.transform(plane).collectAsList());
    assertTrue(messages(e).contains("labelCol: column 'label' holds 'plane', which is not one of"
        + " the model's levels [bus, car, train]"), messages(e));

    double[][] half = rows();
    half[7][1] = 1.5;
    IllegalArgumentException nonInteger = assertThrows(IllegalArgumentException.class,
        () -> estimator().fit(frame(half, false, 2)));
    assertTrue(nonInteger.getMessage().contains("column 'label' holds 1.5"),
        nonInteger.getMessage());

    double[][] one = rows();
    for (double[] r : one) {
      r[1] = 0;
    }
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> estimator().fit(frame(one, true, 2)));
    assertTrue(single.getMessage().contains("at least 2 levels"), single.getMessage());

    IllegalArgumentException levelsElsewhere = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setLabelLevels(LEVELS).fit(frame(rows(), false, 1)));
    assertTrue(levelsElsewhere.getMessage().contains("labelLevels applies to"),
        levelsElsewhere.getMessage());
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
