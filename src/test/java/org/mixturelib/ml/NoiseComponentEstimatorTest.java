package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.localmodels.NoiseExperts;
import org.mixturelib.support.Spark;

/**
 * {@code noiseComponent} through the Spark ML estimator: the same fit in memory and on Spark
 * over 1 and 3 partitions, the noise component's predictions (the answer's mean), save and
 * load under the wrapped type id (and without it once minPrior removed the noise component),
 * standard errors for the real components only, bad settings named by param.
 */
class NoiseComponentEstimatorTest {
  @TempDir
  static Path dir;

  private static final double[][] X;
  private static final double[][] Y;

  static {
    Random rnd = new Random(7);
    int n = 1000;
    X = new double[n][1];
    Y = new double[n][1];
    for (int i = 0; i < n; i++) {
      double x = 4 * rnd.nextDouble() - 2;
      X[i][0] = x;
      Y[i][0] = (i % 2 == 0 ? 1 + 2 * x : -2 - x) + 0.3 * rnd.nextGaussian()
          + (i % 20 == 3 ? 40 + 20 * rnd.nextDouble() : 0);
    }
  }

  private static MixtureOfRegressions robust() {
    return new MixtureOfRegressions().setK(3).setNoiseComponent(true).setSeed(3).setNumInit(3);
  }

  @Test
  void sameFitInMemoryAndOnOneOrThreePartitions() {
    MixtureOfRegressionsModel local = robust().fit(Spark.frame(X, Y, 3));
    MixtureOfRegressionsModel one = robust().setLocalRows(0).fit(Spark.frame(X, Y, 1));
    MixtureOfRegressionsModel three = robust().setLocalRows(0).fit(Spark.frame(X, Y, 3));
    double ll = local.summary().logLikelihood();
    for (MixtureOfRegressionsModel m : List.of(one, three)) {
      assertEquals(ll, m.summary().logLikelihood(), 1e-9 * Math.abs(ll));
      assertEquals(local.summary().numIterations(), m.summary().numIterations());
      for (int c = 0; c < 3; c++) {
        assertEquals(local.intercepts().apply(c), m.intercepts().apply(c), 1e-9);
        assertEquals(local.coefficients().apply(c, 0), m.coefficients().apply(c, 0), 1e-9);
      }
    }
  }

  @Test
  void noisePredictsTheMeanAndSurvivesSaveAndLoad() throws Exception {
    Dataset<Row> data = Spark.frame(X, Y, 2);
    MixtureOfRegressionsModel m = robust().fit(data);
    double mean = 0;
    for (double[] y : Y) {
      mean += y[0] / Y.length;
    }
    assertEquals(mean, m.intercepts().apply(2), 1e-9, "noise intercept");
    assertEquals(0, m.coefficients().apply(2, 0), 0.0, "noise slope");
    assertEquals(0.05, m.mixingWeights().apply(2), 0.01, "noise weight");
    assertTrue(m.summary().hasStandardErrors());
    assertTrue(Double.isFinite(m.summary().interceptStandardErrors().apply(0)));
    assertTrue(Double.isNaN(m.summary().interceptStandardErrors().apply(2)));
    assertEquals(3 + 3 + 2, m.summary().numFreeParameters(), "two lines with sd, two weights");
    Path saved = dir.resolve("noise");
    m.write().save(saved.toString());
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertTrue(back.mixtureState().experts() instanceof NoiseExperts);
    assertEquals("gaussian+noise", back.mixtureState().experts().typeId());
    List<Row> a = m.transform(data).limit(30).collectAsList();
    List<Row> b = back.transform(data).limit(30).collectAsList();
    double[] pi = m.mixingWeights().toArray();
    for (int i = 0; i < a.size(); i++) {
      Vector comps = a.get(i).getAs("componentPredictions");
      assertEquals(mean, comps.apply(2), 1e-9);
      double want = 0;
      for (int c = 0; c < 3; c++) {
        want += pi[c] * comps.apply(c);
      }
      assertEquals(want, a.get(i).<Double>getAs("prediction"), 1e-9);
      assertEquals(a.get(i).<Double>getAs("prediction"), b.get(i).<Double>getAs("prediction"),
          0.0);
    }
  }

  /**
   * Without outliers the noise component's weight falls below minPrior and the engine removes
   * it: the model holds the plain experts, and saves and loads as such.
   */
  @Test
  void aModelWhoseNoiseComponentWasRemovedSavesAndLoads() throws Exception {
    Dataset<Row> data = withoutOutliers();
    MixtureOfRegressionsModel m = robust().setMinPrior(0.05).fit(data);
    assertEquals(2, m.numComponents(), "the noise component is removed");
    assertTrue(!(m.mixtureState().experts() instanceof NoiseExperts));
    Path saved = dir.resolve("removed-noise");
    m.write().save(saved.toString());
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertEquals(2, back.numComponents());
    assertEquals("gaussian", back.mixtureState().experts().typeId());
    assertTrue(!back.getNoiseComponent());
    for (int c = 0; c < 2; c++) {
      assertEquals(m.intercepts().apply(c), back.intercepts().apply(c), 0.0);
    }
    assertSamePredictions(m, back, data);
    MixtureOfRegressionsModel again = back.copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals(2, again.numComponents());
  }

  @Test
  void badSettingsAreNamed() {
    Dataset<Row> data = Spark.frame(X, Y, 1);
    String k1 = assertThrows(IllegalArgumentException.class,
        () -> robust().setK(1).fit(data)).getMessage();
    assertTrue(k1.contains("noiseComponent needs k >= 2"), k1);
    String noIntercept = assertThrows(IllegalArgumentException.class,
        () -> robust().setFitIntercept(false).fit(data)).getMessage();
    assertTrue(noIntercept.contains("noiseComponent needs fitIntercept"), noIntercept);
    String binomial = assertThrows(IllegalArgumentException.class,
        () -> robust().setFamily("binomial").fit(Spark.frame(X, new double[X.length][1], 1)))
        .getMessage();
    assertTrue(binomial.contains("noiseComponent is defined for the families"), binomial);
  }

  /**
   * A model saved before session 7 whose noise component minPrior had removed: its metadata kept
   * {@code noiseComponent} true beside the plain experts in {@code data.json} (commit d527e3d
   * made the save write false; that was the only change to the folder). Such a folder, written
   * here by today's writer with the param put back to true as the old one wrote it, loads as the
   * plain family and scores as the model did.
   */
  @Test
  void theOldLayoutOfARemovedNoiseComponentLoadsAsThePlainFamily() throws Exception {
    Dataset<Row> data = withoutOutliers();
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setK(3).setNoiseComponent(true)
        .setSeed(3).setNumInit(3).setMinPrior(0.05).fit(data);
    assertEquals(2, m.numComponents(), "the noise component is removed");
    Path saved = dir.resolve("old-layout");
    m.write().save(saved.toString());
    Path metadata = saved.resolve("metadata");
    String text = Files.readString(metadata, StandardCharsets.UTF_8);
    String today = "\"noiseComponent\":false";
    assertTrue(text.contains(today), text);
    Files.writeString(metadata, text.replace(today, "\"noiseComponent\":true"),
        StandardCharsets.UTF_8);
    Files.deleteIfExists(saved.resolve(".metadata.crc"));
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertEquals("gaussian", back.mixtureState().experts().typeId());
    assertTrue(!back.getNoiseComponent());
    assertEquals(2, back.numComponents());
    assertSamePredictions(m, back, data);
  }

  /** 600 rows of two lines, 1 + 2x and -2 - x (sd 0.3), with no outliers. */
  private static Dataset<Row> withoutOutliers() {
    Random rnd = new Random(11);
    int n = 600;
    double[][] x = new double[n][1];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = 4 * rnd.nextDouble() - 2;
      y[i][0] = (i % 2 == 0 ? 1 + 2 * x[i][0] : -2 - x[i][0]) + 0.3 * rnd.nextGaussian();
    }
    return Spark.frame(x, y, 2);
  }

  private static void assertSamePredictions(MixtureOfRegressionsModel m,
      MixtureOfRegressionsModel back, Dataset<Row> data) {
    List<Row> a = m.transform(data).limit(30).collectAsList();
    List<Row> b = back.transform(data).limit(30).collectAsList();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).<Double>getAs("prediction"), b.get(i).<Double>getAs("prediction"),
          0.0);
    }
  }
}
