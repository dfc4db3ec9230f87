package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.localmodels.ZeroInflatedExperts;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * {@code family = "zipoisson"} through the Spark ML estimator on bioChemists: the same fit in
 * memory and on Spark over 1 and 3 partitions, predictions {@code Σ_k pi_k (1 - p_k) mu_k},
 * save and load under the type id, standard errors, a bad count named by labelCol.
 */
class ZeroInflatedEstimatorTest {
  @TempDir
  static Path dir;

  private static double[][] x;
  private static double[][] y;

  static {
    SharedCsv csv = SharedCsv.data("biochemists.csv");
    double[][] cols = {csv.indicator("fem", "Women"), csv.indicator("mar", "Single"),
        csv.column("kid5"), csv.column("phd"), csv.column("ment")};
    double[] art = csv.column("art");
    x = new double[art.length][5];
    y = new double[art.length][1];
    for (int i = 0; i < art.length; i++) {
      for (int j = 0; j < 5; j++) {
        x[i][j] = cols[j][i];
      }
      y[i][0] = art[i];
    }
  }

  private static MixtureOfRegressions zip() {
    return new MixtureOfRegressions().setFamily("zipoisson").setK(2).setSeed(5).setNumInit(2)
        .setMaxIter(300);
  }

  @Test
  void sameFitInMemoryAndOnOneOrThreePartitions() {
    MixtureOfRegressionsModel local = zip().fit(Spark.frame(x, y, 3));
    double ll = local.summary().logLikelihood();
    for (int partitions : new int[] {1, 3}) {
      MixtureOfRegressionsModel m = zip().setLocalRows(0).fit(Spark.frame(x, y, partitions));
      assertEquals(ll, m.summary().logLikelihood(), 1e-9 * Math.abs(ll));
      assertEquals(local.summary().numIterations(), m.summary().numIterations());
      ZeroInflatedExperts a = (ZeroInflatedExperts) local.mixtureState().experts();
      ZeroInflatedExperts b = (ZeroInflatedExperts) m.mixtureState().experts();
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < 6; j++) {
          assertEquals(a.coefficients(e)[j], b.coefficients(e)[j], 1e-9);
        }
        assertEquals(a.zeroCoefficients(e)[0], b.zeroCoefficients(e)[0], 1e-9);
      }
    }
  }

  @Test
  void predictsTheZeroInflatedMeanAndSurvivesSaveAndLoad() throws Exception {
    Dataset<Row> data = Spark.frame(x, y, 2);
    MixtureOfRegressionsModel m = zip().fit(data);
    assertEquals(2 * (6 + 1) + 1, m.summary().numFreeParameters());
    assertTrue(m.summary().hasStandardErrors());
    assertTrue(Double.isFinite(m.summary().interceptStandardErrors().apply(0)));
    ZeroInflatedExperts ex = (ZeroInflatedExperts) m.mixtureState().experts();
    double[] pi = m.mixingWeights().toArray();
    Path saved = dir.resolve("zip");
    m.write().save(saved.toString());
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertEquals("zipoisson", back.mixtureState().experts().typeId());
    List<Row> a = m.transform(data).limit(25).collectAsList();
    List<Row> b = back.transform(data).limit(25).collectAsList();
    for (int i = 0; i < a.size(); i++) {
      Vector f = a.get(i).getAs("features");
      double want = 0;
      for (int e = 0; e < 2; e++) {
        double[] w = ex.coefficients(e);
        double eta = w[5];
        for (int j = 0; j < 5; j++) {
          eta += w[j] * f.apply(j);
        }
        double zero = 1 / (1 + Math.exp(-ex.zeroCoefficients(e)[0]));
        want += pi[e] * (1 - zero) * Math.exp(eta);
      }
      assertEquals(want, a.get(i).<Double>getAs("prediction"), 1e-9 * want);
      assertEquals(want, b.get(i).<Double>getAs("prediction"), 1e-9 * want);
    }
  }

  /**
   * {@code zeroCol}: the zero part's own covariate read through the family columns; the fits
   * on Spark over 1 and 3 partitions (60 iterations each, still creeping along the flat top of
   * the likelihood, where a step halving decided on a rounding-level fall of the bound moves
   * the path by 1e-8) agree to 1e-6 and reach the
   * engine's converged fit in memory with that column (its log-likelihood to 1e-8, the zero
   * part to 1e-3: EM creeps along its flat top), and a family that reads no zero part refuses
   * the param.
   */
  @Test
  void zeroColIsTheZeroPartsCovariate() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0], x[i][4]));
    }
    StructType schema = Spark.SCHEMA.add("ment", DataTypes.DoubleType, false);
    double[][] withIntercept = new double[x.length][];
    double[][] ment = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      withIntercept[i] = Arrays.copyOf(x[i], 6);
      withIntercept[i][5] = 1;
      ment[i] = new double[] {x[i][4]};
    }
    double[] mu = {1};
    FitResult memory = new EmEngine(InMemorySource.of(withIntercept, y, null, null,
        List.of(FamilyColumn.finite("zero", "ment")), ment), List.of(), new EmConfig()
        .tol(1e-9)).fit(new MixtureState(new ZeroInflatedExperts(new GlmExperts(
            GlmFamily.POISSON, 1, 6), List.of("zero")), new HyperModelDirichlet(mu, false)));
    ZeroInflatedExperts want = (ZeroInflatedExperts) memory.state().experts();
    ZeroInflatedExperts first = null;
    for (int partitions : new int[] {1, 3}) {
      Dataset<Row> data = Spark.session().createDataFrame(rows, schema).repartition(partitions);
      MixtureOfRegressionsModel m = new MixtureOfRegressions().setFamily("zipoisson").setK(1)
          .setZeroCol("ment").setTol(1e-15).setMaxIter(60).setAcceleration(false)
          .setLocalRows(0).fit(data);
      ZeroInflatedExperts got = (ZeroInflatedExperts) m.mixtureState().experts();
      assertEquals(60, m.summary().numIterations());
      assertEquals(memory.logLikelihood(), m.summary().logLikelihood(),
          1e-8 * Math.abs(memory.logLikelihood()));
      for (int j = 0; j < 2; j++) {
        assertEquals(want.zeroCoefficients(0)[j], got.zeroCoefficients(0)[j], 1e-3);
        if (first != null) {
          assertEquals(first.zeroCoefficients(0)[j], got.zeroCoefficients(0)[j], 1e-6);
        }
      }
      first = got;
      assertTrue(got.zeroCoefficients(0)[1] < 0, "more mentor articles, fewer structural zeros");
      assertEquals(m.transform(data).count(), x.length);
    }
    String refused = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setFamily("poisson").setZeroCol("ment")
            .fit(Spark.session().createDataFrame(rows, schema))).getMessage();
    assertTrue(refused.contains("zeroCol is not supported with family 'poisson'"), refused);
  }

  @Test
  void aNegativeCountIsNamedByLabelCol() {
    double[][] bad = y.clone();
    bad[7] = new double[] {-2};
    String m = assertThrows(IllegalArgumentException.class,
        () -> zip().setLabelCol("articles")
            .fit(Spark.frame(x, bad, 1).withColumnRenamed("label", "articles"))).getMessage();
    assertTrue(m.contains("column 'articles'") && m.contains("is -2.0")
        && m.contains("zipoisson"), m);
  }
}
