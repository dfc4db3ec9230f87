package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Spark;

/**
 * A model saved before session 7 whose noise component minPrior had removed: its metadata kept
 * {@code noiseComponent} true beside the plain experts in {@code data.json} (commit d527e3d
 * made the save write false; that was the only change to the folder). Such a folder, written
 * here by today's writer with the param put back to true as the old one wrote it, loads as the
 * plain family and scores as the model did.
 */
class RemovedNoiseLegacyLoadTest {
  @TempDir
  static Path dir;

  @Test
  void theOldLayoutLoadsAsThePlainFamily() throws Exception {
    Random rnd = new Random(11);
    int n = 600;
    double[][] x = new double[n][1];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = 4 * rnd.nextDouble() - 2;
      y[i][0] = (i % 2 == 0 ? 1 + 2 * x[i][0] : -2 - x[i][0]) + 0.3 * rnd.nextGaussian();
    }
    Dataset<Row> data = Spark.frame(x, y, 2);
    MixtureOfRegressionsModel m = new MixtureOfRegressions().setK(3).setNoiseComponent(true)
        .setSeed(3).setNumInit(3).setMinPrior(0.05).fit(data);
    assertEquals(2, m.numComponents(), "the noise component is removed");
    Path saved = dir.resolve("old-layout");
    m.write().save(saved.toString());
    Path metadata = saved.resolve("metadata");
    String text = Files.readString(metadata, StandardCharsets.UTF_8);
    String today = "\"noiseComponent\":false";
    assertTrue(text.contains(today), text);
    Files.writeString(metadata, text.replace(today, "\"noiseComponent\":true"),
        StandardCharsets.UTF_8);
    Files.deleteIfExists(saved.resolve(".metadata.crc"));
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertEquals("gaussian", back.mixtureState().experts().typeId());
    assertFalse(back.getNoiseComponent());
    assertEquals(2, back.numComponents());
    List<Row> a = m.transform(data).limit(30).collectAsList();
    List<Row> b = back.transform(data).limit(30).collectAsList();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).<Double>getAs("prediction"), b.get(i).<Double>getAs("prediction"),
          0.0);
    }
  }
}
