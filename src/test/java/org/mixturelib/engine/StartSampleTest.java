package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;
import org.mixturelib.support.Spark;

/**
 * The rows the starts run on: a uniform sample that depends on the seed only (not on the
 * partitioning or the source), and fits from it that are the same on 1 or many partitions.
 */
class StartSampleTest {
  private static final Planted.Data DATA =
      Planted.experts(3000, 3, 3, 2.0, 0.5, false, new double[] {0.5, 0.3, 0.2}, 4);

  private static SparkSource spark(int partitions) {
    return SparkSource.fromDataset(Spark.frame(DATA.x(), DATA.y(), partitions),
        new SparkSource.Columns("features", "label", null, false), 64, 2,
        StorageLevel.MEMORY_AND_DISK());
  }

  private static InMemorySource memory() {
    return new InMemorySource(BlockBuilder.fromArrays(DATA.x(), DATA.y(), null, 64));
  }

  /** All rows of a source, {@code [x, y, w]} row after row, in block order. */
  private static double[] rows(DataSource s) {
    List<Block> blocks = ((InMemorySource) s).blocks();
    int p = s.numFeatures() + s.numOutputs();
    double[] out = new double[(int) s.numRows() * (p + 1)];
    int at = 0;
    for (Block b : blocks) {
      for (int i = 0; i < b.n; i++) {
        for (int j = 0; j < p; j++) {
          out[at++] = b.xy[j * b.n + i];
        }
        out[at++] = b.weights[i];
      }
    }
    return out;
  }

  @Test
  void theSampleDependsOnTheSeedOnly() {
    double[] inMemory = rows(StartSample.of(memory(), 500, 42));
    try (SparkSource one = spark(1); SparkSource five = spark(5)) {
      assertArrayEquals(inMemory, rows(StartSample.of(one, 500, 42)));
      assertArrayEquals(inMemory, rows(StartSample.of(five, 500, 42)));
    }
    int n = inMemory.length / 5;
    // binomial(3000, 1/6): mean 500, sd 20
    assertTrue(Math.abs(n - 500) < 100, n + " rows");
    assertFalse(Arrays.equals(inMemory, rows(StartSample.of(memory(), 500, 43))),
        "another seed draws another sample");
  }

  @Test
  void smallInMemoryDataIsItsOwnSample() {
    InMemorySource m = memory();
    assertSame(m, StartSample.of(m, 3000, 42));
    try (SparkSource s = spark(3)) {
      assertArrayEquals(rows(m), rows(StartSample.of(s, 3000, 42)));
    }
  }

  /** A fit whose four starts run on about 600 of the 3,000 rows. */
  private static FitResult sampled(DataSource source) {
    try (source) {
      return fit(source, new EmConfig().startRows(600).numInit(4).maxIter(40));
    }
  }

  @Test
  void sampledStartsGiveTheSameFitOnAnyPartitioning() {
    FitResult a = sampled(spark(1));
    FitResult b = sampled(spark(4));
    FitResult c = sampled(memory());
    for (FitResult r : List.of(b, c)) {
      assertEquals(a.iterations(), r.iterations());
      assertEquals(a.logLikelihood(), r.logLikelihood(), 1e-9 * Math.abs(a.logLikelihood()));
      for (int e = 0; e < 3; e++) {
        assertArrayEquals(LinearState.experts(a.state()).coefficients(e),
            LinearState.experts(r.state()).coefficients(e), 1e-8);
      }
    }
    // and the sampled starts find the planted experts' optimum that all-row starts find
    FitResult all = fit(memory(), new EmConfig().numInit(4).maxIter(40));
    assertEquals(all.logLikelihood(), c.logLikelihood(), 1e-6 * DATA.x().length);
  }

  private static FitResult fit(DataSource source, EmConfig config) {
    LinearExperts e = new LinearExperts(3, 3, 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    return new EmEngine(source, List.of(), config).fit(new MixtureState(e,
        new HyperModelDirichlet(new double[] {1, 1, 1}, false)));
  }
}
