package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.engine.EmProgress;
import org.mixturelib.engine.EmProgress.Phase;
import org.mixturelib.support.LogCapture;

/**
 * The jobs' progress display: nothing for the starts, nothing for a fit that ends within its
 * first {@link Progress#QUIET_SECONDS}, then at most one line a second of the continuing fit,
 * and the converged iteration's line; {@code --quiet} silences the warnings, and goes with
 * {@code --verbose} no more than {@code --verbose} with it.
 */
class JobProgressTest {
  @TempDir
  static Path dir;
  private static EmProgress at(Phase phase, int iteration, boolean converged) {
    return new EmProgress(phase, 2, 10, iteration, -1234.5678, 1.2e-4, 0.031, converged);
  }

  private static List<String> lines(LogCapture log) {
    return log.matching("INFO k = 3: ");
  }

  @Test
  void quietOnShortFitsThenOneLineASecond() throws InterruptedException {
    try (LogCapture log = new LogCapture()) {
      Progress p = new Progress("k = 3");
      for (int i = 1; i <= 50; i++) {
        p.iteration(at(Phase.START, i, false));
      }
      for (int i = 1; i <= 20; i++) {
        p.iteration(at(Phase.FIT, i, false));
      }
      assertEquals(List.of(), lines(log), "starts and a quick fit print nothing");
      Thread.sleep((long) (Progress.QUIET_SECONDS * 1000) + 100);
      p.iteration(at(Phase.FIT, 21, false));
      p.iteration(at(Phase.FIT, 22, false));
      p.iteration(at(Phase.PERTURBATION, 1, false));
      assertEquals(List.of("INFO k = 3: iteration 21: bound -1234.568, change 0.00012, 0.031 s"),
          lines(log), "one line, then nothing within the second");
      p.iteration(at(Phase.FIT, 23, true));
      assertEquals(2, lines(log).size(), "the converged iteration's line");
      assertEquals("INFO k = 3: iteration 23: bound -1234.568, change 0.00012, 0.031 s,"
          + " converged", lines(log).get(1));
    }
  }

  @Test
  void theScriptsSayWhetherStderrIsATerminal() {
    String before = System.getProperty("mixturelib.jobs.terminal");
    try {
      System.setProperty("mixturelib.jobs.terminal", "true");
      assertTrue(Progress.terminal(), "the script's stderr is a terminal");
      System.setProperty("mixturelib.jobs.terminal", "false");
      assertFalse(Progress.terminal(), "the script's stderr is a file or a pipe");
      System.clearProperty("mixturelib.jobs.terminal");
      assertEquals(System.console() != null, Progress.terminal(), "unset: the JVM's console");
    } finally {
      if (before != null) {
        System.setProperty("mixturelib.jobs.terminal", before);
      }
    }
  }

  @Test
  void quietSilencesWarningsAndExcludesVerbose() throws IOException {
    Path csv = JobsTest.writeLinesCsv(dir.resolve("lines.csv"), 60, 3);
    String[] fit = {"fit", "--input", csv.toString(), "--label", "y", "--features", "x",
        "--num-init", "1", "--max-iter", "1", "--output", dir.resolve("m").toString(),
        "--overwrite"};
    String loud;
    try (LogCapture log = new LogCapture()) {
      loud = JobsTest.ok(fit).out();
      assertEquals(1, log.matching("WARN EM stopped at maxIter = 1").size(), log.warnings()
          .toString());
    }
    String[] quiet = java.util.Arrays.copyOf(fit, fit.length + 1);
    quiet[fit.length] = "--quiet";
    try (LogCapture log = new LogCapture()) {
      JobsTest.Outcome o = JobsTest.ok(quiet);
      assertEquals(loud, o.out(), "the summary is the same");
      assertEquals(List.of(), log.warnings(), "--quiet: no warnings");
      assertEquals("", o.err());
    }
    String[] both = java.util.Arrays.copyOf(quiet, quiet.length + 1);
    both[quiet.length] = "--verbose";
    JobsTest.Outcome o = JobsTest.main(both);
    assertEquals(2, o.code());
    assertEquals("error: fit: give --quiet or --verbose, not both\n", o.err());
  }
}
