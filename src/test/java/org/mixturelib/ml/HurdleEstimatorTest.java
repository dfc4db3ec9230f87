package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.HurdleExperts;
import org.mixturelib.localmodels.ZeroInflatedExperts;
import org.mixturelib.localmodels.ZeroPart;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * The hurdle families and {@code zeroFeaturesCol} through the Spark ML estimator on
 * bioChemists, the zero part reading the vector [ment, kid5]: the same fit in memory and on
 * Spark over 1 and 3 partitions; the engine's fit with the same columns given as family
 * columns; predictions {@code Σ_k pi_k p_k mu_k / (1 - f_k(0))}; save and load under the type
 * id with the entries' names; a zero-inflated family through the same param; bad params named.
 */
class HurdleEstimatorTest {
  @TempDir
  static Path dir;

  private static final double[][] X;
  private static final double[][] Y;
  private static final double[][] Z;
  private static final List<Row> ROWS = new ArrayList<>();
  private static final StructType SCHEMA = Spark.SCHEMA.add("zf", new VectorUDT(), false)
      .add("ment", DataTypes.DoubleType, false);

  static {
    SharedCsv csv = SharedCsv.data("biochemists.csv");
    double[][] cols = {csv.indicator("fem", "Women"), csv.indicator("mar", "Single"),
        csv.column("kid5"), csv.column("phd"), csv.column("ment")};
    double[] art = csv.column("art");
    X = new double[art.length][5];
    Y = new double[art.length][1];
    Z = new double[art.length][2];
    for (int i = 0; i < art.length; i++) {
      for (int j = 0; j < 5; j++) {
        X[i][j] = cols[j][i];
      }
      Y[i][0] = art[i];
      Z[i][0] = cols[4][i];
      Z[i][1] = cols[2][i];
      ROWS.add(RowFactory.create(Vectors.dense(X[i]), Y[i][0], Vectors.dense(Z[i]),
          Z[i][0]));
    }
  }

  static Dataset<Row> frame(int partitions) {
    return Spark.session().createDataFrame(ROWS, SCHEMA).repartition(partitions);
  }

  private static MixtureOfRegressions hurdle(String family, int k) {
    return new MixtureOfRegressions().setFamily(family).setK(k).setSeed(5).setNumInit(2)
        .setMaxIter(300).setZeroFeaturesCol("zf");
  }

  /**
   * Two hurdle Poisson components, each converged to a tolerance of 1e-12: in memory and over 1
   * and 3 partitions, the log-likelihood to 1e-9 relative. The paths differ in rounding where a
   * step halving is decided on a rounding-level fall of the bound on the likelihood's flat top
   * (the iteration counts differ by a few), so the coefficients agree to 1e-5.
   */
  @Test
  void sameFitInMemoryAndOnOneOrThreePartitions() {
    MixtureOfRegressionsModel local = hurdle("hurdlepoisson", 2).setTol(1e-12).setMaxIter(3000)
        .fit(frame(3));
    double ll = local.summary().logLikelihood();
    HurdleExperts a = (HurdleExperts) local.mixtureState().experts();
    for (int partitions : new int[] {1, 3}) {
      MixtureOfRegressionsModel m = hurdle("hurdlepoisson", 2).setTol(1e-12).setMaxIter(3000)
          .setLocalRows(0).fit(frame(partitions));
      assertTrue(m.summary().converged());
      assertEquals(ll, m.summary().logLikelihood(), 1e-9 * Math.abs(ll));
      HurdleExperts b = (HurdleExperts) m.mixtureState().experts();
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < 6; j++) {
          assertEquals(a.coefficients(e)[j], b.coefficients(e)[j], 1e-5);
        }
        for (int j = 0; j < 3; j++) {
          assertEquals(a.zeroCoefficients(e)[j], b.zeroCoefficients(e)[j], 1e-5);
        }
      }
    }
  }

  /**
   * One hurdle negative binomial component with zeroFeaturesCol: the engine's fit with ment
   * and kid5 as family columns (log-likelihood to 1e-8, coefficients to 1e-5); the entries
   * named 'zf[0]', 'zf[1]' (the column has no ML attributes) in the standard errors'
   * names; the predicted hurdle mean; the same after save and load, names kept.
   */
  @Test
  void zeroFeaturesColFeedsTheHurdleAndSurvivesSaveAndLoad() throws Exception {
    double[][] withIntercept = new double[X.length][];
    for (int i = 0; i < X.length; i++) {
      withIntercept[i] = java.util.Arrays.copyOf(X[i], 6);
      withIntercept[i][5] = 1;
    }
    FitResult memory = new EmEngine(InMemorySource.of(withIntercept, Y, null, null,
        List.of(FamilyColumn.finite("m", "ment"), FamilyColumn.finite("k", "kid5")), Z),
        List.of(), new EmConfig().tol(1e-12).maxIter(2000)).fit(new MixtureState(
            new HurdleExperts(new GlmExperts(GlmFamily.NEGBIN, 1, 6), List.of("m", "k")),
            new HyperModelDirichlet(new double[] {1}, false)));
    HurdleExperts want = (HurdleExperts) memory.state().experts();
    Dataset<Row> data = frame(2);
    MixtureOfRegressionsModel m = hurdle("hurdlenegbin", 1).setTol(1e-12).setMaxIter(2000)
        .fit(data);
    assertArrayEquals(new String[] {"zf[0]", "zf[1]"}, m.getZeroFeaturesNames());
    HurdleExperts got = (HurdleExperts) m.mixtureState().experts();
    assertEquals(memory.logLikelihood(), m.summary().logLikelihood(), 1e-8 * 1600);
    for (int j = 0; j < 3; j++) {
      assertEquals(want.zeroCoefficients(0)[j], got.zeroCoefficients(0)[j], 1e-5);
    }
    for (int j = 0; j < 6; j++) {
      assertEquals(want.coefficients(0)[j], got.coefficients(0)[j], 1e-5);
    }
    assertEquals(List.of("zf[0]", "zf[1]"), got.zeroTerms());
    assertTrue(m.summary().hasStandardErrors());
    Path saved = dir.resolve("hurdle");
    m.write().save(saved.toString());
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertEquals("hurdlenegbin", back.mixtureState().experts().typeId());
    assertArrayEquals(m.getZeroFeaturesNames(), back.getZeroFeaturesNames());
    assertEquals(List.of("zf[0]", "zf[1]"), ((ZeroPart) back.mixtureState().experts())
        .zeroTerms());
    double theta = got.countExperts().reportedShapes()[0];
    List<Row> a = m.transform(data).limit(25).collectAsList();
    List<Row> b = back.transform(data).limit(25).collectAsList();
    for (int i = 0; i < a.size(); i++) {
      Vector f = a.get(i).getAs("features");
      Vector z = a.get(i).getAs("zf");
      double[] w = got.coefficients(0);
      double eta = w[5];
      for (int j = 0; j < 5; j++) {
        eta += w[j] * f.apply(j);
      }
      double[] g = got.zeroCoefficients(0);
      double positive = 1 / (1 + Math.exp(-g[0] - g[1] * z.apply(0) - g[2] * z.apply(1)));
      double mu = Math.exp(eta);
      double f0 = Math.pow(theta / (theta + mu), theta);
      double mean = positive * mu / (1 - f0);
      assertEquals(mean, a.get(i).<Double>getAs("prediction"), 1e-9 * mean);
      assertEquals(mean, b.get(i).<Double>getAs("prediction"), 1e-9 * mean);
    }
  }

  /**
   * A zero-inflated family reads zeroFeaturesCol too: a one-entry vector [ment] gives the fit
   * of zeroCol 'ment'.
   */
  @Test
  void zeroInflationReadsTheVectorAsZeroColDoes() {
    List<Row> rows = new ArrayList<>();
    for (Row r : ROWS) {
      rows.add(RowFactory.create(r.get(0), r.get(1), Vectors.dense(r.getDouble(3)),
          r.get(3)));
    }
    Dataset<Row> data = Spark.session().createDataFrame(rows, SCHEMA);
    MixtureOfRegressions zip = new MixtureOfRegressions().setFamily("zipoisson").setK(1)
        .setTol(1e-10).setMaxIter(500);
    MixtureOfRegressionsModel byVector = zip.copy(new org.apache.spark.ml.param.ParamMap())
        .setZeroFeaturesCol("zf").setZeroFeaturesNames(new String[] {"ment"}).fit(data);
    MixtureOfRegressionsModel byColumn = zip.setZeroCol("ment").fit(data);
    assertEquals(byColumn.summary().logLikelihood(), byVector.summary().logLikelihood(), 1e-9);
    ZeroInflatedExperts v = (ZeroInflatedExperts) byVector.mixtureState().experts();
    ZeroInflatedExperts c = (ZeroInflatedExperts) byColumn.mixtureState().experts();
    assertArrayEquals(c.zeroCoefficients(0), v.zeroCoefficients(0), 1e-9);
    assertEquals(List.of("ment"), v.zeroTerms());
    assertEquals(List.of("ment"), c.zeroTerms());
  }

  /** Refusals, each naming its param or column. */
  @Test
  void badZeroColumnsAreNamed() {
    Dataset<Row> data = frame(1);
    String both = assertThrows(IllegalArgumentException.class, () -> hurdle("hurdlepoisson", 1)
        .setZeroCol("ment").fit(data)).getMessage();
    assertTrue(both.contains("zeroCol or zeroFeaturesCol, not both"), both);
    String scalar = assertThrows(IllegalArgumentException.class, () -> hurdle("hurdlepoisson",
        1).setZeroFeaturesCol("ment").fit(data)).getMessage();
    assertTrue(scalar.contains("zeroFeaturesCol: column 'ment'") && scalar.contains("vector"),
        scalar);
    String other = assertThrows(IllegalArgumentException.class, () -> hurdle("poisson", 1)
        .fit(data)).getMessage();
    assertTrue(other.contains("zeroFeaturesCol is not supported with family 'poisson'"), other);
    String width = assertThrows(IllegalArgumentException.class, () -> hurdle("hurdlepoisson",
        1).setZeroFeaturesNames(new String[] {"ment"}).fit(data)).getMessage();
    assertTrue(width.contains("zeroFeaturesCol: column 'zf' has 2 entries but"
        + " zeroFeaturesNames names 1"), width);
    double[][] bad = Y.clone();
    bad[3] = new double[] {1.5};
    String count = assertThrows(IllegalArgumentException.class, () -> new MixtureOfRegressions()
        .setFamily("hurdlenegbin").setK(1).setLabelCol("articles")
        .fit(Spark.frame(X, bad, 1).withColumnRenamed("label", "articles"))).getMessage();
    assertTrue(count.contains("column 'articles'") && count.contains("is 1.5")
        && count.contains("hurdlenegbin"), count);
  }
}
