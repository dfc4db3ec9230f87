package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.localmodels.TobitExperts;
import org.mixturelib.localmodels.TobitProvider;
import org.mixturelib.support.Spark;

/**
 * A planted mixture of two censored normal regressions (N = 10,000, censored below at 0 and
 * above at 4) fitted from the engine's default settings recovers its coefficients and sigmas
 * with a bound that never decreases, per-expert or shared noise; with per-row limits, one
 * partition or three give the in-memory model.
 */
class TobitPlantedTest {
  private static final double[][] BETA = {{1.0, 2.0, -1.0}, {2.5, -1.0, 1.5}};
  private static final double[] SIGMA = {0.7, 1.2};
  private static final double SHARE = 0.6;

  /** Rows [1, x1, x2], latent answers censored at the rows' limits, and those limits. */
  private record Planted(double[][] x, double[][] y, double[][] limits) {}

  private static Planted plant(int n, long seed, double[] sigma, boolean perRow) {
    Random r = new Random(seed);
    double[][] x = new double[n][];
    double[][] y = new double[n][1];
    double[][] limits = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {1, r.nextGaussian(), r.nextGaussian()};
      int c = r.nextDouble() < SHARE ? 0 : 1;
      double latent = sigma[c] * r.nextGaussian();
      for (int j = 0; j < 3; j++) {
        latent += BETA[c][j] * x[i][j];
      }
      double lo = perRow ? (i % 5 == 0 ? Double.NEGATIVE_INFINITY : r.nextDouble() - 0.5) : 0;
      double hi = perRow ? (i % 3 == 0 ? Double.POSITIVE_INFINITY : 3 + 2 * r.nextDouble()) : 4;
      limits[i] = new double[] {lo, hi};
      y[i][0] = Math.min(hi, Math.max(lo, latent));
    }
    return new Planted(x, y, limits);
  }

  private static MixtureState model(double lower, double upper, NoiseModel noise) {
    return new MixtureState(new TobitExperts(2, 3, lower, upper, noise),
        new HyperModelDirichlet(new double[] {1, 1}, false));
  }

  /** The largest coefficient and sigma error under the better matching of the two experts. */
  private static double recoveryError(FitResult fit, double[] sigma) {
    TobitExperts t = (TobitExperts) fit.state().experts();
    double best = Double.POSITIVE_INFINITY;
    for (int swap = 0; swap < 2; swap++) {
      double worst = 0;
      for (int c = 0; c < 2; c++) {
        int e = c ^ swap;
        double[] w = t.coefficients(e);
        for (int j = 0; j < 3; j++) {
          worst = Math.max(worst, Math.abs(w[j] - BETA[c][j]));
        }
        worst = Math.max(worst, Math.abs(t.sigmas()[e] - sigma[c]));
      }
      best = Math.min(best, worst);
    }
    return best;
  }

  @Test
  void aPlantedCensoredMixtureIsRecovered() {
    Planted p = plant(10_000, 11, SIGMA, false);
    long censored = Arrays.stream(p.y()).filter(v -> v[0] == 0 || v[0] == 4).count();
    assertTrue(censored > 2000, censored + " censored rows");
    FitResult fit = Models.fit(InMemorySource.of(p.x(), p.y(), null),
        model(0, 4, NoiseModel.PER_COMPONENT));
    double err = recoveryError(fit, SIGMA);
    System.out.printf("tobit planted, per-expert sigma: %d censored rows, %d iterations,"
        + " largest error %.4f%n", censored, fit.iterations(), err);
    assertTrue(err < 0.1, "largest error " + err);
    double[] pi = ((HyperModelDirichlet) fit.state().gate()).weights();
    assertEquals(SHARE, Math.max(pi[0], pi[1]), 0.03);
  }

  @Test
  void aSharedSigmaIsRecovered() {
    double[] same = {0.9, 0.9};
    Planted p = plant(10_000, 12, same, false);
    FitResult fit = Models.fit(InMemorySource.of(p.x(), p.y(), null),
        model(0, 4, NoiseModel.SHARED));
    TobitExperts t = (TobitExperts) fit.state().experts();
    assertEquals(t.sigmas()[0], t.sigmas()[1], 0.0);
    double err = recoveryError(fit, same);
    System.out.printf("tobit planted, shared sigma: %d iterations, largest error %.4f%n",
        fit.iterations(), err);
    assertTrue(err < 0.1, "largest error " + err);
  }

  @Test
  void anOffsetShiftsTheLatentMeanOnly() {
    Planted p = plant(2000, 14, SIGMA, false);
    double c = 0.7;
    List<Block> shifted = new ArrayList<>();
    for (Block b : BlockBuilder.fromArrays(p.x(), p.y(), null, 512)) {
      double[] offsets = new double[b.n];
      Arrays.fill(offsets, c);
      shifted.add(b.withOffsets(offsets));
    }
    EmConfig config = new EmConfig().tol(1e-12);
    FitResult plain = Models.fit(InMemorySource.of(p.x(), p.y(), null),
        oneComponent(), config);
    FitResult offset = Models.fit(new InMemorySource(shifted), oneComponent(), config);
    TobitExperts a = (TobitExperts) plain.state().experts();
    TobitExperts b = (TobitExperts) offset.state().experts();
    assertEquals(a.coefficients(0)[0] - c, b.coefficients(0)[0], 1e-7);
    assertEquals(a.coefficients(0)[1], b.coefficients(0)[1], 1e-7);
    assertEquals(a.sigmas()[0], b.sigmas()[0], 1e-7);
    assertEquals(plain.logLikelihood(), offset.logLikelihood(), 1e-7);
  }

  private static MixtureState oneComponent() {
    return new MixtureState(new TobitExperts(1, 3, 0, 4, NoiseModel.PER_COMPONENT),
        new HyperModelDirichlet(new double[] {1}, false));
  }

  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("lo", DataTypes.DoubleType, true, Metadata.empty()),
      new StructField("hi", DataTypes.DoubleType, true, Metadata.empty())});
  private static final List<FamilyColumn> LIMITS = List.of(
      new TobitProvider().column("lower", "lo"), new TobitProvider().column("upper", "hi"));

  private static FitResult small(DataSource source) {
    EmConfig config = new EmConfig().numInit(2).maxIter(15).seed(5);
    try (source) {
      return new EmEngine(source, List.of(), config).fit(
          model(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, NoiseModel.PER_COMPONENT));
    }
  }

  @Test
  void perRowLimitsGiveTheSameFitOnOneOrThreePartitions() {
    Planted p = plant(600, 13, SIGMA, true);
    FitResult mem = small(InMemorySource.of(p.x(), p.y(), null, null, LIMITS, p.limits()));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < p.x().length; i++) {
      double lo = p.limits()[i][0];
      double hi = p.limits()[i][1];
      // no limit: a null for the lower one, +Infinity itself for the upper one
      rows.add(RowFactory.create(Vectors.dense(p.x()[i]), p.y()[i][0],
          Double.isInfinite(lo) ? null : lo, hi));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    for (int parts : new int[] {1, 3}) {
      FitResult s = small(SparkSource.fromDataset(
          Spark.session().createDataFrame(sc.parallelize(rows, parts), SCHEMA),
          new SparkSource.Columns("features", "label", null, false).withFamilyColumns(LIMITS),
          64, 2, StorageLevel.MEMORY_AND_DISK()));
      String what = parts + " partitions";
      assertEquals(mem.iterations(), s.iterations(), what + ": iterations");
      assertEquals(mem.logLikelihood(), s.logLikelihood(), 1e-9 * Math.abs(mem.logLikelihood()),
          what + ": log-likelihood");
      TobitExperts a = (TobitExperts) mem.state().experts();
      TobitExperts b = (TobitExperts) s.state().experts();
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(a.coefficients(e)[j], b.coefficients(e)[j], 1e-9, what + ": W" + e);
        }
        assertEquals(a.sigmas()[e], b.sigmas()[e], 1e-9, what + ": sigma " + e);
      }
    }
    Models.assertMonotone(mem);
  }
}
