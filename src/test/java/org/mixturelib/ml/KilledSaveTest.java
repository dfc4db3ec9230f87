package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Jvm;
import org.mixturelib.support.Spark;

/**
 * A JVM killed (SIGKILL) while it saves models in a tight loop leaves no half-written model:
 * every directory at a model's path loads and holds the saved coefficients, and an overwritten
 * model is either in place or still in its hidden {@code .replaced} sibling. Only hidden
 * {@code .saving} directories may be left behind.
 */
class KilledSaveTest {
  private static final long START_TIMEOUT_MS = 120_000;

  @TempDir
  Path dir;

  @Test
  void killedWhileSavingLeavesOnlyCompleteModels() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path log = dir.resolve("child.log");
    Process child = Jvm.start(List.of("-Xmx512m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"), SaveLoop.class.getName(), List.of(out.toString()), log);
    int saved;
    try {
      long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
      while (savedRounds(log) < 5 && child.isAlive() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assumeTrue(savedRounds(log) >= 5, "the saving JVM did not get going within "
          + START_TIMEOUT_MS + " ms; its log:\n" + Files.readString(log));
      Thread.sleep(37);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    saved = savedRounds(log);
    Spark.session();

    MixtureOfRegressionsModel reference = MixtureOfRegressionsModel.load(
        out.resolve("model-0").toString());
    int complete = 0;
    List<Path> visible;
    try (Stream<Path> s = Files.list(out)) {
      visible = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
    for (Path p : visible) {
      MixtureOfRegressionsModel m = MixtureOfRegressionsModel.load(p.toString());
      assertEquals(reference.coefficients(), m.coefficients(), p.toString());
      complete++;
    }
    assertTrue(complete >= saved + 1, "every finished round's models load: " + complete
        + " loaded after " + saved + " rounds");
    boolean modelThere = Files.isDirectory(out.resolve("model"));
    boolean oldKept = hidden(out, ".model.replaced-");
    assertTrue(modelThere || oldKept, "the overwritten model is gone");
    System.out.println("rounds " + saved + ", models loaded " + complete + ", interrupted"
        + " save left behind: " + hidden(out, ".model") + ", model in place: " + modelThere);
  }

  private static boolean hidden(Path out, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().length() > prefix.length() + 10);
    }
  }

  private static int savedRounds(Path log) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    int n = 0;
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("SAVED ")) {
        n = Integer.parseInt(line.substring(6).trim()) + 1;
      }
    }
    return n;
  }
}
