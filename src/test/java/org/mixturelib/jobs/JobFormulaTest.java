package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.componentRow;
import static org.mixturelib.jobs.JobsTest.main;
import static org.mixturelib.jobs.JobsTest.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.support.Spark;

/**
 * Formulas, computed columns and several outputs in the jobs (issue 13): a fit through {@code
 * --formula} equals the fit on hand-built indicator columns, predict takes the raw table through
 * the saved formula stages, two outputs fit and predict one column each, and bad formulas,
 * expressions and factor levels end with one line and exit code 2.
 */
class JobFormulaTest {
  @TempDir
  static Path dir;
  private static Path treated;

  /**
   * Two components on x in [0, 10], a two-level factor Treatment (No, Yes) with an interaction
   * and a three-level factor Site (a, b, c): component 1 is y = 1 + 2x + 3 TreatmentYes - x
   * x:TreatmentYes + Site effects (b +1, c -1), component 2 is y = 20 - x - 4 TreatmentYes + 0.5
   * x:TreatmentYes (Site b -2, c +2), noise sd 0.5, 60% in component 1. The second output is
   * y2 = 5 + 0.5x or -5 + 1.5x. The table also holds the indicator columns built by hand, as R
   * would build them (reference levels No and a), and lx = log(x + 1).
   */
  static Path writeTreated(Path file, int n, long seed) throws IOException {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder("x,Treatment,Site,y,y2,z,TreatmentYes,Siteb,Sitec,"
        + "x_TreatmentYes,lx\n");
    String[] sites = {"a", "b", "c"};
    for (int i = 0; i < n; i++) {
      double x = Math.rint(10e6 * r.nextDouble()) / 1e6;
      int t = r.nextBoolean() ? 1 : 0;
      int s = r.nextInt(3);
      int z = r.nextDouble() < 0.6 ? 1 : 2;
      double site = z == 1 ? new double[] {0, 1, -1}[s] : new double[] {0, -2, 2}[s];
      double y = (z == 1 ? 1 + 2 * x + 3 * t - x * t : 20 - x - 4 * t + 0.5 * x * t) + site
          + 0.5 * r.nextGaussian();
      double y2 = (z == 1 ? 5 + 0.5 * x : -5 + 1.5 * x) + 0.5 * r.nextGaussian();
      b.append(String.format(Locale.ROOT, "%.6f,%s,%s,%.6f,%.6f,%d,%d,%d,%d,%.6f,%s%n", x,
          t == 1 ? "Yes" : "No", sites[s], y, y2, z, t, s == 1 ? 1 : 0, s == 2 ? 1 : 0, x * t,
          Double.toString(Math.log(x + 1))));
    }
    Files.writeString(file, b.toString());
    return file;
  }

  @BeforeAll
  static void data() throws IOException {
    Spark.session();
    treated = writeTreated(dir.resolve("treated.csv"), 400, 21);
  }

  private static MixtureModel<?> mixture(Path model) {
    Transformer[] stages = PipelineModel.load(model.toString()).stages();
    return (MixtureModel<?>) stages[stages.length - 1];
  }

  private static Dataset<Row> readCsv(Path folder) {
    return Spark.session().read().option("header", "true").option("inferSchema", "true")
        .csv(folder.toString()).orderBy("x");
  }

  private static void sameModel(MixtureModel<?> a, MixtureModel<?> b) {
    double[] ca = a.coefficients().toArray();
    double[] cb = b.coefficients().toArray();
    assertEquals(ca.length, cb.length);
    for (int i = 0; i < ca.length; i++) {
      assertEquals(ca[i], cb[i], 1e-9 * (1 + Math.abs(ca[i])), "coefficient " + i);
    }
    double[] ia = a.intercepts().toArray();
    double[] ib = b.intercepts().toArray();
    for (int i = 0; i < ia.length; i++) {
      assertEquals(ia[i], ib[i], 1e-9 * (1 + Math.abs(ia[i])), "intercept " + i);
    }
  }

  @Test
  void aFormulaFitEqualsTheFitOnHandBuiltIndicatorsAndPredictsFromTheRawTable()
      throws IOException {
    Path byFormula = dir.resolve("formula-model");
    Path byHand = dir.resolve("hand-model");
    String f = ok("fit", "--input", treated.toString(), "--formula",
        "y ~ x + Treatment + Site + x:Treatment + lx1", "--column", "lx1=log(x + 1)", "--k",
        "2", "--num-init", "2", "--seed", "7", "--output", byFormula.toString()).out();
    String h = ok("fit", "--input", treated.toString(), "--label", "y", "--features",
        "x,TreatmentYes,Siteb,Sitec,x_TreatmentYes,lx", "--k", "2", "--num-init", "2",
        "--seed", "7", "--output", byHand.toString()).out();
    String header = f.lines().filter(l -> l.startsWith("component")).findFirst().orElseThrow();
    assertEquals(List.of("component", "weight", "size", "noise", "sd", "(intercept)", "x",
        "TreatmentYes", "Siteb", "Sitec", "x:TreatmentYes", "lx1"),
        Arrays.asList(header.trim().split("\\s+")), f);
    assertTrue(f.startsWith("Mixture of 2 linear regressions on 400 rows: y ~ x + Treatment"
        + " + Site + x:Treatment + lx1\n"), f);
    sameModel(mixture(byFormula), mixture(byHand));
    // the planted component 2: TreatmentYes -4, Siteb -2, x:TreatmentYes 0.5
    double[] a = componentRow(f, 1);
    double[] b = componentRow(f, 2);
    double[] second = a[4] > b[4] ? a : b;
    assertEquals(-4, second[6], 0.4, f);
    assertEquals(-2, second[7], 0.4, f);
    assertEquals(0.5, second[9], 0.1, f);

    Path raw = Files.writeString(dir.resolve("raw.csv"), Files.readAllLines(treated).stream()
        .map(l -> String.join(",", Arrays.copyOfRange(l.split(","), 0, 5)))
        .reduce("", (x, y) -> x + y + "\n"));
    ok("predict", byFormula.toString(), "--input", raw.toString(), "--output",
        dir.resolve("formula-pred").toString());
    ok("predict", byHand.toString(), "--input", treated.toString(), "--output",
        dir.resolve("hand-pred").toString());
    List<Row> got = readCsv(dir.resolve("formula-pred")).collectAsList();
    List<Row> want = readCsv(dir.resolve("hand-pred")).collectAsList();
    assertEquals(400, got.size());
    assertEquals(List.of("x", "Treatment", "Site", "y", "y2", "prediction", "prediction_std",
        "component", "gate_1", "gate_2", "resp_1", "resp_2"), Arrays.asList(
            got.get(0).schema().fieldNames()));
    for (int i = 0; i < got.size(); i++) {
      for (String c : List.of("prediction", "prediction_std", "resp_1")) {
        double g = got.get(i).getDouble(got.get(i).fieldIndex(c));
        double w = want.get(i).getDouble(want.get(i).fieldIndex(c));
        assertEquals(w, g, 1e-9 * (1 + Math.abs(w)), c + " of row " + i);
      }
    }

    // a level the training data did not have: one line naming it and its column, or skipped
    Path unseen = Files.writeString(dir.resolve("unseen.csv"),
        "x,Treatment,Site\n1.5,Yes,a\n2.5,No,d\n3.5,No,b\n");
    JobsTest.Outcome bad = main("predict", byFormula.toString(), "--input", unseen.toString(),
        "--output", dir.resolve("unseen-pred").toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("factor column 'Site'") && bad.err().contains("level 'd'")
        && bad.err().contains("its levels: a, b, c"), bad.err());
    ok("predict", byFormula.toString(), "--input", unseen.toString(), "--output",
        dir.resolve("unseen-pred").toString(), "--bad-rows", "skip");
    List<Row> kept = readCsv(dir.resolve("unseen-pred")).collectAsList();
    assertEquals(List.of("a", "b"), kept.stream().map(r -> r.getString(2)).toList());
  }

  @Test
  void twoOutputsFitAndPredictOneColumnEach() throws IOException {
    Path model = dir.resolve("two-model");
    String s = ok("fit", "--input", treated.toString(), "--label", "y,y2", "--features",
        "x,TreatmentYes,x_TreatmentYes", "--k", "2", "--num-init", "3", "--seed", "3",
        "--output", model.toString()).out();
    String header = s.lines().filter(l -> l.startsWith("component")).findFirst().orElseThrow();
    assertEquals(List.of("component", "weight", "size", "noise", "sd", "y~(intercept)", "y~x",
        "y~TreatmentYes", "y~x_TreatmentYes", "y2~(intercept)", "y2~x", "y2~TreatmentYes",
        "y2~x_TreatmentYes"), Arrays.asList(header.trim().split("\\s+")), s);
    assertTrue(s.contains(": cbind(y, y2) ~ x + TreatmentYes + x_TreatmentYes\n"), s);
    double[] a = componentRow(s, 1);
    double[] b = componentRow(s, 2);
    double[] first = a[4] < b[4] ? a : b;
    // component 1: y = 1 + 2x + 3 TreatmentYes - x x:TreatmentYes, y2 = 5 + 0.5x (Site adds
    // noise of its own to y; y2 has none)
    assertEquals(2, first[5], 0.15, s);
    assertEquals(5, first[8], 0.3, s);
    assertEquals(0.5, first[9], 0.05, s);
    assertEquals(0, first[10], 0.3, s);

    Path same = dir.resolve("two-model-formula");
    String viaFormula = ok("fit", "--input", treated.toString(), "--formula",
        "cbind(y, y2) ~ x + Treatment + x:Treatment", "--k", "2", "--num-init", "3", "--seed",
        "3", "--output", same.toString()).out();
    sameModel(mixture(model), mixture(same));
    assertTrue(viaFormula.contains("y2~x:TreatmentYes"), viaFormula);

    Path pred = dir.resolve("two-pred");
    ok("predict", model.toString(), "--input", treated.toString(), "--output",
        pred.toString());
    Dataset<Row> p = readCsv(pred);
    List<String> cols = Arrays.asList(p.columns());
    assertTrue(cols.containsAll(List.of("prediction_y", "prediction_y2", "prediction_std",
        "resp_1")) && !cols.contains("prediction"), cols.toString());
    List<Row> direct = PipelineModel.load(model.toString()).transform(
        Spark.session().read().option("header", "true").option("inferSchema", "true")
            .csv(treated.toString())).orderBy("x").select("prediction").collectAsList();
    List<Row> got = p.collectAsList();
    for (int i = 0; i < got.size(); i++) {
      double[] v = ((org.apache.spark.ml.linalg.Vector) direct.get(i).get(0)).toArray();
      assertEquals(v[0], got.get(i).getDouble(got.get(i).fieldIndex("prediction_y")), 1e-9);
      assertEquals(v[1], got.get(i).getDouble(got.get(i).fieldIndex("prediction_y2")), 1e-9);
    }
    // without the labels: predictions, no responsibilities
    Path unlabelled = Files.writeString(dir.resolve("unlabelled.csv"),
        "x,TreatmentYes,x_TreatmentYes\n1.0,0,0\n2.0,1,2.0\n");
    ok("predict", model.toString(), "--input", unlabelled.toString(), "--output",
        dir.resolve("two-pred-unlabelled").toString());
    List<String> c2 = Arrays.asList(readCsv(dir.resolve("two-pred-unlabelled")).columns());
    assertTrue(c2.contains("prediction_y2") && !c2.contains("resp_1"), c2.toString());
  }

  @Test
  void badFormulasAndExpressionsEndWithOneLineAndExitCodeTwo() {
    String[][] cases = {
        {"--formula", "y ~ x + Treatmen", "column 'Treatmen', which is not in"},
        {"--formula", "y ~ x", "--column", "lz=log(x", "computed column 'lz=log(x'"},
        {"--formula", "y ~ x", "--column", "lz=log(Dy)", "`Dy`"},
        {"--formula", "y ~ x", "--column", "2x=x*2", "--column must look like"},
        {"--formula", "y x", "--formula must look like"},
        {"--formula", "y ~ x", "--label", "y", "give --formula or --label, not both"},
        {"--formula", "Site ~ x", "label column 'Site'"},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length + 6];
      args[0] = "fit";
      args[1] = "--input";
      args[2] = treated.toString();
      System.arraycopy(c, 0, args, 3, c.length - 1);
      args[c.length + 2] = "--output";
      args[c.length + 3] = dir.resolve("never").toString();
      args[c.length + 4] = "--k";
      args[c.length + 5] = "2";
      JobsTest.Outcome o = main(args);
      assertEquals(2, o.code(), String.join(" ", args) + "\n" + o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
      assertTrue(o.err().contains(c[c.length - 1]), o.err());
    }
  }

  /**
   * Column names meet the formula: a dotted label and weight go through the encoding (the fit
   * and predict work, the output keeps the table's names), while a formula term whose name
   * RFormula cannot parse, named or reached through {@code .}, is refused naming the column.
   */
  @Test
  void formulaTermsNeedNamesRFormulaParsesLabelsAndWeightsTakeAny() throws IOException {
    List<String> lines = Files.readAllLines(treated);
    StringBuilder b = new StringBuilder("x,Treatment,Site,y.val,y2,z,w.t,Siteb,Sitec,"
        + "x_TreatmentYes,l.x\n");
    for (String l : lines.subList(1, lines.size())) {
      String[] v = l.split(",");
      v[6] = "1";
      b.append(String.join(",", v)).append('\n');
    }
    Path dotted = Files.writeString(dir.resolve("dotted.csv"), b.toString());
    Path model = dir.resolve("dotted-model");
    String summary = ok("fit", "--input", dotted.toString(), "--formula",
        "y.val ~ x + Treatment + x:Treatment + Site", "--weight", "w.t", "--k", "2", "--seed",
        "3", "--output", model.toString()).out();
    assertTrue(summary.contains("TreatmentYes"), summary);
    ok("predict", model.toString(), "--input", dotted.toString(), "--output",
        dir.resolve("dotted-pred").toString());
    List<String> cols = Arrays.asList(readCsv(dir.resolve("dotted-pred")).columns());
    assertTrue(cols.containsAll(List.of("y.val", "w.t", "l.x", "prediction", "resp_2")),
        cols.toString());
    for (String formula : List.of("y.val ~ x + l.x", "y.val ~ .")) {
      JobsTest.Outcome o = main("fit", "--input", dotted.toString(), "--formula", formula,
          "--weight", "w.t", "--output", dir.resolve("never").toString());
      assertEquals(2, o.code(), formula + "\n" + o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
      assertTrue(o.err().contains("column 'l.x'") && o.err().contains("cannot be named in"
          + " --formula"), o.err());
    }
  }
}
