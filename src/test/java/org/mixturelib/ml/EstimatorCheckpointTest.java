package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.engine.EmCheckpoint;

/**
 * {@code setCheckpointDir} on both estimators: the fit goes through the engine's checkpoints
 * (it reads what the folder holds, and a finished fit leaves no checkpoint), the param is kept
 * by copies and saved estimators.
 */
class EstimatorCheckpointTest {
  @TempDir
  Path dir;

  private void checkpointed(MixtureEstimator<?, ?> e, Dataset<Row> data) throws Exception {
    Path folder = dir.resolve(e.getClass().getSimpleName());
    e.setCheckpointDir(folder.toString()).setCheckpointInterval(1).setMaxIter(5);
    assertEquals(folder.toString(), e.copy(org.apache.spark.ml.param.ParamMap.empty())
        .getCheckpointDir());
    assertEquals(folder.toString(), e.engineConfig().checkpointDir());
    e.fit(data);
    assertTrue(Files.isDirectory(folder), "the fit wrote its checkpoints there");
    assertFalse(Files.exists(folder.resolve(EmCheckpoint.FILE_NAME)),
        "a finished fit removes its checkpoint");
    Files.write(folder.resolve(EmCheckpoint.FILE_NAME), new byte[] {1, 2, 3});
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> e.fit(data));
    assertTrue(bad.getMessage().startsWith("checkpointDir '" + folder + "': "
        + EmCheckpoint.FILE_NAME + " is not a checkpoint"), bad.getMessage());
    assertEquals("", new MixtureOfRegressions().getCheckpointDir(), "default: none");
  }

  @Test
  void bothEstimatorsCheckpointIntoTheirFolder() throws Exception {
    Dataset<Row> data = Lines.frame(Lines.twoLines(200, 3), 2);
    checkpointed(new MixtureOfRegressions().setNumInit(1), data);
    checkpointed(new MixtureOfExperts().setNumInit(1), data);
  }
}
