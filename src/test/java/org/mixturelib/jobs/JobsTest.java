package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.Spark;

/**
 * The fit and predict jobs end to end through {@link Main#run}: real data, generated CSV and
 * Parquet, the model and prediction folders they write, and the reports.
 */
class JobsTest {
  @TempDir
  static Path dir;

  private static Path linesCsv;

  /** What one run printed and returned. */
  record Outcome(int code, String out, String err) {}

  static Outcome main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  static Outcome ok(String... args) {
    Outcome o = main(args);
    assertEquals(0, o.code(), "exit code of " + String.join(" ", args) + "; stderr:\n"
        + o.err());
    return o;
  }

  /**
   * Two lines on x in [0, 10] with constant weights 0.6 / 0.4: y = 1 + 2x and y = 8 - x, noise
   * sd 0.5, and a text id column that is not a feature.
   */
  static Path writeLinesCsv(Path file, int n, long seed) throws IOException {
    return writeLinesCsv(file, n, seed, 0.5);
  }

  /** The two lines with noise sd {@code sd}. */
  static Path writeLinesCsv(Path file, int n, long seed, double sd) throws IOException {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder("id,x,y,z\n");
    for (int i = 0; i < n; i++) {
      double x = 10 * r.nextDouble();
      int z = r.nextDouble() < 0.6 ? 1 : 2;
      double y = (z == 1 ? 1 + 2 * x : 8 - x) + sd * r.nextGaussian();
      b.append(String.format(Locale.ROOT, "row%d,%.6f,%.6f,%d%n", i, x, y, z));
    }
    Files.writeString(file, b.toString());
    return file;
  }

  @BeforeAll
  static void data() throws IOException {
    Spark.session();
    linesCsv = writeLinesCsv(dir.resolve("lines.csv"), 300, 11);
  }

  /** The value after a label in the summary text, e.g. "log-likelihood". */
  static double figure(String summary, String label) {
    for (String line : summary.split("\n")) {
      if (line.startsWith(label + " ")) {
        return Double.parseDouble(line.substring(label.length()).trim());
      }
    }
    throw new AssertionError("no '" + label + "' in\n" + summary);
  }

  /** Numbers of the component row {@code c} (1-based) of the summary table. */
  static double[] componentRow(String summary, int c) {
    for (String line : summary.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 1 && f[0].equals(Integer.toString(c)) && f[1].contains(".")) {
        return Arrays.stream(f).mapToDouble(Double::parseDouble).toArray();
      }
    }
    throw new AssertionError("no row for component " + c + " in\n" + summary);
  }

  static Dataset<Row> readCsv(Path folder) {
    return Spark.session().read().option("header", "true").option("inferSchema", "true")
        .csv(folder.toString());
  }

  @Test
  void tonedataFitsAtLeastFlexmixsLikelihoodAndPredicts() throws IOException {
    Path tone = Fixtures.shared().resolve("data/tonedata.csv");
    Path model = dir.resolve("tone-model");
    Outcome fit = ok("fit", "--input", tone.toString(), "--label", "tuned", "--k", "2",
        "--num-init", "10", "--output", model.toString(), "--report",
        dir.resolve("tone-report").toString());
    String s = fit.out();
    assertTrue(s.startsWith("Mixture of 2 linear regressions on 150 rows: tuned ~"
        + " stretchratio\n"), s);
    assertTrue(figure(s, "log-likelihood") >= 141.1984 - 1e-3, s);
    assertEquals("true", s.lines().filter(l -> l.startsWith("converged")).findFirst()
        .orElseThrow().split("\\s+")[1]);
    // The weights sum to one and the sizes to the rows. (Which optimum the engine reaches, and
    // whether it is flexmix's two lines, is the engine's parity tests' business.)
    double[] a = componentRow(s, 1);
    double[] b = componentRow(s, 2);
    assertEquals(1.0, a[1] + b[1], 1e-3, s);
    assertEquals(150, a[2] + b[2], 0.0, s);
    assertEquals(s, Files.readString(model.resolve("summary.txt")));
    for (String png : List.of("experts.png", "bound.png", "rootogram.png")) {
      assertTrue(Files.size(dir.resolve("tone-report").resolve(png)) > 1000, png);
    }
    String report = Files.readString(dir.resolve("tone-report/report.md"));
    assertTrue(report.contains("![experts over the data](experts.png)"), report);
    assertFalse(Files.exists(dir.resolve("tone-report/gate.png")),
        "no gate figure for constant weights");

    Path pred = dir.resolve("tone-pred");
    Outcome predicted = ok("predict", model.toString(), "--input", tone.toString(), "--output",
        pred.toString());
    assertEquals("predictions written to " + pred + ": prediction, prediction_std, component,"
        + " gate_1, gate_2, resp_1, resp_2", predicted.out().strip());
    Dataset<Row> p = readCsv(pred);
    assertEquals(List.of("stretchratio", "tuned", "prediction", "prediction_std", "component",
        "gate_1", "gate_2", "resp_1", "resp_2"), Arrays.asList(p.columns()));
    assertEquals(150, p.count());
    for (Row r : p.collectAsList()) {
      double r1 = r.getDouble(7);
      double r2 = r.getDouble(8);
      assertEquals(1.0, r1 + r2, 1e-9);
      assertEquals(r1 >= r2 ? 1 : 2, r.getInt(4), "most likely component");
      assertEquals(1.0, r.getDouble(5) + r.getDouble(6), 1e-9);
      assertTrue(r.getDouble(3) > 0, "a predictive standard deviation");
    }
  }

  @Test
  void csvFitPredictAndReportAgreeWithTheSavedPipeline() throws IOException {
    Path model = dir.resolve("lines-model");
    Outcome fit = ok("fit", "--input", linesCsv.toString(), "--label", "y", "--features", "x",
        "--k", "2", "--num-init", "3", "--output", model.toString());
    double[] a = componentRow(fit.out(), 1);
    double[] b = componentRow(fit.out(), 2);
    double[] up = a[5] > 0 ? a : b;
    double[] down = a[5] > 0 ? b : a;
    assertEquals(1, up[4], 0.2, fit.out());
    assertEquals(2, up[5], 0.05, fit.out());
    assertEquals(8, down[4], 0.2, fit.out());
    assertEquals(-1, down[5], 0.05, fit.out());
    assertEquals(0.6, up[1], 0.08, fit.out());

    Path pred = dir.resolve("lines-pred");
    ok("predict", model.toString(), "--input", linesCsv.toString(), "--output",
        pred.toString());
    List<Row> got = readCsv(pred).orderBy("id").collectAsList();
    List<Row> direct = PipelineModel.load(model.toString())
        .transform(readCsv(linesCsv)).orderBy("id").select("prediction", "predictionStd")
        .collectAsList();
    assertEquals(300, got.size());
    int agree = 0;
    int up1 = up == a ? 1 : 2;
    for (int i = 0; i < got.size(); i++) {
      Row r = got.get(i);
      assertEquals(direct.get(i).getDouble(0), r.getDouble(r.fieldIndex("prediction")), 1e-9);
      assertEquals(direct.get(i).getDouble(1), r.getDouble(r.fieldIndex("prediction_std")),
          1e-9);
      boolean first = r.getInt(r.fieldIndex("z")) == 1;
      if ((r.getInt(r.fieldIndex("component")) == up1) == first) {
        agree++;
      }
    }
    assertTrue(agree >= 0.9 * got.size(), agree + " of 300 rows in their true component");
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().contains(".tmp-")),
          "no temporary folders left");
    }
  }

  @Test
  void parquetMixtureOfExpertsPredictsWithoutTheLabel() throws IOException {
    Random r = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double x = 4 * r.nextDouble() - 2;
      boolean first = r.nextDouble() < 1 / (1 + Math.exp(-3 * x));
      double y = first ? 1 + 2 * x + 0.3 * r.nextGaussian() : 2 - 1.5 * x
          + 0.3 * r.nextGaussian();
      rows.add(RowFactory.create(x, y));
    }
    StructType schema = new StructType().add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    Path parquet = dir.resolve("experts.parquet");
    Spark.session().createDataFrame(rows, schema).coalesce(2).write().parquet(
        parquet.toString());
    Path model = dir.resolve("experts-model");
    Outcome fit = ok("fit", "--input", parquet.toString(), "--label", "y", "--k", "2",
        "--gate", "linear", "--num-init", "2", "--output", model.toString(), "--report",
        dir.resolve("experts-report").toString());
    assertTrue(fit.out().startsWith("Mixture of 2 linear experts (linear gate) on 300 rows:"
        + " y ~ x\n"), fit.out());
    assertTrue(Files.size(dir.resolve("experts-report/gate.png")) > 1000);

    Path unlabelled = dir.resolve("new-x.parquet");
    Spark.session().read().parquet(parquet.toString()).drop("y").write().parquet(
        unlabelled.toString());
    Path pred = dir.resolve("experts-pred");
    ok("predict", model.toString(), "--input", unlabelled.toString(), "--output",
        pred.toString());
    Dataset<Row> p = Spark.session().read().parquet(pred.toString());
    assertEquals(List.of("x", "prediction", "prediction_std", "component", "gate_1",
        "gate_2"), Arrays.asList(p.columns()));
    List<Row> sorted = p.orderBy("x").collectAsList();
    Row low = sorted.get(0);
    Row high = sorted.get(sorted.size() - 1);
    assertTrue(Math.abs(low.getDouble(4) - high.getDouble(4)) > 0.8,
        "the gate switches between x = -2 and x = 2: " + low + " vs " + high);
    assertTrue(low.getInt(3) != high.getInt(3), "the most likely component switches");
  }

  @Test
  void selectionOverKChoosesTheTwoPlantedLinesByBic() throws IOException {
    Path model = dir.resolve("selected-model");
    Path report = dir.resolve("selected-report");
    Outcome fit = ok("fit", "--input", linesCsv.toString(), "--label", "y", "--features", "x",
        "--select", "1..3", "--criterion", "bic", "--num-init", "2", "--output",
        model.toString(), "--report", report.toString());
    String s = fit.out();
    assertTrue(s.startsWith("Model selection by BIC\n"), s);
    List<String> chosen = s.lines().filter(l -> l.endsWith("*")).toList();
    assertEquals(1, chosen.size(), s);
    assertTrue(chosen.get(0).trim().startsWith("2 "), "BIC chooses k = 2:\n" + s);
    assertTrue(s.contains("\nMixture of 2 linear regressions on 300 rows: y ~ x\n"), s);
    assertTrue(Files.size(report.resolve("criteria.png")) > 1000);
    assertTrue(Files.readString(report.resolve("report.md"))
        .contains("![information criteria against k](criteria.png)"));
  }

  @Test
  void caseWeightsReachTheFitAWeightOfTwoDoublesTheLogLikelihood() throws IOException {
    List<String> lines = Files.readAllLines(linesCsv);
    StringBuilder b = new StringBuilder(lines.get(0) + ",w\n");
    for (String l : lines.subList(1, lines.size())) {
      b.append(l).append(",2\n");
    }
    Path weighted = Files.writeString(dir.resolve("weighted.csv"), b.toString());
    String plain = ok("fit", "--input", linesCsv.toString(), "--label", "y", "--features", "x",
        "--num-init", "1", "--output", dir.resolve("plain-model").toString()).out();
    String twice = ok("fit", "--input", weighted.toString(), "--label", "y", "--features",
        "x", "--weight", "w", "--num-init", "1", "--output",
        dir.resolve("weighted-model").toString()).out();
    assertTrue(twice.startsWith("Mixture of 2 linear regressions on 300 rows: y ~ x (weights"
        + " w)\n"), twice);
    assertEquals(2 * figure(plain, "log-likelihood"), figure(twice, "log-likelihood"), 1e-3,
        "the same fit with every row counted twice");
    assertEquals(2 * componentRow(plain, 1)[2], componentRow(twice, 1)[2], 0.0,
        "sizes are sums of case weights");
  }

  /** {@code --gate-features}: the gate reads RDS while the experts regress on lgRD. */
  @Test
  void gateFeaturesGiveTheGateItsOwnColumns() throws IOException {
    Path patent = Fixtures.shared().resolve("data/patent.csv");
    Path model = dir.resolve("patent-model");
    Outcome fit = ok("fit", "--input", patent.toString(), "--label", "Patents", "--features",
        "lgRD", "--k", "2", "--gate", "linear", "--gate-features", "RDS", "--num-init", "2",
        "--output", model.toString());
    assertTrue(fit.out().contains("Patents ~ lgRD"), fit.out());
    // the estimates table names the gate's terms by the gate's own inputs
    int gate = fit.out().indexOf("gate: component 2 against 1");
    assertTrue(gate > 0, fit.out());
    String[] gateRows = fit.out().substring(gate).split("\n", 3);
    assertTrue(gateRows[0].contains("(Intercept)") && gateRows[1].contains("RDS")
        && !gateRows[1].contains("lgRD"), fit.out());
    PipelineModel pipeline = PipelineModel.load(model.toString());
    org.mixturelib.ml.MixtureOfExpertsModel moe =
        (org.mixturelib.ml.MixtureOfExpertsModel) pipeline.stages()[2];
    // the gate on RDS alone: (1 input + 1 bias) x 2 components
    assertArrayEquals(new int[] {1, 2}, moe.gateLayerSizes());
    Path pred = dir.resolve("patent-pred");
    ok("predict", model.toString(), "--input", patent.toString(), "--output", pred.toString());
    assertEquals(70, readCsv(pred).count());
    Outcome bad = main("fit", "--input", patent.toString(), "--label", "Patents",
        "--gate-features", "RDS", "--output", dir.resolve("none").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--gate-features applies to --gate linear or mlp only"),
        bad.err());
  }
}
