package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mixturelib.support.Spark;

/**
 * zeroFeaturesCol's vectors must have as many entries as the zero part's names, in every row:
 * a longer or shorter vector at transform (or in a later row at fit) is an error naming the
 * column and both sizes, never truncated.
 */
class ZeroFeaturesWidthTest {
  private static final StructType SCHEMA = Spark.SCHEMA.add("zf", new VectorUDT(), false);
  private static MixtureOfRegressionsModel model;

  /** Rows of a zero-inflated Poisson whose zero part reads {@code width} entries. */
  private static Dataset<Row> rows(int n, int width, int oddRow, int oddWidth) {
    Random r = new Random(3);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = r.nextGaussian();
      double[] z = new double[i == oddRow ? oddWidth : width];
      for (int j = 0; j < z.length; j++) {
        z[j] = r.nextGaussian();
      }
      double mu = Math.exp(0.5 + 0.4 * x);
      int y = 0;
      if (r.nextDouble() > 0.3) { // Poisson by inversion
        double p = Math.exp(-mu);
        double c = p;
        double u = r.nextDouble();
        while (u > c) {
          y++;
          p *= mu / y;
          c += p;
        }
      }
      out.add(RowFactory.create(Vectors.dense(x), (double) y, Vectors.dense(z)));
    }
    return Spark.session().createDataFrame(out, SCHEMA);
  }

  private static MixtureOfRegressions estimator() {
    return new MixtureOfRegressions().setFamily("zipoisson").setK(1).setMaxIter(50)
        .setZeroFeaturesCol("zf");
  }

  @BeforeAll
  static void fit() {
    model = estimator().fit(rows(300, 2, -1, 2));
    assertEquals(2, model.getZeroFeaturesNames().length);
  }

  private static String transformError(Dataset<Row> data) {
    Exception e = assertThrows(Exception.class, () -> model.transform(data).collectAsList());
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void aLongerVectorAtTransformIsRefusedNamingTheColumnAndBothSizes() {
    String m = transformError(rows(20, 3, -1, 3));
    assertTrue(m.contains("column 'zf'") && m.contains("has 3 entries; expected 2"), m);
  }

  @Test
  void aShorterVectorInOneRowAtTransformIsRefused() {
    String m = transformError(rows(20, 2, 7, 1));
    assertTrue(m.contains("column 'zf': row 7 has 1 entries; expected 2"), m);
  }

  @Test
  void aLaterRowOfAnotherWidthAtFitIsRefused() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> estimator().fit(rows(300, 2, 150, 3))).getMessage();
    assertTrue(m.contains("column 'zf'") && m.contains("has 3 entries; expected 2"), m);
  }

  @Test
  void rightWidthScores() {
    assertEquals(20, model.transform(rows(20, 2, -1, 2)).count());
  }
}
