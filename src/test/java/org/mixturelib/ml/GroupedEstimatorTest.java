package org.mixturelib.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * {@code groupCol} on the estimators: flexmix's npreg with {@code | id2} through Spark ML; the
 * summary counts groups and its standard errors are per group, transform gives every row its group's responsibilities, the saved
 * model keeps the group column, bad group columns are refused.
 */
class GroupedEstimatorTest {
  private static Dataset<Row> npreg;
  private static MixtureOfRegressionsModel model;

  @TempDir
  static Path dir;

  @BeforeAll
  static void fit() {
    Dataset<Row> csv = Spark.session().read().option("header", true)
        .option("inferSchema", true)
        .csv(Fixtures.shared().resolve("data").resolve("npreg.csv").toString())
        .withColumn("x2", col("x").multiply(col("x")));
    npreg = new VectorAssembler().setInputCols(new String[] {"x", "x2"})
        .setOutputCol("features").transform(csv).repartition(3);
    model = new MixtureOfRegressions().setLabelCol("yn").setGroupCol("id2").setNumInit(3)
        .fit(npreg);
  }

  @Test
  void summaryCountsGroupsAndTheDataLogLikelihoodIsTheGroupedOne() {
    MixtureSummary s = model.summary();
    assertEquals(50, s.numGroups());
    assertEquals(200, s.totalWeight(), 0);
    assertEquals(50, s.clusterSizes()[0] + s.clusterSizes()[1], 0);
    assertEquals(50, s.componentWeights()[0] + s.componentWeights()[1], 1e-9);
    assertEquals(s.logLikelihood(), model.logLikelihood(npreg), 1e-9 * 600);
    // BIC with n = 200 rows, flexmix's nobs
    assertEquals(-2 * s.logLikelihood() + s.numFreeParameters() * Math.log(200), s.bic(), 1e-9);
  }

  /** The summary's standard errors are the grouped in-memory pass's: per group, over Spark. */
  @Test
  void summaryStandardErrorsAreTheGroupedInMemoryOnes() {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    double[] yn = csv.column("yn");
    double[] id2 = csv.column("id2");
    double[][] xs = new double[x.length][];
    double[][] ys = new double[x.length][];
    Object[] groups = new Object[x.length];
    for (int i = 0; i < x.length; i++) {
      // the features, then the intercept the estimator appends
      xs[i] = new double[] {x[i], x[i] * x[i], 1};
      ys[i] = new double[] {yn[i]};
      groups[i] = id2[i];
    }
    InMemorySource local = InMemorySource.grouped(xs, ys, null, groups, false);
    StandardErrors expected = ObservedInformation.compute(local, model.mixtureState());
    StandardErrors spark = model.summary().standardErrors();
    assertEquals(expected.logLikelihood(), spark.logLikelihood(), 1e-9 * 600);
    for (int j = 0; j < expected.size(); j++) {
      assertEquals(expected.standardError(j), spark.standardError(j),
          1e-9 * expected.standardError(j), expected.name(j));
    }
  }

  @Test
  void transformGivesEveryRowItsGroupsResponsibilities() throws Exception {
    List<Row> out = model.transform(npreg).select("id2", "responsibility", "logLikelihood")
        .collectAsList();
    assertEquals(200, out.size());
    Map<Object, double[]> byGroup = new HashMap<>();
    Map<Object, Double> logLik = new HashMap<>();
    for (Row r : out) {
      double[] resp = ((Vector) r.get(1)).toArray();
      double[] first = byGroup.putIfAbsent(r.get(0), resp);
      if (first != null) {
        assertArrayEquals(first, resp, 0, "group " + r.get(0));
        assertEquals(logLik.get(r.get(0)), r.getDouble(2), 0);
      }
      logLik.putIfAbsent(r.get(0), r.getDouble(2));
    }
    assertEquals(50, byGroup.size());
    double total = logLik.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(model.summary().logLikelihood(), total, 1e-9 * 600);
    // the saved model keeps its group column and scores alike
    String path = dir.resolve("grouped").toString();
    model.write().save(path);
    MixtureOfRegressionsModel loaded = MixtureOfRegressionsModel.load(path);
    assertEquals("id2", loaded.getGroupCol());
    List<Row> again = loaded.transform(npreg).select("id2", "responsibility").collectAsList();
    for (Row r : again) {
      assertArrayEquals(byGroup.get(r.get(0)), ((Vector) r.get(1)).toArray(), 1e-12);
    }
  }

  @Test
  void badGroupColumnsAreRefusedNamingTheColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setLabelCol("yn").setGroupCol("features").fit(npreg));
    assertTrue(e.getMessage().contains("groupCol: column 'features' has type"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setLabelCol("yn").setGroupCol("nope").fit(npreg));
    assertTrue(e.getMessage().contains("groupCol: column 'nope' does not exist"),
        e.getMessage());
    // the linear gate reads x, which varies inside every id2 group
    e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfExperts().setLabelCol("yn").setGroupCol("id2").fit(npreg));
    assertTrue(e.getMessage().contains("column 'features'")
        && e.getMessage().contains("the rows of group '"), e.getMessage());
  }
}
