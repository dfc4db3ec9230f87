package org.mixturelib.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmCheckpoint;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.EmProgress;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateSpec;
import org.mixturelib.hypermodels.Gates;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.ml.MixtureOfExperts;
import org.mixturelib.ml.MixtureOfExpertsModel;
import org.mixturelib.support.Spark;

/**
 * The gate registry ({@link Gates}) and the user-written {@link SmoothedGate}, registered
 * through the test resources' {@code META-INF/services}: the library's gates by their type ids,
 * unknown ids refused with the known ones listed, and the gate of one's own set by its id in
 * Spark ML, fitted to its closed form, saved and loaded, checkpointed and resumed bit for bit,
 * and warm-started.
 */
class SmoothedGateTest {
  private static final int N = 600;

  /** Two lines, 70% of the rows on the first: rows {@code [t, 1]} or {@code [t]}. */
  private static double[][][] lines(boolean intercept) {
    Random rnd = new Random(11);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      double t = 4 * rnd.nextDouble() - 2;
      x[i] = intercept ? new double[] {t, 1} : new double[] {t};
      y[i][0] = (rnd.nextDouble() < 0.7 ? 3 * t + 1 : -2 * t - 1) + 0.3 * rnd.nextGaussian();
    }
    return new double[][][] {x, y};
  }

  @Test
  void theLibraryGatesAndTheRegisteredOneAreKnownByTypeId() {
    assertEquals(List.of("dirichlet", "linear", "mlp", "sparse", SmoothedGate.TYPE_ID),
        Gates.typeIds());
    GateSpec spec = new GateSpec(3, 4, 1, new int[] {5}, "relu", 7);
    for (String id : Gates.typeIds()) {
      Gate gate = Gates.create(id, spec);
      assertEquals(id, gate.typeId());
      assertEquals(3, gate.numComponents(), id);
    }
    assertTrue(Gates.readsInputs("linear") && Gates.readsInputs("mlp"));
    assertFalse(Gates.readsInputs("dirichlet") || Gates.readsInputs("sparse")
        || Gates.readsInputs(SmoothedGate.TYPE_ID));
  }

  @Test
  void anUnknownGateIsRefusedListingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gates.create("softmax", GateSpec.of(2)));
    assertTrue(e.getMessage().contains("gate 'softmax' is unknown (known: dirichlet, linear,"
        + " mlp, sparse, smoothed;"), e.getMessage());
    assertTrue(e.getMessage().contains("org.mixturelib.hypermodels.GateProvider"));
    assertThrows(IllegalArgumentException.class, () -> Gates.readsInputs("softmax"));
    assertThrows(IllegalArgumentException.class, () -> new MixtureOfExperts().setGate("softmax"));
  }

  /**
   * {@code setGate("smoothed")} fits the gate of one's own in Spark ML: its weights are its
   * closed form {@code (n_k + 2) / (N + 4)} at the fitted responsibilities; the model saves the
   * gate under its type id (no class name) and a fresh reader loads it with the same weights
   * and scores; a gate that does not read inputs refuses a gate column.
   */
  @Test
  void ownGateIsSetByIdInSparkMlFittedSavedAndLoaded(@TempDir Path tmp) throws IOException {
    double[][][] data = lines(false);
    Dataset<Row> frame = Spark.frame(data[0], data[1], 2);
    MixtureOfExpertsModel model = new MixtureOfExperts().setGate(SmoothedGate.TYPE_ID)
        .setNumInit(2).setTol(1e-12).setMaxIter(300).fit(frame);
    double[] w = ((SmoothedGate) model.mixtureState().gate()).weights();
    double[] n = new double[2];
    for (Row r : model.transform(frame).select("responsibility").collectAsList()) {
      Vector v = r.getAs(0);
      n[0] += v.apply(0);
      n[1] += v.apply(1);
    }
    for (int c = 0; c < 2; c++) {
      assertEquals((n[c] + SmoothedGate.SMOOTHING) / (N + 2 * SmoothedGate.SMOOTHING), w[c],
          1e-6, "weight " + c);
    }
    assertEquals(0.7, Math.max(w[0], w[1]), 0.05);

    String path = tmp.resolve("smoothed").toString();
    model.write().save(path);
    String saved = Files.readString(Path.of(path, "data.json"));
    assertTrue(saved.contains("\"type\":\"smoothed\""), saved);
    assertFalse(saved.contains("SmoothedGate"), saved);
    MixtureOfExpertsModel loaded = MixtureOfExpertsModel.load(path);
    assertArrayEquals(w, ((SmoothedGate) loaded.mixtureState().gate()).weights());
    List<Row> want = model.transform(frame).collectAsList();
    List<Row> got = loaded.transform(frame).collectAsList();
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).<Object>getAs("probability"), got.get(i).getAs("probability"));
      assertEquals(want.get(i).<Object>getAs("prediction"), got.get(i).getAs("prediction"));
    }

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MixtureOfExperts().setGate(SmoothedGate.TYPE_ID).setGateFeaturesCol("g")
            .fit(frame));
    assertTrue(e.getMessage().contains("the 'smoothed' gate does not read inputs"),
        e.getMessage());
  }

  /**
   * The gate registered outside the library checkpoints and resumes: a fit interrupted after
   * the checkpoint of iteration 6 and resumed reaches the uninterrupted fit bit for bit (its
   * bounds and weights), through the gate's own writer and reader; the checkpoint names the
   * gate by its type id.
   */
  @Test
  void ownGateCheckpointsAndResumesToTheSameModel(@TempDir Path tmp) throws IOException {
    double[][][] data = lines(true);
    InMemorySource rows = InMemorySource.of(data[0], data[1], null);
    Supplier<MixtureState> start = () -> new MixtureState(new LinearExperts(2, 2, 1),
        Gates.create(SmoothedGate.TYPE_ID, GateSpec.of(2)));
    Function<Path, EmConfig> config = dir -> new EmConfig().numInit(1).tol(1e-13)
        .maxIter(40).seed(3).perturbations(0).checkpointDir(dir.toString())
        .checkpointInterval(1);
    FitResult whole = new EmEngine(rows, List.of(), config.apply(tmp.resolve("whole")))
        .fit(start.get());
    assertTrue(whole.iterations() > 9, "too short a fit to interrupt: " + whole.iterations());

    Path cut = tmp.resolve("cut");
    IllegalStateException crash = assertThrows(IllegalStateException.class,
        () -> new EmEngine(rows, List.of(), config.apply(cut)).listener(p -> {
          if (p.phase() == EmProgress.Phase.FIT && p.iteration() == 7) {
            throw new IllegalStateException("interrupted");
          }
        }).fit(start.get()));
    assertEquals("interrupted", crash.getMessage());
    String checkpoint = new String(Files.readAllBytes(cut.resolve(EmCheckpoint.FILE_NAME)),
        StandardCharsets.ISO_8859_1);
    assertTrue(checkpoint.contains(SmoothedGate.TYPE_ID));
    assertFalse(checkpoint.contains("SmoothedGate"));

    FitResult resumed = new EmEngine(rows, List.of(), config.apply(cut)).resume(start.get());
    assertEquals(whole.iterations(), resumed.iterations());
    assertArrayEquals(whole.boundHistory(), resumed.boundHistory());
    assertArrayEquals(((SmoothedGate) whole.state().gate()).weights(),
        ((SmoothedGate) resumed.state().gate()).weights());
  }

  /**
   * The gate warm-starts in Spark ML (initialModel with initMode 'given'): its weights go
   * through its own writer and reader into the configured gate, and one more iteration from a
   * converged model stays at its weights.
   */
  @Test
  void ownGateWarmStartsFromAFittedModel() {
    double[][][] data = lines(false);
    Dataset<Row> frame = Spark.frame(data[0], data[1], 1);
    MixtureOfExpertsModel first = new MixtureOfExperts().setGate(SmoothedGate.TYPE_ID)
        .setNumInit(2).setTol(1e-12).setMaxIter(300).fit(frame);
    MixtureOfExpertsModel warm = new MixtureOfExperts().setGate(SmoothedGate.TYPE_ID)
        .setInitialModel(first).setInitMode("given").setMaxIter(1).fit(frame);
    Gate a = first.mixtureState().gate();
    Gate b = warm.mixtureState().gate();
    assertTrue(a != b);
    assertArrayEquals(((SmoothedGate) a).weights(), ((SmoothedGate) b).weights(), 1e-6);
    assertTrue(Math.abs(((SmoothedGate) b).weights()[0] - 0.5) > 0.1);
  }
}
