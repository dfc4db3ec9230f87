package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.Planted;
import org.mixturelib.support.Spark;

/**
 * The sparse gate's per-object posteriors are in the checkpoint: a sparse-gate fit interrupted
 * after the checkpoint of iteration 6 and resumed continues where it stopped, reaching the
 * uninterrupted fit's bounds and parameters bit for bit in memory, and to rounding on Spark when
 * the resumed fit's rows are partitioned otherwise (the posteriors are keyed by row, not by
 * block). Before they were checkpointed, the resumed fit restarted them from the prior, and its
 * bound history left the uninterrupted one's at the first resumed iteration.
 */
class RowStateCheckpointTest {
  private static final Planted.Data DATA =
      Planted.experts(300, 2, 2, 2.0, 0.5, false, new double[] {0.6, 0.4}, 5);

  @TempDir
  Path tmp;

  private static MixtureState start() {
    return new MixtureState(new LinearExperts(2, DATA.x()[0].length, 1),
        new HyperModelGateSparsed(2));
  }

  private static EmConfig config(Path dir) {
    return new EmConfig().numInit(1).tol(1e-12).maxIter(25).seed(4).perturbations(0)
        .checkpointDir(dir.toString()).checkpointInterval(2);
  }

  /** Fits, stopping the driver in the E-step after the checkpoint of iteration 6. */
  private static void interrupted(DataSource rows, Path dir) {
    IllegalStateException crash = assertThrows(IllegalStateException.class,
        () -> new EmEngine(rows, List.of(), config(dir)).listener(p -> {
          if (p.phase() == EmProgress.Phase.FIT && p.iteration() == 8) {
            throw new IllegalStateException("interrupted");
          }
        }).fit(start()));
    assertEquals("interrupted", crash.getMessage());
  }

  @Test
  void aResumedSparseGateFitContinuesWhereItStopped() {
    DataSource rows = InMemorySource.of(DATA.x(), DATA.y(), null);
    FitResult whole = new EmEngine(rows, List.of(), config(tmp.resolve("whole")))
        .fit(start());
    assertTrue(whole.iterations() >= 12, "too short a fit to interrupt: " + whole.iterations());
    interrupted(rows, tmp.resolve("cut"));
    FitResult resumed = new EmEngine(rows, List.of(), config(tmp.resolve("cut")))
        .resume(start());
    assertEquals(whole.iterations(), resumed.iterations());
    assertArrayEquals(whole.boundHistory(), resumed.boundHistory());
    assertArrayEquals(((HyperModelGateSparsed) whole.state().gate()).meanResponsibility(),
        ((HyperModelGateSparsed) resumed.state().gate()).meanResponsibility());
    LinearExperts a = (LinearExperts) whole.state().experts();
    LinearExperts b = (LinearExperts) resumed.state().experts();
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(a.coefficients(e), b.coefficients(e), "expert " + e);
    }
  }

  @Test
  void onSparkThePosteriorsFollowTheirRowsToOtherPartitions() {
    Function<Integer, SparkSource> rows = partitions -> SparkSource.fromDataset(
        Spark.frame(DATA.x(), DATA.y(), partitions),
        new SparkSource.Columns("features", "label", null, false), 64, 2,
        StorageLevel.MEMORY_AND_DISK());
    FitResult whole;
    try (SparkSource two = rows.apply(2)) {
      // localRows 0: the fit stays on Spark (small data would otherwise run on the driver)
      whole = new EmEngine(two, List.of(), config(tmp.resolve("whole")).localRows(0))
          .fit(start());
      interrupted(two, tmp.resolve("cut"));
    }
    FitResult resumed;
    try (SparkSource three = rows.apply(3)) {
      resumed = new EmEngine(three, List.of(), config(tmp.resolve("cut")).localRows(0))
          .resume(start());
    }
    assertEquals(whole.iterations(), resumed.iterations());
    double[] w = whole.boundHistory();
    double[] r = resumed.boundHistory();
    assertEquals(w.length, r.length);
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], r[i], 1e-9 * Math.abs(w[i]), "bound " + i);
    }
    assertArrayEquals(((HyperModelGateSparsed) whole.state().gate()).meanResponsibility(),
        ((HyperModelGateSparsed) resumed.state().gate()).meanResponsibility(), 1e-9);
  }
}
