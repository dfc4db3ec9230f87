package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
import org.mixturelib.support.Spark;

/**
 * Model directories saved by main's code before the expert families (commit fb047d0, a
 * mixture of regressions and a mixture of experts fitted on 120 planted rows), and GLM models
 * saved by main before the components' type ids (commit ae01539: Poisson regressions, Gamma
 * experts), with main's transform output beside them: they still load, and score as main
 * scored them, to rounding (1e-13 relative: the Gaussian log-densities are now summed in strips
 * of rows, in another order than the code that wrote the fixtures).
 */
class MainFixtureTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/main-fb047d0");
  private static final Path GLM = Path.of("src/test/resources/fixtures/main-ae01539-glm");
  private static final String[] COLUMNS = {"prediction", "probability", "componentPredictions",
      "predictionStd", "responsibility", "logLikelihood"};
  private static final double ROUNDING = 1e-13;

  private static double bits(String hex) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
  }

  private static Dataset<Row> rows(Path dir) throws Exception {
    StructType schema = new StructType(new StructField[] {
        new StructField("features", new VectorUDT(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("rows.csv"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      rows.add(RowFactory.create(Vectors.dense(bits(f[0])), bits(f[1])));
    }
    return Spark.session().createDataFrame(rows, schema).coalesce(1);
  }

  private static void scoresAsMain(String name, Function<String, MixtureModel<?>> load)
      throws Exception {
    scoresAsMain(DIR, name, load);
  }

  private static void scoresAsMain(Path dir, String name,
      Function<String, MixtureModel<?>> load) throws Exception {
    Dataset<Row> rows = rows(dir); // starts the session that load reads with
    MixtureModel<?> model = load.apply(dir.resolve(name).toString());
    List<Row> scored = model.transform(rows).collectAsList();
    List<String> want = Files.readAllLines(dir.resolve(name + "-scores.csv"));
    assertEquals(want.size() - 1, scored.size());
    for (int i = 0; i < scored.size(); i++) {
      String[] cells = want.get(i + 1).split(",");
      for (int c = 0; c < COLUMNS.length; c++) {
        Object v = scored.get(i).getAs(COLUMNS[c]);
        double[] got = v instanceof Vector vec ? vec.toArray() : new double[] {(Double) v};
        String[] hex = cells[c].split(" ");
        assertEquals(hex.length, got.length, name + " row " + i + " " + COLUMNS[c]);
        for (int j = 0; j < got.length; j++) {
          double expected = bits(hex[j]);
          assertEquals(expected, got[j], ROUNDING * Math.abs(expected),
              name + " row " + i + " " + COLUMNS[c]);
        }
      }
    }
  }

  @Test
  void mixtureOfRegressionsSavedByMainScoresAsMainDid() throws Exception {
    scoresAsMain("regressions", MixtureOfRegressionsModel::load);
  }

  @Test
  void mixtureOfExpertsSavedByMainScoresAsMainDid() throws Exception {
    scoresAsMain("experts", MixtureOfExpertsModel::load);
  }

  @Test
  void poissonRegressionsSavedByMainScoresAsMainDid() throws Exception {
    scoresAsMain(GLM, "poisson-regressions", MixtureOfRegressionsModel::load);
  }

  @Test
  void gammaExpertsSavedByMainScoresAsMainDid() throws Exception {
    scoresAsMain(GLM, "gamma-experts", MixtureOfExpertsModel::load);
  }
}
