package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.ml.MixtureOfRegressions;
import org.mixturelib.support.Spark;

/**
 * Issue 24, item 6, the small side: features near 1e-200 and labels near 1e-155 (whose squares
 * underflow, so that a feature looked collinear and a label looked fitted exactly) are refused
 * with one line naming the column, through the fit job and through the estimator; the same
 * planted two-line data at ordinary scales fits.
 */
class TinyScalesTest {
  @TempDir
  Path dir;

  /** Two planted lines, y = 1 + 2x and y = 8 - x, with the columns scaled as given. */
  private static double[][] lines(double xScale, double yScale) {
    Random r = new Random(3);
    double[][] rows = new double[60][];
    for (int i = 0; i < rows.length; i++) {
      double x = 10 * r.nextDouble();
      double y = (i % 2 == 0 ? 1 + 2 * x : 8 - x) + 0.2 * r.nextGaussian();
      rows[i] = new double[] {x * xScale, y * yScale};
    }
    return rows;
  }

  private Path csv(String name, double xScale, double yScale) throws IOException {
    StringBuilder b = new StringBuilder("x,y\n");
    for (double[] row : lines(xScale, yScale)) {
      b.append(String.format(Locale.ROOT, "%.17g,%.17g%n", row[0], row[1]));
    }
    return Files.writeString(dir.resolve(name), b.toString());
  }

  private String[] fit(Path input, String output) {
    return new String[] {"fit", "--input", input.toString(), "--label", "y", "--features", "x",
        "--k", "2", "--num-init", "2", "--output", dir.resolve(output).toString()};
  }

  @Test
  void theFitJobRefusesTinyColumnsNamingThem() throws IOException {
    JobsTest.ok(fit(csv("ordinary.csv", 1, 1), "model"));
    double largest = java.util.Arrays.stream(lines(1e-200, 1)).mapToDouble(r -> r[0]).max()
        .getAsDouble();
    JobSafetyTest.refused("feature column 'x': its values are at most " + String.format(
        Locale.ROOT, "%.3g", largest) + " in magnitude, below 1.0E-100, where their squares underflow in the fit; multiply the column by a"
        + " constant", fit(csv("tiny-x.csv", 1e-200, 1), "never"));
    JobSafetyTest.refused("label column 'y': its values are at most ",
        fit(csv("tiny-y.csv", 1, 1e-155), "never"));
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void theEstimatorRefusesTinyColumnsNamingThem() {
    MixtureOfRegressions est = new MixtureOfRegressions().setK(2).setNumInit(2);
    // the unscaled data fits: the refusal below is the scale's, not the data's
    assertEquals(2, est.fit(frame(1, 1)).getK());
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
        () -> est.fit(frame(1e-200, 1)));
    assertTrue(x.getMessage().startsWith("feature column 'x': its values are at most"),
        x.getMessage());
    IllegalArgumentException y = assertThrows(IllegalArgumentException.class,
        () -> est.fit(frame(1, 1e-155)));
    assertTrue(y.getMessage().startsWith("label column 'label': its values are at most"),
        y.getMessage());
  }

  private static Dataset<Row> frame(double xScale, double yScale) {
    List<Row> rows = new ArrayList<>();
    for (double[] r : lines(xScale, yScale)) {
      rows.add(RowFactory.create(r[0], r[1]));
    }
    StructType schema = new StructType().add("x", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    Dataset<Row> df = Spark.session().createDataFrame(rows, schema).repartition(2);
    return new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features")
        .transform(df);
  }
}
