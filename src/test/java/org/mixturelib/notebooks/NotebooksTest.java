package org.mixturelib.notebooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Spark;

/**
 * Runs every notebook in {@code notebooks/} headless, cell by cell, through the Scala REPL on
 * the shared local Spark session, as a Databricks cluster would (with stand-ins for {@code
 * display}, {@code displayHTML} and {@code dbutils.widgets}), so that the notebooks cannot rot.
 * Markdown and other magic cells are not code and are skipped. A transcript of each run is
 * written to {@code target/notebooks/}. The system property {@code mixturelib.notebook} names
 * one notebook to run alone ({@code notebooks/run-local.sh}).
 */
class NotebooksTest {
  private static final Path DIR = Paths.get("notebooks");
  private static final Path TRANSCRIPTS = Paths.get("target", "notebooks");

  /** What a Databricks notebook finds defined before its first cell. */
  private static final String DATABRICKS = String.join("\n",
      "val spark = org.apache.spark.sql.SparkSession.builder().getOrCreate()",
      "val sc = spark.sparkContext",
      "def display(df: org.apache.spark.sql.Dataset[_]): Unit = df.show(20, false)",
      "def displayHTML(html: String): Unit ="
          + " println(s\"displayHTML: ${html.length} characters\")",
      "object dbutils { object widgets {",
      "  def text(name: String, defaultValue: String, label: String = \"\"): Unit ="
          + " org.mixturelib.notebooks.NotebookWidgets.define(name, defaultValue)",
      "  def get(name: String): String = org.mixturelib.notebooks.NotebookWidgets.get(name)",
      "} }");

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicTest> everyNotebookRuns() throws IOException {
    // -Dmixturelib.notebook=NAME.scala runs that one only (notebooks/run-local.sh)
    String only = System.getProperty("mixturelib.notebook", "");
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".scala"))
          .filter(p -> only.isEmpty() || p.getFileName().toString().equals(only)).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no notebooks" + (only.isEmpty() ? "" : " named " + only)
        + " in " + DIR.toAbsolutePath());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
        () -> run(Notebook.read(f))));
  }

  private void run(Notebook nb) throws IOException {
    Spark.session();
    NotebookWidgets.clear();
    Path dir = work.resolve(nb.name().replace(".scala", ""));
    Files.createDirectories(dir);
    NotebookWidgets.set("workDir", dir.toString());
    NotebookWidgets.set("rows", "4000");
    List<Notebook.Cell> code = nb.code();
    assertTrue(code.size() >= 2, nb.name() + " has fewer than two code cells");
    StringBuilder transcript = new StringBuilder();
    long start = System.nanoTime();
    try (ScalaRepl repl = new ScalaRepl()) {
      String err = repl.run(DATABRICKS);
      transcript.append(String.format("// interpreter ready in %.1f s%n",
          (System.nanoTime() - start) / 1e9));
      if (err != null) {
        fail("the Databricks stand-ins do not compile:\n" + err);
      }
      for (Notebook.Cell cell : code) {
        long t0 = System.nanoTime();
        String failure = repl.run(cell.text());
        transcript.append("// cell ").append(cell.index()).append('\n').append(cell.text())
            .append(String.format("%n// output (%.1f s)%n", (System.nanoTime() - t0) / 1e9))
            .append(repl.lastOutput()).append('\n');
        if (failure != null) {
          write(nb, transcript);
          fail(nb.name() + ", cell " + cell.index() + " failed:\n" + cell.text()
              + "\n----\n" + failure);
        }
      }
    }
    write(nb, transcript);
  }

  private static void write(Notebook nb, StringBuilder transcript) throws IOException {
    Files.createDirectories(TRANSCRIPTS);
    Files.writeString(TRANSCRIPTS.resolve(nb.name().replace(".scala", ".log")), transcript,
        StandardCharsets.UTF_8);
  }
}
