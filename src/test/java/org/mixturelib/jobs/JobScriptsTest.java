package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs/fit.sh} and {@code jobs/predict.sh} as a user runs them, in a new JVM on an
 * embedded Spark (no {@code SPARK_HOME}): the options reach the main class, the summary is the
 * only thing on stdout, a quick clean fit prints nothing on stderr, {@code --verbose} logs every
 * iteration there, and a mistake is one line and exit code 2. The test classpath stands in for the built jar ({@code MIXTURELIB_CLASSPATH}),
 * since the jar does not exist yet while the tests run.
 */
class JobScriptsTest {
  @TempDir
  Path dir;

  /** What a script run printed and returned. */
  private record Run(int code, String out, String err) {}

  private Run script(String name, String... args) throws IOException, InterruptedException {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", "jobs/" + name));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out")
        .toFile()).redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("MIXTURELIB_CLASSPATH", cp.replace(File.pathSeparator
        + File.pathSeparator, File.pathSeparator));
    pb.environment().put("MIXTURELIB_JAVA_OPTS", "-Xmx1g -Dspark.master=local[2]");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish in 5 minutes");
    }
    return new Run(p.exitValue(),
        Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
  }

  @Test
  void fitPrintsTheSummaryAndPredictFailsCleanly() throws Exception {
    assertTrue(Files.isRegularFile(Paths.get("jobs/fit.sh")), "run from the project folder");
    Path csv = JobsTest.writeLinesCsv(dir.resolve("lines.csv"), 120, 9);
    Path model = dir.resolve("model");
    Run fit = script("fit.sh", "--input", csv.toString(), "--label", "y", "--features", "x",
        "--k", "2", "--num-init", "1", "--output", model.toString());
    assertEquals(0, fit.code(), fit.err());
    assertTrue(fit.out().startsWith("Mixture of 2 linear regressions on 120 rows: y ~ x\n"),
        fit.out());
    assertTrue(fit.out().contains("\nconverged       "), fit.out());
    assertEquals("", fit.err(), "a quick clean fit logs nothing by default");
    assertTrue(Files.isDirectory(model.resolve("stages")), "a Spark ML pipeline was written");
    Run verbose = script("fit.sh", "--input", csv.toString(), "--label", "y", "--features",
        "x", "--k", "2", "--num-init", "1", "--output", model.toString(), "--overwrite",
        "--verbose");
    assertEquals(fit.out(), verbose.out(), "--verbose changes stderr only");
    assertTrue(verbose.err().lines().anyMatch(l -> l.matches(
        ".* DEBUG EmEngine: iteration \\d+: bound -?\\d+\\.\\d{3}, change \\S+, \\d+\\.\\d{3} s.*")),
        "one short line per iteration with bound, change and seconds:\n" + verbose.err());
    assertTrue(verbose.err().lines().noneMatch(l -> l.contains("EmEngine") && l.contains("NaN")),
        "no raw NaN in the progress lines:\n" + verbose.err());

    Run bad = script("predict.sh", dir.resolve("no-model").toString(), "--input",
        csv.toString(), "--output", dir.resolve("pred").toString());
    assertEquals(2, bad.code(), bad.err());
    assertEquals("error: model folder '" + dir.resolve("no-model") + "' does not exist\n",
        bad.err());
    assertEquals("", bad.out());
  }

  /**
   * Errors found inside Spark tasks (a negative weight, a corrupted model's numbers) reach the
   * terminal as the job's one line: Spark's own ERROR lines and traces stay off (the jobs'
   * logging configuration), and {@code --verbose} brings the trace back.
   */
  /**
   * The scripts' stderr filter drops the JVM's first-line notice of the incubating module and
   * passes the rest as it comes: a progress line redrawn after a carriage return, without a
   * newline, reaches the terminal while the job still runs (a line filter held it to the end),
   * and the job's exit code comes back.
   */
  @Test
  void theStderrFilterPassesARedrawnLineAtOnce() throws Exception {
    Path go = dir.resolve("go");
    Path err = dir.resolve("filter.err");
    String job = "echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2;"
        + " printf '\\rk = 2  starts 1/3' >&2; read -r < '" + go + "';"
        + " printf '\\rk = 2  starts 3/3\\n' >&2; echo summary; exit 3";
    String sh = "source jobs/lib.sh; mkfifo '" + go + "'; set +e;"
        + " mixturelib_without_notice bash -c \"" + job + "\" 2> '" + err + "'";
    Process p = new ProcessBuilder("bash", "-c", sh).redirectOutput(dir.resolve("filter.out")
        .toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String seen = "";
    for (int i = 0; i < 1200 && !seen.contains("starts 1/3"); i++) {
      Thread.sleep(50);
      seen = Files.exists(err) ? Files.readString(err) : "";
    }
    assertEquals("\rk = 2  starts 1/3", seen, "the redrawn line, while the job waits");
    Files.writeString(go, "\n");
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), "the filter ends with the job");
    assertEquals(3, p.exitValue(), "the job's exit code");
    assertEquals("\rk = 2  starts 1/3\rk = 2  starts 3/3\n", Files.readString(err));
    assertEquals("summary\n", Files.readString(dir.resolve("filter.out")));
  }

  @Test
  void sparksOwnErrorLinesStayOffTheTerminal() throws Exception {
    StringBuilder b = new StringBuilder("x,y,w\n");
    for (int i = 0; i < 40; i++) {
      b.append(i).append(',').append(2 * i + 1).append(',').append(i == 17 ? -1 : 1)
          .append('\n');
    }
    Path csv = Files.writeString(dir.resolve("neg.csv"), b.toString());
    Run fit = script("fit.sh", "--input", csv.toString(), "--label", "y", "--weight", "w",
        "--output", dir.resolve("m").toString());
    assertEquals(2, fit.code(), fit.err());
    assertEquals(1, fit.err().lines().count(), "the error line alone:\n" + fit.err());
    assertTrue(fit.err().startsWith("error: "), fit.err());
    assertTrue(fit.err().contains("'w'"), fit.err());

    Run verbose = script("fit.sh", "--input", csv.toString(), "--label", "y", "--weight", "w",
        "--output", dir.resolve("m").toString(), "--verbose");
    assertEquals(2, verbose.code(), verbose.err());
    assertTrue(verbose.err().contains("\tat "), "--verbose shows the trace:\n" + verbose.err());
  }
}
