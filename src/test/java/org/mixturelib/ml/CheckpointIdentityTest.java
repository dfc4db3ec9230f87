package org.mixturelib.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.engine.EmCheckpoint;
import org.mixturelib.engine.EmProgress;

/**
 * Issue 24, item 4: a checkpoint resumes only the fit it belongs to. A fit is interrupted after
 * its checkpoint of iteration 3; a fit that differs in one setting or in its data, given the
 * same {@code checkpointDir}, is refused with a message naming the difference (the checkpoint
 * is kept), and the same fit then resumes from it. (An MLP gate of one input and hidden
 * layer 3 has (1 + 1) 3 + (3 + 1) 2 = 14 parameters; of width 4, 18; a linear gate, 4.)
 */
class CheckpointIdentityTest {
  @TempDir
  Path dir;

  private static final Dataset<Row> DATA = Lines.frame(Lines.twoLines(200, 3), 2)
      .withColumn("features2", col("features"));

  /** Stops a fit at its third iteration of the continuing run. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super("stopped");
    }
  }

  private static MixtureOfRegressions regressions(Path ckpt) {
    return new MixtureOfRegressions().setNumInit(1).setCheckpointDir(ckpt.toString())
        .setCheckpointInterval(1);
  }

  private static MixtureOfExperts experts(Path ckpt) {
    return new MixtureOfExperts().setGate("mlp").setHiddenLayers(new int[] {3})
        .setNumInit(1).setCheckpointDir(ckpt.toString()).setCheckpointInterval(1);
  }

  private static void interrupt(MixtureEstimator<?, ?> e, Dataset<Row> data) {
    e.setListener(p -> {
      if (p.phase() == EmProgress.Phase.FIT && p.iteration() == 3) {
        throw new Stop();
      }
    });
    assertThrows(Stop.class, () -> e.fit(data));
    e.setListener(null);
  }

  static Stream<Arguments> settings() {
    Function<Path, MixtureEstimator<?, ?>> r = CheckpointIdentityTest::regressions;
    Function<Path, MixtureEstimator<?, ?>> x = CheckpointIdentityTest::experts;
    return Stream.of(
        Arguments.of("k", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e.copy(
            new ParamMap().put(e.k(), 3)), "components 2 in the checkpoint, 3 in this fit"),
        Arguments.of("noise model", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e
            .setNoiseModel("shared"), "noiseModel \"perComponent\" in the checkpoint,"
            + " \"shared\" in this fit"),
        Arguments.of("seed", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e.setSeed(7),
            "seed 42 in the checkpoint, 7 in this fit"),
        Arguments.of("starts", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e
            .setNumInit(2), "starts 1 in the checkpoint, 2 in this fit"),
        Arguments.of("model type", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e
            .setModelType("sample"), "model type DEFAULT in the checkpoint, SAMPLE in this fit"),
        Arguments.of("intercept", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e
            .setFitIntercept(false), "features 2 in the checkpoint, 1 in this fit"),
        Arguments.of("features column", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e
            .setFeaturesCol("features2"), "featuresCol \"features\" in the checkpoint,"
            + " \"features2\" in this fit"),
        Arguments.of("weight column", r, (Function<MixtureEstimator<?, ?>, Object>) e -> e
            .setWeightCol("weight"), "weightCol \"\" in the checkpoint, \"weight\" in this fit"),
        Arguments.of("gate", x, (Function<MixtureEstimator<?, ?>, Object>) e -> ((MixtureOfExperts)
            e).setGate("linear"), "gate type mlp of 14 parameters in the checkpoint,"
            + " linear of 4 parameters in this fit"),
        Arguments.of("gate shape", x, (Function<MixtureEstimator<?, ?>, Object>) e ->
            ((MixtureOfExperts) e).setHiddenLayers(new int[] {4}), "gate type mlp of 14"
            + " parameters in the checkpoint, mlp of 18 parameters in this fit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void aCheckpointOfAnotherSettingIsRefusedNamingIt(String what,
      Function<Path, MixtureEstimator<?, ?>> estimator,
      Function<MixtureEstimator<?, ?>, Object> change, String difference) {
    Path ckpt = dir.resolve("ckpt");
    interrupt(estimator.apply(ckpt), DATA);
    Path file = ckpt.resolve(EmCheckpoint.FILE_NAME);
    assertTrue(Files.exists(file));
    MixtureEstimator<?, ?> other = estimator.apply(ckpt);
    Object changed = change.apply(other);
    MixtureEstimator<?, ?> e = changed instanceof MixtureEstimator<?, ?> c ? c : other;
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> e.fit(DATA));
    assertTrue(refused.getMessage().startsWith("checkpointDir '" + ckpt + "' holds a"
        + " checkpoint of another fit: "), refused.getMessage());
    assertTrue(refused.getMessage().contains(difference), refused.getMessage());
    assertTrue(Files.exists(file), "the checkpoint is kept");
    MixtureModel<?> resumed = estimator.apply(ckpt).fit(DATA);
    assertTrue(Files.notExists(file), "the same fit resumed and finished");
    assertEquals(2, resumed.numComponents());
  }

  @Test
  void aCheckpointOfOtherDataIsRefused() {
    Path ckpt = dir.resolve("data");
    interrupt(regressions(ckpt), DATA);
    IllegalArgumentException values = assertThrows(IllegalArgumentException.class,
        () -> regressions(ckpt).fit(Lines.frame(Lines.twoLines(200, 4), 2)));
    assertTrue(values.getMessage().contains("the data: the same number of rows and total weight"
        + " but other values"), values.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> regressions(ckpt).fit(Lines.frame(Lines.twoLines(201, 3), 2)));
    assertTrue(rows.getMessage().contains("the data: 200 rows of total weight 200.0 in the"
        + " checkpoint, 201 of 201.0 in this fit"), rows.getMessage());
    regressions(ckpt).fit(Lines.frame(Lines.twoLines(200, 3), 3));
    assertTrue(Files.notExists(ckpt.resolve(EmCheckpoint.FILE_NAME)),
        "the same rows in other partitions resume");
  }
}
