package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Spark;

/**
 * Issue 17 through the jobs' entry point, as a careless or a hostile user would run them: every
 * case ends with its exit code and one line naming the path or column, no stack trace, and
 * every input and earlier output exactly as it was (compared file by file, by digest).
 */
class JobSafetyTest {
  @TempDir
  static Path dir;

  private static Path csv;
  private static Path model;

  @BeforeAll
  static void data() throws IOException {
    Spark.session();
    csv = JobsTest.writeLinesCsv(Files.createDirectories(dir.resolve("in")).resolve("lines.csv"),
        80, 5);
    model = dir.resolve("model");
    JobsTest.ok("fit", "--input", csv.toString(), "--label", "y", "--features", "x", "--k", "2",
        "--num-init", "1", "--output", model.toString());
  }

  /** Every file under {@code root} with the SHA-256 of its bytes. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        try {
          out.put(root.relativize(p).toString(), HexFormat.of().formatHex(
              MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }

  /** Runs the job and checks exit code 2, one line starting as given, no trace, no stdout. */
  static String refused(String start, String... args) {
    JobsTest.Outcome o = JobsTest.main(args);
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), "one line:\n" + o.err());
    assertTrue(o.err().startsWith("error: " + start), "expected 'error: " + start + "...', got\n"
        + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    assertEquals("", o.out());
    return o.err();
  }

  private static String[] fit(Object... more) {
    List<String> a = new java.util.ArrayList<>(List.of("fit", "--input", csv.toString(),
        "--label", "y", "--features", "x", "--k", "2", "--num-init", "1"));
    for (Object m : more) {
      a.add(m.toString());
    }
    return a.toArray(new String[0]);
  }

  // ---------------------------------------------------------------- 1. data loss

  @Test
  void reportOnTheModelsFolderIsRefusedAndTheModelKept() throws IOException {
    Map<String, String> before = tree(model);
    refused("--output '" + model + "' is --report '" + model + "'; a job never writes over its"
        + " own inputs or outputs", fit("--output", model, "--report", model, "--overwrite"));
    assertEquals(before, tree(model));
    refused("--output '" + model + "' contains --report '" + model.resolve("report") + "'",
        fit("--output", model, "--report", model.resolve("report"), "--overwrite"));
    assertEquals(before, tree(model));
  }

  @Test
  void outputOnTheInputsFolderIsRefusedAndTheInputKept() throws IOException {
    Map<String, String> before = tree(csv.getParent());
    Path folder = csv.getParent();
    refused("--output '" + folder + "' contains --input '" + csv + "'",
        fit("--output", folder, "--overwrite"));
    refused("--output '" + csv + "' is --input '" + csv + "'", fit("--output", csv,
        "--overwrite"));
    refused("--report '" + folder + "' contains --input", fit("--output", dir.resolve("m2"),
        "--report", folder, "--overwrite"));
    assertEquals(before, tree(folder));
    assertFalse(Files.exists(dir.resolve("m2")));
  }

  @Test
  void predictionsOverTheInputOrTheModelAreRefused() throws IOException {
    Map<String, String> inputs = tree(csv.getParent());
    Map<String, String> saved = tree(model);
    refused("--output '" + csv + "' is --input '" + csv + "'", "predict", model.toString(),
        "--input", csv.toString(), "--output", csv.toString(), "--overwrite");
    refused("--output '" + model + "' is the model folder '" + model + "'", "predict",
        model.toString(), "--input", csv.toString(), "--output", model.toString(),
        "--overwrite");
    refused("--output '" + model.resolve("p") + "' lies inside the model folder", "predict",
        model.toString(), "--input", csv.toString(), "--output", model.resolve("p").toString());
    assertEquals(inputs, tree(csv.getParent()));
    assertEquals(saved, tree(model));
  }

  @Test
  void overwriteNeverDeletesAFolderThisLibraryDidNotWrite() throws IOException {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(photos.resolve("cat.jpg"), "meow");
    refused("--output '" + photos + "' exists and was not written by mixturelib",
        fit("--output", photos, "--overwrite"));
    assertEquals("meow", Files.readString(photos.resolve("cat.jpg")));
  }

  // ---------------------------------------------------------------- 2. silent column drops

  @Test
  void aTypoInANumericColumnIsNamedNotDropped() throws IOException {
    Path typo = Files.writeString(dir.resolve("typo.csv"),
        "y,x1,x2\n1,1,2\n2,2,1.2.3\n3,3,4\n4,5,5\n");
    refused("feature column 'x2' in '" + typo + "' is not numeric (type string; for example the"
        + " value '1.2.3'); without --features every column but the label and the weight is a"
        + " feature", "fit", "--input", typo.toString(), "--label", "y", "--output",
        dir.resolve("never").toString());
    Path factor = Files.writeString(dir.resolve("factor.csv"),
        "y,x,Treatment\n1,1,a\n2,2,b\n3,3,a\n4,5,b\n");
    refused("feature column 'Treatment' in '" + factor + "' is not numeric (type string; for"
        + " example the value 'a')", "fit", "--input", factor.toString(), "--label", "y",
        "--output", dir.resolve("never").toString());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void duplicateHeaderNamesAreAnError() throws IOException {
    Path dup = Files.writeString(dir.resolve("dup.csv"), "y,x,z,X\n1,1,2,3\n2,2,1,3\n3,3,4,1\n");
    refused("input '" + dup + "' has duplicate column names (equal up to case): 'x' (column 2)"
        + " and 'X' (column 4); rename them", "fit", "--input", dup.toString(), "--label",
        "y", "--output", dir.resolve("never").toString());
  }

  // ---------------------------------------------------------------- 3, 9. checkpoints

  @Test
  void aTamperedCheckpointIsOneLineAndTheFitDoesNotStart() throws IOException {
    Path ckpt = Files.createDirectories(dir.resolve("ckpt/k2"));
    byte[] junk = new byte[8 + 8 + 32 + 5];
    System.arraycopy("MIXCKPT4".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 8);
    junk[15] = 5;
    Files.write(ckpt.resolve("em-state.ckpt"), junk);
    refused("checkpointDir '" + ckpt + "': em-state.ckpt does not match its SHA-256 digest",
        fit("--output", dir.resolve("m4"), "--checkpoint", dir.resolve("ckpt")));
    assertFalse(Files.exists(dir.resolve("m4")));
    refused("--checkpoint '" + csv.getParent() + "' contains --input", fit("--output",
        dir.resolve("m4"), "--checkpoint", csv.getParent()));
  }

  // ---------------------------------------------------------------- 4. tampered models

  /** A copy of the fitted model to tamper with, and its mixture stage's folder. */
  private static Path[] copyOfModel(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (Stream<Path> s = Files.walk(model)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path q = copy.resolve(model.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
    try (Stream<Path> s = Files.list(copy.resolve("stages"))) {
      List<Path> stages = s.sorted().toList();
      return new Path[] {copy, stages.get(0), stages.get(1)};
    }
  }

  /** Rewrites a file as an attacker would: new text, the file system's checksum removed. */
  private static void edit(Path file, String from, String to) throws IOException {
    String s = Files.readString(file);
    assertTrue(s.contains(from), from + " in " + s);
    Files.writeString(file, s.replace(from, to));
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  /** Edits data.json and records its new CRC in the metadata, as a careful attacker would. */
  private static void editData(Path stage, String from, String to) throws IOException {
    Path data = stage.resolve("data.json");
    String old = crc(Files.readAllBytes(data));
    edit(data, from, to);
    edit(stage.resolve("metadata"), old, crc(Files.readAllBytes(data)));
  }

  private static String crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return Long.toHexString(c.getValue());
  }

  private static String predict(Path m) {
    return dir.resolve("pred-" + m.getFileName()).toString();
  }

  @Test
  void aHugeKInTheMetadataIsRefusedBeforeAnyAllocation() throws IOException {
    Path[] m = copyOfModel("huge-k");
    edit(m[2].resolve("metadata"), "\"k\":2", "\"k\":100000000");
    refused("'" + m[0] + "' is not a model written by jobs/fit.sh (cannot load"
        + " MixtureOfRegressionsModel from '", "predict", m[0].toString(), "--input",
        csv.toString(), "--output", predict(m[0]));
    String err = JobsTest.main("predict", m[0].toString(), "--input", csv.toString(),
        "--output", predict(m[0])).err();
    assertTrue(err.contains("sizes do not agree: the params give k = 100000000 components,"
        + " 'data.json' has 2"), err);
  }

  @Test
  void aHugeFeatureCountInTheDataIsRefused() throws IOException {
    Path[] m = copyOfModel("huge-d");
    editData(m[2], "\"numFeatures\":1", "\"numFeatures\":2000000000");
    String err = refused("'" + m[0] + "' is not a model written by jobs/fit.sh", "predict",
        m[0].toString(), "--input", csv.toString(), "--output", predict(m[0]));
    assertTrue(err.contains("'data.json' has 2 coefficients per output for 2000000000 features"
        + " and an intercept"), err);
  }

  @Test
  void aNonFiniteCoefficientIsRefusedAtLoading() throws IOException {
    Path[] m = copyOfModel("nan");
    String data = Files.readString(m[2].resolve("data.json"));
    int at = data.indexOf("\"coefficients\":[\"") + "\"coefficients\":[\"".length();
    editData(m[2], data.substring(at - 17, at + 16), data.substring(at - 17, at)
        + "7ff8000000000000");
    String err = refused("'" + m[0] + "' is not a model written by jobs/fit.sh", "predict",
        m[0].toString(), "--input", csv.toString(), "--output", predict(m[0]));
    assertTrue(err.contains("the coefficients of expert 1 hold NaN; every parameter must be"
        + " finite"), err);
  }

  /** The 16 hex digits of the {@code index}-th number of a saved array named {@code field}. */
  private static String savedNumber(Path stage, String field, int index) throws IOException {
    String data = Files.readString(stage.resolve("data.json"));
    int at = data.indexOf("\"" + field + "\":[\"") + field.length() + 5 + 19 * index;
    return data.substring(at, at + 16);
  }

  private static String hex(double v) {
    return String.format("%016x", Double.doubleToLongBits(v));
  }

  @Test
  void finiteButAbsurdValuesAreRefusedAtLoading() throws IOException {
    Path[] huge = copyOfModel("huge-coefficient");
    editData(huge[2], savedNumber(huge[2], "coefficients", 0), hex(1e308));
    String err = refused("'" + huge[0] + "' is not a model written by jobs/fit.sh", "predict",
        huge[0].toString(), "--input", csv.toString(), "--output", predict(huge[0]));
    assertTrue(err.contains("the coefficients of expert 1 hold 1.0E308, beyond 1.0E150; scores"
        + " would overflow"), err);
    Path[] negative = copyOfModel("negative-variance");
    editData(negative[2], savedNumber(negative[2], "covariance", 0), hex(-1));
    err = refused("'" + negative[0] + "' is not a model written by jobs/fit.sh", "predict",
        negative[0].toString(), "--input", csv.toString(), "--output", predict(negative[0]));
    assertTrue(err.contains("the covariance of expert 1 has the diagonal entry -1.0; it must be"
        + " positive definite"), err);
    Path[] indefinite = copyOfModel("indefinite");
    String off = savedNumber(indefinite[2], "covariance", 1);
    editData(indefinite[2], off, hex(1e3));
    editData(indefinite[2], savedNumber(indefinite[2], "covariance", 2), hex(1e3));
    err = refused("'" + indefinite[0] + "' is not a model written by jobs/fit.sh", "predict",
        indefinite[0].toString(), "--input", csv.toString(), "--output",
        predict(indefinite[0]));
    assertTrue(err.contains("the covariance of expert 1 is not positive definite"), err);
    assertFalse(Files.exists(Path.of(predict(indefinite[0]))));
  }

  @Test
  void aStageOfAForeignClassIsRefusedByName() throws IOException {
    Path[] m = copyOfModel("foreign");
    Path meta;
    try (java.util.stream.Stream<Path> parts = Files.list(m[1].resolve("metadata"))) {
      // part-00000 from Spark 3.5, part-00000-<uuid>.txt from Spark 4
      meta = parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .findFirst().orElseThrow();
    }
    edit(meta, "org.apache.spark.ml.feature.VectorAssembler", "java.lang.ProcessBuilder");
    String err = refused("'" + m[0] + "' is not a model written by jobs/fit.sh", "predict",
        m[0].toString(), "--input", csv.toString(), "--output", predict(m[0]));
    assertTrue(err.contains("names the class java.lang.ProcessBuilder, which is not a stage"
        + " that jobs/fit.sh writes; refused"), err);
    assertFalse(Files.exists(Path.of(predict(m[0]))));
  }

  // ---------------------------------------------------------------- 5, 6, 8. failures

  @Test
  void anUnwritableReportLeavesTheOldModelAndFailsBeforeTheFit() throws IOException {
    Map<String, String> before = tree(model);
    Files.writeString(dir.resolve("a-file"), "x");
    Path report = dir.resolve("a-file/report");
    refused("cannot write --report '" + report + "': '", fit("--output", model, "--report",
        report, "--overwrite"));
    assertEquals(before, tree(model));
  }

  @Test
  void unwritableOutputsAreOneLineWithExitCodeTwo() throws IOException {
    refused("cannot write --output '/proc/x' (", fit("--output", "/proc/x"));
    Path under = dir.resolve("some-file/model");
    Files.writeString(dir.resolve("some-file"), "x");
    refused("cannot write --output '" + under + "': '", fit("--output", under));
    refused("cannot write --output '/proc/x' (", "predict", model.toString(), "--input",
        csv.toString(), "--output", "/proc/x");
  }

  @Test
  void anExistingOutputIsFoundBeforeTheInputIsEvenRead() {
    refused("output '" + model + "' already exists; pass --overwrite to replace it", "fit",
        "--input", dir.resolve("no-such.csv").toString(), "--label", "y", "--output",
        model.toString());
  }

  // ---------------------------------------------------------------- 7. names

  @Test
  void columnNamesWithDotsSpacesAndNonAsciiWorkThroughFitAndPredict() throws IOException {
    StringBuilder b = new StringBuilder("y.val,x.a,x b,größe\n");
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 60; i++) {
      double x = 10 * r.nextDouble();
      double z = r.nextDouble();
      b.append(String.format(java.util.Locale.ROOT, "%.5f,%.5f,%.5f,%.5f%n",
          (i % 2 == 0 ? 1 + 2 * x : 8 - x) + 0.3 * z + 0.1 * r.nextGaussian(), x, z,
          r.nextDouble()));
    }
    Path names = Files.writeString(dir.resolve("names.csv"), b.toString());
    Path m = dir.resolve("names-model");
    JobsTest.Outcome o = JobsTest.ok("fit", "--input", names.toString(), "--label", "y.val",
        "--k", "2", "--num-init", "1", "--output", m.toString(), "--report",
        dir.resolve("names-report").toString());
    assertTrue(Files.readString(dir.resolve("names-report/report.md")).contains("größe"));
    assertTrue(o.out().startsWith("Mixture of 2 linear regressions on 60 rows: y.val ~ x.a +"
        + " x b + größe\n"), o.out());
    Path p = dir.resolve("names-pred");
    JobsTest.ok("predict", m.toString(), "--input", names.toString(), "--output",
        p.toString());
    Dataset<Row> pred = Spark.session().read().option("header", "true").csv(p.toString());
    assertEquals(List.of("y.val", "x.a", "x b", "größe", "prediction", "prediction_std",
        "component", "gate_1", "gate_2", "resp_1", "resp_2"), List.of(pred.columns()));
    assertEquals(60, pred.count());
  }

  // ---------------------------------------------------------------- 10. smaller

  @Test
  void abandonedStagingFoldersOfOursAreRemovedByTheNextJobAndNothingElse() throws IOException {
    Path dead = Files.createDirectories(dir.resolve(".m3.tmp-1234"));
    Files.writeString(dead.resolve(OutputSet.STAGING), "999999999@" + host());
    Files.writeString(dead.resolve("part-0"), "131 MB of a killed write");
    Path foreign = Files.createDirectories(dir.resolve(".m3.tmp-not-ours"));
    JobsTest.ok(fit("--output", dir.resolve("m3")));
    assertFalse(Files.exists(dead));
    assertTrue(Files.exists(foreign), "a folder without our marker is never removed");
    assertTrue(Files.exists(dir.resolve("m3/" + OutputSet.MARKER)));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(".m3.tmp-not-ours"), s.map(q -> q.getFileName().toString())
          .filter(n -> n.startsWith(".m3")).toList(), "no staging folder left");
    }
  }

  private static String host() {
    String n = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    return n.substring(n.indexOf('@') + 1);
  }

  @Test
  void aConstantLabelFitSaysItsComponentsCollapsed() throws IOException {
    StringBuilder b = new StringBuilder("x,y\n");
    for (int i = 0; i < 30; i++) {
      b.append(i).append(",5\n");
    }
    Path flat = Files.writeString(dir.resolve("flat.csv"), b.toString());
    JobsTest.Outcome o = JobsTest.ok("fit", "--input", flat.toString(), "--label", "y",
        "--k", "2", "--num-init", "1", "--output", dir.resolve("flat-model").toString());
    assertTrue(o.out().contains("note: components 1 and 2 have collapsed onto each other"),
        o.out());
    Path three = Files.writeString(dir.resolve("three.csv"), "x,y\n1,2\n2,3.5\n3,5\n");
    JobsTest.Outcome tiny = JobsTest.ok("fit", "--input", three.toString(), "--label", "y",
        "--k", "2", "--num-init", "1", "--output", dir.resolve("three-model").toString());
    assertTrue(tiny.out().contains("note: components 1 and 2 have collapsed"), tiny.out());
  }

  @Test
  void theCollinearityWarningNamesTheColumns() throws IOException {
    StringBuilder b = new StringBuilder("y,a,twice a.b\n");
    java.util.Random r = new java.util.Random(4);
    for (int i = 0; i < 40; i++) {
      double x = r.nextDouble();
      b.append(String.format(java.util.Locale.ROOT, "%.6f,%.6f,%.6f%n",
          1 + x + 0.1 * r.nextGaussian(), x, 2 * x));
    }
    Path col = Files.writeString(dir.resolve("collinear.csv"), b.toString());
    try (org.mixturelib.support.LogCapture log = new org.mixturelib.support.LogCapture()) {
      JobsTest.ok("fit", "--input", col.toString(), "--label", "y", "--k", "2", "--num-init",
          "1", "--output", dir.resolve("col-model").toString());
      assertTrue(log.warnings().stream().anyMatch(w -> w.contains(": feature columns 'twice a.b'"
          + " are linear combinations of the columns before them")), log.warnings().toString());
    }
  }

  @Test
  void summaryTextIsUtf8Safe() throws IOException {
    assertTrue(Files.readString(model.resolve("summary.txt"), StandardCharsets.UTF_8)
        .startsWith("Mixture of 2 linear regressions"));
  }
}
