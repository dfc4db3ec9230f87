package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Spark;

/**
 * Issue 24, items 2, 3 and 11, through the jobs' entry point: committing an output never
 * deletes what the job did not create, two jobs writing one output do not both succeed, paths
 * relate by their real paths (symbolic links resolved), and a report is replaced cleanly.
 */
class JobOutputsTest {
  @TempDir
  static Path dir;

  private static Path csv;
  private static Path model;

  @BeforeAll
  static void data() throws IOException {
    Spark.session();
    csv = JobsTest.writeLinesCsv(Files.createDirectories(dir.resolve("in")).resolve("lines.csv"),
        1500, 5);
    model = dir.resolve("model");
    JobsTest.ok(fit("--output", model));
  }

  private static String[] fit(Object... more) {
    List<String> a = new ArrayList<>(List.of("fit", "--input", csv.toString(), "--label", "y",
        "--features", "x", "--k", "2", "--num-init", "1"));
    for (Object m : more) {
      a.add(m.toString());
    }
    return a.toArray(new String[0]);
  }

  private static List<String> hidden(Path folder, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
    }
  }

  @Test
  void aFolderMadeAtTheOutputDuringTheFitIsKeptAndTheJobExitsTwo() throws Exception {
    Path out = dir.resolve("raced");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<JobsTest.Outcome> job = pool.submit(() -> JobsTest.main(fit("--output", out)));
      while (hidden(dir, ".raced.tmp-").isEmpty() && !job.isDone()) {
        Thread.sleep(1);
      }
      Files.createDirectories(out);
      Files.writeString(out.resolve("mine.txt"), "the user's file");
      JobsTest.Outcome o = job.get();
      assertEquals(2, o.code(), o.err());
      assertEquals("error: --output '" + out + "' was created by someone else while the job"
          + " ran; it is left as it is and this job's results are not saved\n", o.err());
    } finally {
      pool.shutdown();
    }
    assertEquals("the user's file", Files.readString(out.resolve("mine.txt")));
    assertEquals(List.of("mine.txt"), hidden(out, ""));
    assertEquals(List.of(), hidden(dir, ".raced"), "no staging folder or lock left");
  }

  @Test
  void twoJobsWritingOneOutputDoNotBothSucceed() throws Exception {
    Path out = dir.resolve("twice");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<JobsTest.Outcome> outcomes = new ArrayList<>();
    try {
      List<Future<JobsTest.Outcome>> jobs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        jobs.add(pool.submit(() -> JobsTest.main(fit("--output", out))));
      }
      for (Future<JobsTest.Outcome> f : jobs) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    outcomes.sort(java.util.Comparator.comparingInt(JobsTest.Outcome::code));
    assertEquals(0, outcomes.get(0).code(), outcomes.get(0).err());
    JobsTest.Outcome loser = outcomes.get(1);
    assertEquals(2, loser.code(), loser.err());
    assertEquals(1, loser.err().lines().count(), loser.err());
    assertTrue(loser.err().startsWith("error: --output '" + out + "' is being written by"
        + " another job") || loser.err().startsWith("error: output '" + out + "' already"
        + " exists"), loser.err());
    assertTrue(Files.exists(out.resolve(OutputSet.MARKER)));
    assertTrue(Files.readString(out.resolve("summary.txt")).startsWith("Mixture of 2"));
    assertEquals(List.of(), hidden(dir, ".twice"), "no staging folder or lock left");
  }

  @Test
  void aLockOfALiveJobRefusesAndALockOfAGoneJobIsTakenOver() throws IOException {
    Path out = dir.resolve("locked");
    Path lock = dir.resolve(".locked" + OutputSet.LOCK);
    String me = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    Files.writeString(lock, me);
    JobSafetyTest.refused("--output '" + out + "' is being written by another job (process "
        + me + ", lock file '", fit("--output", out));
    assertFalse(Files.exists(out));
    Files.writeString(lock, "999999999" + me.substring(me.indexOf('@')));
    JobsTest.ok(fit("--output", out));
    assertTrue(Files.exists(out.resolve(OutputSet.MARKER)));
    assertFalse(Files.exists(lock));
  }

  /**
   * Paths with blanks and letters beyond ASCII, as a user's folders have them: an input folder,
   * a model and a report inside it, and predict from that model (the paths' checks once failed
   * on them with "Bad escape").
   */
  @Test
  void foldersWithBlanksAndAccentsAreReadAndWritten() throws IOException {
    Path home = Files.createDirectories(dir.resolve("données d'été ü"));
    Path in = Files.createDirectories(home.resolve("entrée ö"));
    Files.copy(csv, in.resolve("lines.csv"));
    String[] args = fit("--output", home.resolve("mödel ö"), "--report", home.resolve("rép ü"));
    args[2] = in.toString();
    JobsTest.ok(args);
    assertTrue(Files.isRegularFile(home.resolve("mödel ö").resolve("summary.txt")));
    assertTrue(Files.isRegularFile(home.resolve("rép ü").resolve("report.md")));
    JobsTest.ok("predict", home.resolve("mödel ö").toString(), "--input",
        in.resolve("lines.csv").toString(), "--output", home.resolve("prédictions").toString());
    try (Stream<Path> parts = Files.list(home.resolve("prédictions"))) {
      assertTrue(parts.anyMatch(p -> p.getFileName().toString().endsWith(".csv")));
    }
  }

  @Test
  void aLinkToTheModelOrTheInputsFolderIsTheFolderItself() throws IOException {
    Map<String, String> saved = JobSafetyTest.tree(model);
    Map<String, String> inputs = JobSafetyTest.tree(csv.getParent());
    Path toModel = Files.createSymbolicLink(dir.resolve("link-to-model"), model);
    Path toInputs = Files.createSymbolicLink(dir.resolve("link-to-in"), csv.getParent());
    JobSafetyTest.refused("--output '" + model + "' is the model folder '" + toModel + "'",
        "predict", toModel.toString(), "--input", csv.toString(), "--output", model.toString(),
        "--overwrite");
    JobSafetyTest.refused("--output '" + toModel + "' is the model folder '" + model + "'",
        "predict", model.toString(), "--input", csv.toString(), "--output", toModel.toString(),
        "--overwrite");
    String[] viaLink = fit("--output", csv.getParent(), "--overwrite");
    viaLink[2] = toInputs.resolve("lines.csv").toString();
    JobSafetyTest.refused("--output '" + csv.getParent() + "' contains --input '"
        + toInputs.resolve("lines.csv") + "'", viaLink);
    JobSafetyTest.refused("--output '" + toInputs + "' contains --input '" + csv + "'",
        fit("--output", toInputs, "--overwrite"));
    assertEquals(saved, JobSafetyTest.tree(model));
    assertEquals(inputs, JobSafetyTest.tree(csv.getParent()));
  }

  @Test
  void aReportIsReplacedWithOverwriteAndNoStagingFolderIsLeft() throws IOException {
    Path m = dir.resolve("reported");
    Path report = dir.resolve("report");
    JobsTest.ok(fit("--output", m, "--report", report));
    JobsTest.ok(fit("--output", m, "--report", report, "--overwrite"));
    assertTrue(Files.exists(report.resolve("report.md")));
    assertEquals(List.of(), hidden(report, ".").stream().filter(n -> n.contains(".tmp-"))
        .toList(), "no staging folder inside the report");
    assertEquals(List.of(), hidden(dir, ".report"));
    assertEquals(List.of(), hidden(dir, ".reported"));
  }
}
