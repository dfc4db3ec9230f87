package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.support.LogCapture;
import org.mixturelib.support.SharedCsv;

/**
 * The start rule ({@link EmEngine#numStarts}): numInit short runs from 2,000 rows on; below,
 * {@code ceil(numInit * sqrt(2000 / N))} starts (at most 100), each run to convergence; and
 * the engine runs as many as the rule says.
 */
class StartRuleTest {
  private static int starts(int numInit, int k, long rows) {
    return EmEngine.numStarts(new EmConfig().numInit(numInit), k, rows);
  }

  @Test
  void smallDataRunMoreStartsTheFewerTheRows() {
    assertEquals(37, starts(10, 2, 150)); // 10 x sqrt(13.3) = 36.5
    assertEquals(32, starts(10, 2, 200));
    assertEquals(68, starts(10, 3, 44));
    assertEquals(15, starts(10, 2, 1000));
    assertEquals(11, starts(10, 2, 1999));
    assertEquals(100, starts(10, 2, 5)); // at most MAX_STARTS
    assertEquals(8, starts(5, 2, 1000)); // 5 x 1.41 = 7.07
  }

  @Test
  void largeDataRunNumInitStartsAndOneStartStaysOne() {
    assertEquals(10, starts(10, 2, 2000));
    assertEquals(10, starts(10, 4, 1_000_000));
    assertEquals(1, starts(1, 3, 150));
    assertEquals(1, starts(10, 1, 150));
    assertEquals(300, starts(300, 2, 150)); // numInit above the cap is honoured
    assertEquals(10, EmEngine.numStarts(new EmConfig().smallDataRows(0), 2, 150));
  }

  @Test
  void theEngineRunsTheStartsTheRuleSaysEachToConvergence() {
    SharedCsv t = SharedCsv.data("tonedata.csv");
    InMemorySource data = Models.withIntercept(t.column("tuned"), t.column("stretchratio"));
    Set<Integer> seen = new TreeSet<>();
    int[] lastStarts = {0};
    EmEngine engine = new EmEngine(data, List.of(), new EmConfig()).listener(p -> {
      if (p.phase() == EmProgress.Phase.START) {
        seen.add(p.start());
        lastStarts[0] = p.starts();
      }
    });
    FitResult fit = engine.fit(Models.regressions(2, 2));
    assertEquals(37, lastStarts[0]);
    assertEquals(37, seen.size());
    assertTrue(fit.converged());
    assertEquals(141.1984, fit.logLikelihood(), 1e-3);
  }

  /**
   * A start that met a numerical condition (here the variance-ratio guard) and was dropped
   * warns of nothing: tonedata's best fit has noise variances 8 times apart, far from the
   * guard's 900, while some of its random starts shrink a component onto a few rows. The fit
   * that continues warns of its own condition.
   */
  @Test
  void onlyTheContinuingFitWarns() {
    SharedCsv t = SharedCsv.data("tonedata.csv");
    InMemorySource data = Models.withIntercept(t.column("tuned"), t.column("stretchratio"));
    try (LogCapture log = new LogCapture()) {
      Models.fit(data, Models.regressions(2, 2));
      assertEquals(List.of(), log.warnings());
    }
    try (LogCapture log = new LogCapture()) {
      Models.fit(data, Models.regressions(2, 2), new EmConfig().maxVarianceRatio(2));
      assertEquals(1, log.matching("WARN the noise variances were kept within a ratio of 2.0")
          .size(), log.warnings().toString());
    }
  }
}
