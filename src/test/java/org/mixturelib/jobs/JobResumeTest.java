package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.engine.EmCheckpoint;
import org.mixturelib.support.Jvm;
import org.mixturelib.support.LogCapture;
import org.mixturelib.support.Spark;

/**
 * {@code fit --checkpoint DIR}: a fit job whose JVM is killed ({@code kill -9}) after its first
 * checkpoint, run again with the same arguments, resumes and ends with exactly the model of an
 * uninterrupted run (the saved parameters compared byte for byte).
 */
class JobResumeTest {
  @TempDir
  Path dir;

  private List<String> args(Path csv, Path out, Path checkpoint) {
    List<String> a = new ArrayList<>(List.of("fit", "--input", csv.toString(), "--label", "y",
        "--features", "x", "--k", "2", "--num-init", "1", "--max-iter", "300", "--tol",
        "1e-12", "--output", out.toString()));
    if (checkpoint != null) {
      a.addAll(List.of("--checkpoint", checkpoint.toString()));
    }
    return a;
  }

  /** The saved mixture stage's parameters (data.json) and the summary. */
  private static List<String> saved(Path model) throws IOException {
    try (Stream<Path> s = Files.list(model.resolve("stages"))) {
      Path stage = s.sorted().toList().get(1);
      return List.of(Files.readString(stage.resolve("data.json")),
          Files.readString(model.resolve("summary.txt")));
    }
  }

  @Test
  void aKilledFitResumesFromItsCheckpointToTheSameModel() throws Exception {
    Spark.session();
    // lines that overlap (noise sd 3), so that EM needs many iterations, on more rows than
    // localRows, so that the fit runs on the executors at a Spark job per iteration: the first
    // checkpoint (iteration 10) comes well before the end
    Path csv = JobsTest.writeLinesCsv(dir.resolve("lines.csv"), 60_000, 21, 3.0);
    Path reference = dir.resolve("reference");
    JobsTest.ok(args(csv, reference, null).toArray(new String[0]));

    Path model = dir.resolve("model");
    Path checkpoint = dir.resolve("ckpt");
    Path file = checkpoint.resolve("k2").resolve(EmCheckpoint.FILE_NAME);
    Process child = Jvm.start(List.of("-Xmx512m", "-XX:+UseSerialGC",
        "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1"),
        Main.class.getName(), args(csv, model, checkpoint), dir.resolve("child.log"));
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(file) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(Files.exists(file), "no checkpoint appeared; the child's log:\n"
          + Files.readString(dir.resolve("child.log")));
      child.destroyForcibly(); // SIGKILL on Linux: the JVM gets no chance to clean up
      assertTrue(child.waitFor(1, TimeUnit.MINUTES));
    } finally {
      child.destroyForcibly();
    }
    assertFalse(Files.exists(model), "killed before it finished");

    JobsTest.Outcome resumed;
    try (LogCapture log = new LogCapture()) {
      resumed = JobsTest.ok(args(csv, model, checkpoint).toArray(new String[0]));
      assertEquals(1, log.matching("resuming from the checkpoint of iteration").size(),
          "the second run resumed");
    }
    assertEquals(saved(reference), saved(model), "the resumed fit ends with the uninterrupted"
        + " fit's model");
    assertFalse(Files.exists(file), "the finished fit removed its checkpoint");
    assertTrue(resumed.out().contains("\nconverged "), resumed.out());
  }
}
