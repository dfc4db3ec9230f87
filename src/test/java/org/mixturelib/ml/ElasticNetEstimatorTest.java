package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.DescribedExperts;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.support.Spark;

/**
 * The elastic net through the Spark ML estimator: params penalty and alpha reach the experts
 * (the planted zeros of a binomial fit with penalty 'auto' are found), the summary's note
 * gives lambda and the zeroed coefficients, standard errors exist for the nonzero coefficients
 * only, save and load keep the penalty and lambda, and bad values name their param.
 */
class ElasticNetEstimatorTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("y", DataTypes.DoubleType, false, Metadata.empty())});
  /** Planted logit coefficients of the four features; the intercept is 0.3. */
  private static final double[] TRUTH = {1.2, 0, -1, 0};

  private static Dataset<Row> frame() {
    Random r = new Random(31);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double[] x = new double[4];
      double eta = 0.3;
      for (int j = 0; j < 4; j++) {
        x[j] = r.nextGaussian();
        eta += TRUTH[j] * x[j];
      }
      rows.add(RowFactory.create(Vectors.dense(x),
          r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1.0 : 0.0));
    }
    return Spark.session().createDataFrame(rows, SCHEMA).repartition(2);
  }

  private static MixtureOfRegressions binomial() {
    return new MixtureOfRegressions().setFamily("binomial").setLabelCol("y").setK(1)
        .setTol(1e-10);
  }

  @Test
  void autoFindsThePlantedZerosAndSavesItsLambda(@TempDir Path dir) throws Exception {
    Dataset<Row> data = frame();
    MixtureOfRegressionsModel m = binomial().setPenalty("auto").fit(data);
    assertEquals("auto", m.getPenalty());
    for (int j = 0; j < 4; j++) {
      double w = m.coefficients().apply(0, j);
      assertEquals(TRUTH[j] == 0, w == 0, "coefficient " + j + " is " + w);
      assertEquals(TRUTH[j], w, 0.15, "coefficient " + j);
    }
    GlmExperts experts = (GlmExperts) m.mixtureState().experts();
    double lambda = experts.lambdas()[0];
    assertTrue(lambda > 0, "chosen lambda " + lambda);
    String note = DescribedExperts.of(experts).summaryNote();
    assertTrue(note.contains("elastic net, alpha 1.0, lambda chosen by EBIC")
        && note.contains("2 of 5 coefficients zero (1,3)"), note);
    assertEquals(3, m.summary().numFreeParameters(), "the nonzero coefficients");

    StandardErrors se = m.summary().standardErrors();
    for (int j = 0; j < 5; j++) {
      double s = se.standardError(se.layout().expert(0, j));
      boolean zero = j < 4 && TRUTH[j] == 0;
      assertEquals(zero, Double.isNaN(s), "standard error of coefficient " + j + ": " + s);
    }

    String path = dir.resolve("model").toString();
    m.write().save(path);
    MixtureOfRegressionsModel loaded = MixtureOfRegressionsModel.load(path);
    assertEquals(lambda, ((GlmExperts) loaded.mixtureState().experts()).lambdas()[0]);
    assertEquals(m.transform(data).collectAsList(), loaded.transform(data).collectAsList());
  }

  @Test
  void aGivenLambdaAndAlphaReachTheExperts() {
    MixtureOfRegressionsModel m = binomial().setPenalty(0.05).setAlpha(0.5).fit(frame());
    GlmExperts experts = (GlmExperts) m.mixtureState().experts();
    assertEquals(0.05, experts.lambdas()[0]);
    assertEquals(0.5, experts.penalty().alpha());
  }

  @Test
  void badValuesNameTheirParam() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> binomial().setPenalty("-1"));
    assertTrue(e.getMessage().contains("penalty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> binomial().setPenalty("lots"));
    assertTrue(e.getMessage().contains("penalty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> binomial().setAlpha(1.5));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> binomial().setAlpha(0.5).fit(frame()));
    assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("penalty"),
        e.getMessage());
  }
}
