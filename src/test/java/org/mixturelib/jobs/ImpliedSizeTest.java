package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.ml.MixtureOfExperts;
import org.mixturelib.support.Spark;

/**
 * Issue 24, item 10: settings within the jobs' limits whose model state would still exhaust
 * the heap (k components of many features, whose covariances grow as k d^2; an MLP gate's
 * hidden layers through the estimator, which has no limits) are refused before the state is
 * allocated, in one line naming k or hiddenLayers, instead of an {@code OutOfMemoryError}.
 */
class ImpliedSizeTest {
  @TempDir
  Path dir;

  @Test
  void theFitJobRefusesKTimesManyFeaturesBeforeAllocating() throws IOException {
    int features = 800;
    List<String> names = IntStream.range(0, features).mapToObj(j -> "x" + j).toList();
    StringBuilder b = new StringBuilder(String.join(",", names)).append(",y\n");
    Random r = new Random(9);
    for (int i = 0; i < 101; i++) {
      for (int j = 0; j < features; j++) {
        b.append(r.nextInt(10)).append(',');
      }
      b.append(r.nextInt(10)).append('\n');
    }
    Path wide = Files.writeString(dir.resolve("wide.csv"), b.toString());
    Path out = dir.resolve("never");
    JobSafetyTest.refused("k = 100 components of " + (features + 1) + " coefficients would need",
        "fit", "--input", wide.toString(), "--label", "y", "--features",
        names.stream().collect(Collectors.joining(",")), "--k", "100", "--num-init", "1",
        "--output", out.toString());
    assertFalse(Files.exists(out));
  }

  @Test
  void theEstimatorRefusesHiddenLayersBeyondTheHeap() {
    List<Row> rows = new ArrayList<>();
    Random r = new Random(4);
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create(Vectors.dense(r.nextDouble()), r.nextDouble()));
    }
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
    Dataset<Row> df = Spark.session().createDataFrame(rows, schema);
    MixtureOfExperts est = new MixtureOfExperts().setK(2).setGate("mlp")
        .setHiddenLayers(new int[] {20000, 20000}).setNumInit(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> est.fit(df));
    assertTrue(e.getMessage().startsWith("k = 2 components of 2 coefficients with hiddenLayers"
        + " [20000, 20000] would need 4.00e+08 numbers"), e.getMessage());
  }
}
