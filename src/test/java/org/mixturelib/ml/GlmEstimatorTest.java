package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.support.RowChecks;
import org.mixturelib.support.SharedCsv;
import org.mixturelib.support.Spark;

/**
 * The GLM families through the Spark ML estimators: family, link, offsetCol and trialsCol;
 * prediction on the response scale; coefficients and dispersions; save and load; bad input
 * named by column or param.
 */
class GlmEstimatorTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("exposure", DataTypes.DoubleType, true, Metadata.empty()),
      new StructField("n", DataTypes.DoubleType, true, Metadata.empty())});

  private static Dataset<Row> frame(double[] x, double[] y, double[] offset, double[] trials,
      int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i], offset == null ? 0.0 : offset[i],
          trials == null ? 1.0 : trials[i]));
    }
    return Spark.session().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  private static Dataset<Row> npregPoisson(double[] offset) {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    return frame(csv.column("x"), csv.column("yp"), offset, null, 2);
  }

  @Test
  void poissonMixtureMatchesFlexmixAndPredictsOnTheResponseScale() {
    Dataset<Row> data = npregPoisson(null);
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setFamily("poisson").fit(data);
    assertTrue(m.summary().logLikelihood() >= -440.6408 - 1e-3,
        "log-likelihood " + m.summary().logLikelihood());
    // 2 x (slope, intercept) + 1 mixing weight: no dispersion
    assertEquals(5, m.summary().numFreeParameters());
    assertArrayEquals(new double[] {1, 1}, m.dispersions().toArray());
    double[] pi = m.mixingWeights().toArray();
    double[] slope = {m.coefficients().apply(0, 0), m.coefficients().apply(1, 0)};
    double[] intercept = m.intercepts().toArray();
    for (Row r : m.transform(data).limit(20).collectAsList()) {
      double x = ((Vector) r.getAs("features")).apply(0);
      double want = 0;
      for (int c = 0; c < 2; c++) {
        want += pi[c] * Math.exp(intercept[c] + slope[c] * x);
      }
      assertEquals(want, r.<Double>getAs("prediction"), 1e-9 * want);
    }
  }

  /** A constant offset c shifts every intercept by -c and leaves the fit otherwise the same. */
  @Test
  void aConstantOffsetShiftsTheIntercepts() {
    double c = 0.7;
    double[] offset = new double[200];
    Arrays.fill(offset, c);
    // one frame for both (row order after repartition depends on the rows' content), and a
    // fixed number of iterations (tol out of reach), so that both fits take the same path
    Dataset<Row> data = npregPoisson(offset).cache();
    MixtureOfRegressionsModel plain = new MixtureOfRegressions().setFamily("poisson")
        .setNumInit(2).setTol(1e-13).setMaxIter(20).fit(data);
    MixtureOfRegressionsModel shifted = new MixtureOfRegressions().setFamily("poisson")
        .setNumInit(2).setTol(1e-13).setMaxIter(20).setOffsetCol("exposure").fit(data);
    assertEquals(plain.summary().logLikelihood(), shifted.summary().logLikelihood(),
        1e-10 * Math.abs(plain.summary().logLikelihood()));
    for (int e = 0; e < 2; e++) {
      assertEquals(plain.intercepts().apply(e) - c, shifted.intercepts().apply(e), 1e-9);
      assertEquals(plain.coefficients().apply(e, 0), shifted.coefficients().apply(e, 0), 1e-9);
    }
    // predictions read the offset too
    Row a = plain.transform(data).first();
    Row b = shifted.transform(data).first();
    double want = a.<Double>getAs("prediction");
    assertEquals(want, b.<Double>getAs("prediction"), 1e-9 * want);
  }

  /** trialsCol on Spark gives the engine's fit on in-memory blocks with the same trials. */
  @Test
  void trialsReachTheBinomialExpertsAsInMemory() {
    int n = 300;
    java.util.Random rnd = new java.util.Random(5);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] trials = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
      trials[i] = 1 + rnd.nextInt(10);
      double p = 1 / (1 + Math.exp(-(i % 2 == 0 ? 1 + 2 * x[i] : -1 - x[i])));
      for (int t = 0; t < trials[i]; t++) {
        y[i] += rnd.nextDouble() < p ? 1 : 0;
      }
    }
    // a fixed number of iterations (tol out of reach), so that both fits take the same path
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setFamily("binomial")
        .setTrialsCol("n").setNumInit(2).setTol(1e-13).setMaxIter(20)
        .fit(frame(x, y, null, trials, 3));
    double[][] xr = new double[n][];
    double[][] yr = new double[n][];
    for (int i = 0; i < n; i++) {
      xr[i] = new double[] {x[i], 1};
      yr[i] = new double[] {y[i]};
    }
    List<Block> blocks = new ArrayList<>();
    for (Block b : BlockBuilder.fromArrays(xr, yr, null, 4096)) {
      blocks.add(b.withTrials(trials));
    }
    MixtureState s = new MixtureState(new GlmExperts(GlmFamily.BINOMIAL, 2, 2),
        new HyperModelDirichlet(new double[] {1, 1}, false));
    FitResult ref = new EmEngine(new InMemorySource(blocks), List.of(), new EmConfig().numInit(2).tol(1e-13).maxIter(20))
        .fit(s);
    assertEquals(ref.logLikelihood(), m.summary().logLikelihood(),
        1e-9 * Math.abs(ref.logLikelihood()));
  }

  /**
   * Gamma experts save their shapes bit for bit: reading what they wrote and writing it again
   * gives the same file. The shapes 0.9 and 1.8 are not the reciprocals of their reciprocals in
   * doubles, so saving the dispersions (1 / shape, as before) would change them.
   */
  @Test
  void gammaShapesRoundTripBitForBit() {
    ObjectNode saved = StageWriter.JSON.createObjectNode();
    JsonParameters out = new JsonParameters(saved);
    out.doubles("shapes", new double[] {0.9, 1.8});
    out.item("experts").doubles("coefficients", new double[] {0.25, -1.5});
    out.item("experts").doubles("coefficients", new double[] {2.0, 0.125});
    GlmExperts read = new GlmExperts(GlmFamily.GAMMA, 2, 2);
    read.readParameters(new JsonParameters(saved));
    ObjectNode again = StageWriter.JSON.createObjectNode();
    read.writeParameters(new JsonParameters(again));
    // written before links were chosen: read with the family's default link, written with it
    assertEquals("log", again.get("link").asText());
    again.remove("link");
    assertEquals(saved, again);
    assertTrue(1 / (1 / 0.9) != 0.9 && 1 / (1 / 1.8) != 1.8);
  }

  @Test
  void aGlmModelSavesAndLoads(@TempDir Path dir) throws Exception {
    Dataset<Row> data = npregPoisson(null);
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setFamily("poisson").setNumInit(2)
        .fit(data);
    String path = dir.resolve("poisson").toString();
    m.write().save(path);
    MixtureOfRegressionsModel loaded = MixtureOfRegressionsModel.load(path);
    assertEquals(m.transform(data).collectAsList(), loaded.transform(data).collectAsList());
    // a Spark sum: partitions' results combine in the order tasks finish, so to rounding only
    double logLik = m.logLikelihood(data);
    assertEquals(logLik, loaded.logLikelihood(data), 1e-12 * Math.abs(logLik));
  }

  private static void assertNames(String expected, Consumer<MixtureOfRegressions> setup,
      Dataset<Row> data) {
    MixtureOfRegressions est = new MixtureOfRegressions().setNumInit(1).setMaxIter(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      setup.accept(est);
      est.fit(data);
    });
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void badInputIsNamed() {
    double[] x = {0, 1, 2, 3};
    double[] counts = {1, 0, 3, 2};
    Dataset<Row> ok = frame(x, counts, null, null, 1);
    assertNames("family", e -> e.setFamily("tweedie"), ok);
    assertNames("link 'logit' is not supported with family 'poisson'",
        e -> e.setFamily("poisson").setLink("logit"), ok);
    assertNames("trialsCol needs family 'binomial'",
        e -> e.setFamily("poisson").setTrialsCol("n"), ok);
    assertNames("offsetCol is not supported with family 'gaussian'",
        e -> e.setOffsetCol("exposure"), ok);
    assertNames("column 'label': row 1 is -1.0",
        e -> e.setFamily("poisson"), frame(x, new double[] {1, -1, 3, 2}, null, null, 1));
    assertNames("column 'label': row 2 is 0.5",
        e -> e.setFamily("poisson"), frame(x, new double[] {1, 0, 0.5, 2}, null, null, 1));
    assertNames("column 'exposure': row 3 has offset NaN",
        e -> e.setFamily("poisson").setOffsetCol("exposure"),
        frame(x, counts, new double[] {0, 0, 0, Double.NaN}, null, 1));
    assertNames("column 'n': row 0 has 0.0 trials",
        e -> e.setFamily("binomial").setTrialsCol("n"),
        frame(x, new double[] {0, 0, 1, 1}, null, new double[] {0, 2, 2, 2}, 1));
    assertNames("column 'label': row 2 is 3.0",
        e -> e.setFamily("binomial").setTrialsCol("n"),
        frame(x, new double[] {0, 0, 3, 1}, null, new double[] {2, 2, 2, 2}, 1));
    assertNames("column 'label': row 1 is 0.0",
        e -> e.setFamily("gamma"), frame(x, new double[] {1, 0, 3, 2}, null, null, 1));
    assertNames("offsetCol: column 'nope' does not exist",
        e -> e.setFamily("poisson").setOffsetCol("nope"), ok);
    assertNames("column 'label': row 1 is -1.0; the negbin family needs counts",
        e -> e.setFamily("negbin"), frame(x, new double[] {1, -1, 3, 2}, null, null, 1));
    assertNames("column 'label': row 2 is 0.5; the negbin family needs counts",
        e -> e.setFamily("negbin"), frame(x, new double[] {1, 0, 0.5, 2}, null, null, 1));
    assertNames("link 'logit' is not supported with family 'negbin' (it takes: log, sqrt,"
        + " identity)", e -> e.setFamily("negbin").setLink("logit"), ok);
    assertNames("link 'sqrt' is not supported with family 'gaussian' (it takes: identity, log)",
        e -> e.setLink("sqrt"), ok);
  }

  /**
   * Every family and link through the estimator: negative binomial experts and binomial
   * experts through the probit link save and load with their link and shapes; a link the
   * saved model does not hold is refused when read.
   */
  @Test
  void negbinAndProbitModelsSaveAndLoadWithTheirLink(@TempDir Path dir) throws Exception {
    Dataset<Row> counts = npregPoisson(null);
    MixtureOfRegressionsModel nb = new MixtureOfRegressions().setFamily("negbin").setNumInit(2)
        .setMaxIter(50).fit(counts);
    String path = dir.resolve("negbin").toString();
    nb.write().save(path);
    MixtureOfRegressionsModel loaded = MixtureOfRegressionsModel.load(path);
    assertEquals(nb.coefficients(), loaded.coefficients());
    assertEquals(nb.mixingWeights(), loaded.mixingWeights());
    // negbin's log-densities take the Vector API's exp and log: two passes may differ by an ulp
    RowChecks.assertSameRows(nb.transform(counts).collectAsList(),
        loaded.transform(counts).collectAsList(), 1e-13);
    assertEquals(nb.logLikelihood(counts), loaded.logLikelihood(counts),
        1e-12 * Math.abs(nb.logLikelihood(counts)));
    assertArrayEquals(nb.dispersions().toArray(), loaded.dispersions().toArray(), 0);
    assertEquals("log", loaded.expertLink().id());
    double[] x = new double[40];
    double[] y = new double[40];
    double[] n = new double[40];
    for (int i = 0; i < 40; i++) {
      x[i] = i / 10.0;
      n[i] = 3;
      y[i] = Math.min(3, Math.floor(i * 7 % 5 * 0.8 + x[i] / 2));
    }
    Dataset<Row> binomial = frame(x, y, null, n, 2);
    MixtureOfRegressionsModel probit = new MixtureOfRegressions().setFamily("binomial")
        .setLink("probit").setTrialsCol("n").setK(1).setMaxIter(50).fit(binomial);
    String at = dir.resolve("probit").toString();
    probit.write().save(at);
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(at);
    assertEquals("probit", back.expertLink().id());
    assertEquals(probit.transform(binomial).collectAsList(),
        back.transform(binomial).collectAsList());
  }
}
