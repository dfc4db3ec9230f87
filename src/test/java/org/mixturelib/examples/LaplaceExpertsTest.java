package org.mixturelib.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmCheckpoint;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.EmProgress;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.Link;
import org.mixturelib.localmodels.StandardLink;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.MixtureOfExperts;
import org.mixturelib.ml.MixtureOfExpertsModel;
import org.mixturelib.ml.MixtureOfRegressions;
import org.mixturelib.ml.MixtureOfRegressionsModel;
import org.mixturelib.plot.ExpertsPlot;
import org.mixturelib.plot.ScoredSample;
import org.mixturelib.support.FitChecks;
import org.mixturelib.support.Spark;

/**
 * The user-written {@link LaplaceExperts} fitted through the engine on a Spark Dataset: two
 * planted lines with Laplace noise and 5% gross outliers are recovered, the bound never
 * decreases, and 1 and 3 partitions give the same model: the log-likelihood to 1e-9 relative,
 * the coefficients to 1e-6 (the Laplace likelihood is flat near its maximiser, where a median
 * line passes through data points, so rounding in the sums moves them more than the
 * likelihood).
 */
class LaplaceExpertsTest {
  private static final int N = 1000;

  private static FitResult fit(double[][] x, double[][] y, int partitions) {
    MixtureState start = new MixtureState(new LaplaceExperts(2, 2),
        new HyperModelDirichlet(new double[] {1, 1}, false));
    EmConfig config = new EmConfig().numInit(3).tol(1e-13).maxIter(40).seed(3);
    try (SparkSource source = SparkSource.fromDataset(Spark.frame(x, y, partitions),
        new SparkSource.Columns("features", "label", null, false), 128, 2,
        StorageLevel.MEMORY_AND_DISK())) {
      return new EmEngine(source, List.of(), config).fit(start);
    }
  }

  /**
   * Two planted lines with Laplace noise and 5% gross outliers: rows {@code [t, 1]} (the
   * intercept last), or {@code [t]} without the intercept column.
   */
  private static double[][][] lines(boolean intercept) {
    Random rnd = new Random(8);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      double t = 4 * rnd.nextDouble() - 2;
      x[i] = intercept ? new double[] {t, 1} : new double[] {t};
      double u = rnd.nextDouble() - 0.5;
      double laplace = -0.3 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
      y[i][0] = (i % 2 == 0 ? 3 * t + 1 : -2 * t - 1) + laplace
          + (rnd.nextDouble() < 0.05 ? 40 * rnd.nextGaussian() : 0);
    }
    return new double[][][] {x, y};
  }

  @Test
  void ownFamilyFitsOnSparkAndPartitionsAgree() {
    double[][][] data = lines(true);
    double[][] x = data[0];
    double[][] y = data[1];
    FitResult one = fit(x, y, 1);
    FitChecks.assertMonotone(one, "Laplace experts");
    LaplaceExperts e = (LaplaceExperts) one.state().experts();
    int up = e.coefficients(0)[0] > 0 ? 0 : 1;
    assertEquals(3, e.coefficients(up)[0], 0.1);
    assertEquals(1, e.coefficients(up)[1], 0.1);
    assertEquals(-2, e.coefficients(1 - up)[0], 0.1);
    assertEquals(-1, e.coefficients(1 - up)[1], 0.1);
    FitResult three = fit(x, y, 3);
    assertEquals(one.logLikelihood(), three.logLikelihood(),
        1e-9 * Math.abs(one.logLikelihood()));
    LaplaceExperts f = (LaplaceExperts) three.state().experts();
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(e.coefficients(c)[j], f.coefficients(c)[j], 1e-6, "W" + c);
      }
    }
    assertTrue(e.isFinite());
  }

  /**
   * The family found by {@link java.util.ServiceLoader} (test resources' {@code
   * META-INF/services}) is set by its id in Spark ML, fitted, saved under that id (no class
   * name in the file) and loaded by a fresh reader: the loaded model scores every row bit for
   * bit as the fitted one, for a mixture of regressions and a mixture of experts.
   */
  @Test
  void ownFamilyIsSetByIdInSparkMlSavedAndLoaded(@TempDir Path tmp) throws IOException {
    assertTrue(ExpertFamilies.typeIds().contains(LaplaceExperts.TYPE_ID));
    double[][][] data = lines(false);
    Dataset<Row> frame = Spark.frame(data[0], data[1], 2);
    MixtureOfRegressionsModel regressions = new MixtureOfRegressions().setFamily("laplace")
        .setNumInit(2).setMaxIter(40).fit(frame);
    LaplaceExperts fitted = (LaplaceExperts) regressions.mixtureState().experts();
    int up = fitted.coefficients(0)[0] > 0 ? 0 : 1;
    assertEquals(3, fitted.coefficients(up)[0], 0.1);
    assertEquals(-2, fitted.coefficients(1 - up)[0], 0.1);
    // the link is the family's own, so the report's plots draw it (expertLink used to throw)
    assertEquals(StandardLink.IDENTITY, regressions.expertLink());
    assertFalse(ExpertsPlot.charts(ScoredSample.of(regressions, frame, List.of("t"), 100, 7))
        .isEmpty());
    String path = tmp.resolve("laplace-regressions").toString();
    regressions.write().save(path);
    String saved = Files.readString(Path.of(path, "data.json"));
    assertTrue(saved.contains("\"type\":\"laplace\""), saved);
    assertFalse(saved.contains("LaplaceExperts") || saved.contains("Hyper"), saved);
    sameScores(regressions, MixtureOfRegressionsModel.load(path), frame);

    MixtureOfExpertsModel experts = new MixtureOfExperts().setFamily("laplace").setNumInit(2)
        .setMaxIter(20).fit(frame);
    String expertsPath = tmp.resolve("laplace-experts").toString();
    experts.write().save(expertsPath);
    sameScores(experts, MixtureOfExpertsModel.load(expertsPath), frame);
  }

  /**
   * The family registered outside the library checkpoints and resumes: a fit interrupted after
   * the checkpoint of iteration 5 and resumed from it reaches the uninterrupted fit's model bit
   * for bit (its bounds, its coefficients and scales), through the family's own writer and
   * reader; the checkpoint names the family by its type id.
   */
  @Test
  void ownFamilyCheckpointsAndResumesToTheSameModel(@TempDir Path tmp) throws IOException {
    double[][][] data = lines(true);
    InMemorySource rows = InMemorySource.of(data[0], data[1], null);
    java.util.function.Supplier<MixtureState> start = () -> new MixtureState(
        new LaplaceExperts(2, 2), new HyperModelDirichlet(new double[] {1, 1}, false));
    java.util.function.Function<Path, EmConfig> config = dir -> new EmConfig().numInit(1)
        .tol(1e-13).maxIter(30).seed(3).perturbations(0).checkpointDir(dir.toString())
        .checkpointInterval(1);
    FitResult whole = new EmEngine(rows, List.of(), config.apply(tmp.resolve("whole")))
        .fit(start.get());
    assertTrue(whole.iterations() > 8, "too short a fit to interrupt: " + whole.iterations());

    Path cut = tmp.resolve("cut");
    IllegalStateException crash = assertThrows(IllegalStateException.class,
        () -> new EmEngine(rows, List.of(), config.apply(cut)).listener(p -> {
          if (p.phase() == EmProgress.Phase.FIT && p.iteration() == 7) {
            throw new IllegalStateException("interrupted");
          }
        }).fit(start.get()));
    assertEquals("interrupted", crash.getMessage());
    byte[] checkpoint = Files.readAllBytes(cut.resolve(EmCheckpoint.FILE_NAME));
    assertTrue(new String(checkpoint, java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains(LaplaceExperts.TYPE_ID));

    FitResult resumed = new EmEngine(rows, List.of(), config.apply(cut)).resume(start.get());
    assertEquals(whole.iterations(), resumed.iterations());
    assertArrayEquals(whole.boundHistory(), resumed.boundHistory());
    LaplaceExperts a = (LaplaceExperts) whole.state().experts();
    LaplaceExperts b = (LaplaceExperts) resumed.state().experts();
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(a.coefficients(e), b.coefficients(e), "expert " + e);
    }
    assertArrayEquals(a.dispersions(), b.dispersions());
    assertArrayEquals(whole.componentWeights(), resumed.componentWeights());
  }

  /**
   * The family warm-starts in Spark ML (initialModel with initMode 'given'; this was refused as
   * "not of this fit's family" before warm starts went through the family's writer and reader):
   * one more iteration from a fitted model stays at that model's lines. The round trip itself
   * is checked bit for bit in {@code ml.WarmStartTest}.
   */
  @Test
  void ownFamilyWarmStartsFromAFittedModel() {
    double[][][] data = lines(false);
    Dataset<Row> frame = Spark.frame(data[0], data[1], 1);
    MixtureOfRegressionsModel first = new MixtureOfRegressions().setFamily("laplace")
        .setNumInit(2).setMaxIter(40).fit(frame);
    MixtureOfRegressionsModel warm = new MixtureOfRegressions().setFamily("laplace")
        .setInitialModel(first).setInitMode("given").setMaxIter(1).fit(frame);
    LaplaceExperts a = (LaplaceExperts) first.mixtureState().experts();
    LaplaceExperts b = (LaplaceExperts) warm.mixtureState().experts();
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(a.coefficients(e), b.coefficients(e), 0.05, "expert " + e);
    }
  }

  /** A family of one's own refuses the params that configure the library's families. */
  @Test
  void ownFamilyRefusesTheLibraryFamiliesParams() {
    double[][][] data = lines(false);
    Dataset<Row> frame = Spark.frame(data[0], data[1], 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfRegressions().setFamily("laplace").setLink("log").fit(frame));
    assertTrue(e.getMessage().contains("family 'laplace' takes no setting 'link'"),
        e.getMessage());
  }

  private static void sameScores(MixtureModel<?> fitted, MixtureModel<?> loaded,
      Dataset<Row> frame) {
    List<Row> want = fitted.transform(frame).collectAsList();
    List<Row> got = loaded.transform(frame).collectAsList();
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      for (String c : new String[] {"prediction", "probability", "componentPredictions",
          "predictionStd", "responsibility", "logLikelihood"}) {
        assertEquals(want.get(i).<Object>getAs(c), got.get(i).<Object>getAs(c), c + " " + i);
      }
    }
  }
}
