package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.engine.EmProgress;
import org.mixturelib.engine.EmProgress.Phase;
import org.mixturelib.support.LogCapture;

/**
 * The jobs' progress display on a terminal of a given width: a bar of the starts done, then the
 * continuing fit's iteration, one line redrawn in place and blanked at the end, no log line.
 */
class ProgressBarTest {
  private static EmProgress start(int start, int starts) {
    return new EmProgress(Phase.START, start, starts, 3, -650.25, 1e-3, 0.001, false);
  }

  private static EmProgress fit(int iteration, boolean converged) {
    return new EmProgress(Phase.FIT, 12, 37, iteration, -642.5319, 1.234e-5, 0.001, converged);
  }

  @Test
  void theStartsBarFillsWithTheStartsDoneAndFitsTheWidth() {
    String line = ProgressBar.render("k = 3", start(13, 37), 60);
    // 60 - 1 - "k = 3  starts ".length() - "12/37".length() - 4 = 36 cells, 12/37 of them full
    assertEquals("k = 3  starts [" + "#".repeat(12) + ".".repeat(24) + "]  12/37", line);
    assertEquals(59, line.length());
    String wide = ProgressBar.render("k = 3", start(37, 37), 200);
    assertEquals("k = 3  starts [" + "#".repeat(39) + "." + "]  36/37", wide);
    String narrow = ProgressBar.render("k = 3", start(1, 37), 24);
    assertEquals("k = 3  starts [........", narrow, "cut at width - 1, the bar 10 cells at least");
  }

  @Test
  void theFitLineShowsIterationBoundAndChange() {
    assertEquals("k = 2  fit  iteration 14  bound -642.532  change 1.2e-05",
        ProgressBar.render("k = 2", fit(14, false), 80));
    assertEquals("k = 2  fit  iteration 15  bound -642.532  change 1.2e-05  converged",
        ProgressBar.render("k = 2", fit(15, true), 80));
    assertEquals("k = 2  fit  iteration 15  bou", ProgressBar.render("k = 2", fit(15, true), 30));
  }

  @Test
  void oneLineRedrawnInPlaceAtMostTenTimesASecondThenBlanked() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (LogCapture log = new LogCapture()) {
      long[] now = {0};
      try (Progress p = new Progress("k = 3", new ProgressBar(err, 40, () -> now[0]))) {
        for (int s = 1; s <= 37; s++) {
          p.iteration(start(s, 37));
          now[0] += 5_000_000; // 5 ms a start
        }
        p.iteration(fit(1, false));
        p.iteration(fit(2, true));
      }
      assertEquals(List.of(), log.matching("k = 3"), "no log line on a terminal");
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(!out.contains("\n"), "no new line: " + out);
    String[] draws = out.split("\r");
    // starts 1 and 21 (5 ms apart, a redraw a tenth of a second at most), the first fit
    // iteration (a new phase), the converged one, each followed by a return to the line's
    // start; then blanks
    List<String> drawn = java.util.Arrays.stream(draws).filter(d -> !d.isEmpty()).toList();
    assertEquals(5, drawn.size(), out);
    assertEquals(ProgressBar.render("k = 3", start(1, 37), 40), drawn.get(0).strip());
    assertEquals(ProgressBar.render("k = 3", start(21, 37), 40), drawn.get(1).strip());
    assertEquals(ProgressBar.render("k = 3", fit(1, false), 40), drawn.get(2).strip());
    assertEquals(ProgressBar.render("k = 3", fit(2, true), 40), drawn.get(3).strip());
    assertEquals(" ".repeat(39), drawn.get(4));
    assertTrue(out.endsWith("\r"));
  }
}
