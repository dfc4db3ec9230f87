package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.RFormula;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.Spark;

/**
 * A formula saved as one {@link FormulaFeatures} stage against the folders written before it
 * (Spark's {@code StringIndexerModel}, {@code RFormulaModel} and {@code VectorSlicer}: the
 * fixture {@code fixtures/jobs-formula-82aaff7}, written by main at 82aaff7): the old folder still
 * loads and scores as it did to the bit, a new fit of the same command writes the same summary
 * and the same predictions (through {@code PipelineModel.load} and the predict job) with no
 * Spark job between the read and the save; and on the biochemists' factors the stage's columns
 * are named as R's {@code model.matrix} names them (skipped without Rscript) and hold the values
 * of RFormula's columns of those names.
 */
class FormulaFeaturesTest {
  @TempDir
  static Path dir;

  private static final Path FIXTURE = fixture();
  private static final String[] FIT = {"--formula", "art ~ fem + mar + ment + fem:ment + l",
      "--column", "l=log(1 + phd)", "--family", "poisson", "--k", "2", "--num-init", "3",
      "--seed", "5"};

  private static Path fixture() {
    try {
      return Path.of(FormulaFeaturesTest.class.getResource("/fixtures/jobs-formula-82aaff7")
          .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The predict job's output on the fixture's rows, as text. */
  private static String predict(Path model, String name) throws IOException {
    Path out = dir.resolve(name);
    JobsTest.ok("predict", model.toString(), "--input", FIXTURE.resolve("rows.csv").toString(),
        "--output", out.toString());
    try (Stream<Path> s = Files.list(out)) {
      Path part = s.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst()
          .orElseThrow();
      return Files.readString(part);
    }
  }

  private static List<Double> predictions(Path model) {
    Dataset<Row> rows = JobsTest.readCsv(FIXTURE.resolve("rows.csv"));
    return PipelineModel.load(model.toString()).transform(rows).select("prediction")
        .collectAsList().stream().map(r -> r.getDouble(0)).toList();
  }

  private static List<Double> fixturePredictions() {
    return JobsTest.readCsv(FIXTURE.resolve("scores.csv")).select("prediction").collectAsList()
        .stream().map(r -> r.getDouble(0)).toList();
  }

  @Test
  void aFolderWithSparksFormulaStagesScoresAsBefore() throws IOException {
    Spark.session();
    assertEquals(Files.readString(FIXTURE.resolve("scores.csv")),
        predict(FIXTURE.resolve("model"), "old-scores"));
    assertEquals(fixturePredictions(), predictions(FIXTURE.resolve("model")));
  }

  @Test
  void aNewFitSavesOneStageAndPredictsAsBefore() throws IOException {
    Path model = dir.resolve("new");
    List<String> args = new ArrayList<>(List.of("fit", "--input",
        FIXTURE.resolve("rows.csv").toString(), "--output", model.toString()));
    args.addAll(List.of(FIT));
    List<String> jobs = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        jobs.add(e.stageInfos().last().name());
      }
    };
    Spark.session().sparkContext().addSparkListener(listener);
    try {
      JobsTest.ok(args.toArray(new String[0]));
      Spark.session().sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      Spark.session().sparkContext().removeSparkListener(listener);
    }
    // the CSV's schema inference and read; nothing after
    for (String job : jobs) {
      assertTrue(job.contains("InputTable"), "a Spark job after the read: " + jobs);
    }
    assertEquals(Files.readString(FIXTURE.resolve("model/summary.txt")),
        Files.readString(model.resolve("summary.txt")));
    PipelineModel loaded = PipelineModel.load(model.toString());
    assertTrue(loaded.stages()[1] instanceof FormulaFeatures, Arrays.toString(loaded.stages()));
    try (Stream<Path> s = Files.walk(model)) {
      assertFalse(s.anyMatch(p -> p.toString().endsWith(".parquet")), "a Parquet file");
    }
    // the fixture's fit ran in a JVM without the vector module: the EM's sums may differ in
    // their last bits, so the refit's predictions agree to 1e-9, and the predict job's are those
    // of PipelineModel.load to the bit
    List<Double> ours = predictions(model);
    List<Double> before = fixturePredictions();
    assertEquals(before.size(), ours.size());
    for (int i = 0; i < ours.size(); i++) {
      assertEquals(before.get(i), ours.get(i), 1e-9 * Math.abs(before.get(i)), "row " + i);
    }
    predict(model, "new-scores");
    assertEquals(ours, JobsTest.readCsv(dir.resolve("new-scores")).select("prediction")
        .collectAsList().stream().map(r -> r.getDouble(0)).toList());
  }

  @Test
  void aStageWhoseColumnsNameNoLevelIsRefused() throws IOException {
    Path model = dir.resolve("tampered");
    List<String> args = new ArrayList<>(List.of("fit", "--input",
        FIXTURE.resolve("rows.csv").toString(), "--output", model.toString()));
    args.addAll(List.of(FIT));
    JobsTest.ok(args.toArray(new String[0]));
    Path meta;
    try (Stream<Path> s = Files.walk(model)) {
      meta = s.filter(p -> p.toString().contains("formulaFeatures_")
          && p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    String text = Files.readString(meta);
    assertTrue(text.contains("\"terms\":[[0,1],"), text);
    Files.writeString(meta, text.replace("\"terms\":[[0,1],", "\"terms\":[[0,2],"));
    Files.deleteIfExists(meta.resolveSibling("." + meta.getFileName() + ".crc"));
    String err = JobSafetyTest.refused("'" + model + "' is not a model written by jobs/fit.sh",
        "predict", model.toString(), "--input", FIXTURE.resolve("rows.csv").toString(),
        "--output", dir.resolve("tampered-scores").toString());
    assertTrue(err.contains("does not name its input columns and levels"), err);
  }

  /** Formulas on the biochemists' factors fem and mar: interactions, no intercept. */
  private static final List<String> FORMULAS = List.of("fem + mar + ment + fem:ment",
      "kid5 + fem*mar", "fem + mar + ment - 1", "ment + ment:fem", "mar + kid5:phd:fem");

  private static Design.Fitted fitted(String terms, Dataset<Row> data, List<String[]> levels) {
    return Design.fitFormula(terms, List.of("fem", "mar"), levels, Design.interceptIn(terms),
        data, "features", terms);
  }

  @Test
  void theColumnsHoldRFormulasValues() {
    Path csv = Fixtures.shared().resolve("data/biochemists.csv");
    InputTable in = InputTable.read(Spark.session(), csv.toString(), null);
    Dataset<Row> data = in.data();
    List<String[]> levels = in.levels(List.of("fem", "mar"));
    for (String terms : FORMULAS) {
      FormulaFeatures stage = (FormulaFeatures) fitted(terms, data, levels).stages().get(0);
      Dataset<Row> spark = new RFormula().setFormula("~ " + terms).setFeaturesCol("r")
          .setStringIndexerOrderType("alphabetDesc").fit(data).transform(data);
      Attribute[] attrs = AttributeGroup.fromStructField(spark.schema().apply("r"))
          .attributes().get();
      List<String> sparkNames = Arrays.stream(attrs).map(a -> a.name().get()).toList();
      int[] at = new int[stage.names().size()];
      int[][] parts = stage.getOrDefault(stage.terms());
      for (int i = 0; i < at.length; i++) {
        List<String> name = new ArrayList<>();
        for (int p = 0; p < parts[i].length; p += 2) {
          String column = stage.getInputCols()[parts[i][p]];
          name.add(parts[i][p + 1] < 0 ? column : column + "_"
              + stage.getOrDefault(stage.levels())[parts[i][p]][parts[i][p + 1]]);
        }
        at[i] = sparkNames.indexOf(String.join(":", name));
        assertTrue(at[i] >= 0, terms + ": " + name + " not among " + sparkNames);
      }
      List<Row> ours = stage.transform(spark).select("features", "r").collectAsList();
      assertEquals(915, ours.size());
      for (Row r : ours) {
        Vector a = r.getAs(0);
        Vector b = r.getAs(1);
        for (int i = 0; i < at.length; i++) {
          assertEquals(b.apply(at[i]), a.apply(i), terms + " column " + stage.names().get(i));
        }
      }
    }
  }

  @Test
  void theColumnsAreNamedAsRNamesThem() throws Exception {
    Path csv = Fixtures.shared().resolve("data/biochemists.csv");
    StringBuilder script = new StringBuilder("d <- read.csv('" + csv + "')\n");
    for (String terms : FORMULAS) {
      script.append("cat(setdiff(colnames(model.matrix(~ ").append(terms)
          .append(", d)), '(Intercept)'), '\\n')\n");
    }
    Path file = Files.writeString(dir.resolve("names.R"), script);
    Process p;
    try {
      p = new ProcessBuilder("Rscript", file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      p = null;
    }
    assumeTrue(p != null, "Rscript is absent; skipping");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "Rscript failed");
    String[] lines = out.split("\n");
    InputTable in = InputTable.read(Spark.session(), csv.toString(), null);
    List<String[]> levels = in.levels(List.of("fem", "mar"));
    for (int f = 0; f < FORMULAS.size(); f++) {
      List<String> r = List.of(lines[f].trim().split(" "));
      List<String> ours = fitted(FORMULAS.get(f), in.data(), levels).names();
      assertEquals(r, ours, FORMULAS.get(f));
    }
  }
}
