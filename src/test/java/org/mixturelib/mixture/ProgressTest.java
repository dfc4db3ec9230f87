package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.engine.EmProgress;
import org.mixturelib.engine.FitResult;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.support.Planted;

/**
 * 0.4's {@code fit(X, Y, epoch, progress)}: the listener sees every iteration of every start, in
 * order, then the continuing run's, and its bounds are the fit's bound history.
 */
class ProgressTest {
  @Test
  void theListenerSeesEveryIterationOfEveryStartInOrder() {
    Planted.Data d = Planted.twoPlanes(200, 5);
    MixtureEM<EachModelLinear> em = new MixtureEM<>(HyperParameters.of("beta", 1.0),
        new HyperExpertNN(2, 5, 2, 20, 7),
        List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default");
    // three short starts (not the more numerous small-data starts run to convergence)
    em.config().numInit(3).initIterations(4).perturbations(0).smallDataRows(0);
    List<EmProgress> seen = new ArrayList<>();
    FitResult r = em.fit(d.x(), d.y(), 60, seen::add);
    int at = 0;
    int[] lastOfStart = new int[4];
    for (int s = 1; s <= 3; s++) {
      int it = 0;
      while (at < seen.size() && seen.get(at).phase() == EmProgress.Phase.START
          && seen.get(at).start() == s) {
        EmProgress p = seen.get(at++);
        assertEquals(++it, p.iteration(), "start " + s);
        assertEquals(3, p.starts());
        assertTrue(p.seconds() >= 0);
      }
      assertTrue(it >= 1 && it <= 4, "start " + s + " ran " + it + " iterations");
      lastOfStart[s] = it;
    }
    int best = seen.get(at).start();
    int it = lastOfStart[best];
    List<Double> bounds = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i).start() == best && (i >= at || seen.get(i).phase()
          == EmProgress.Phase.START)) {
        bounds.add(seen.get(i).bound());
      }
    }
    for (; at < seen.size(); at++) {
      EmProgress p = seen.get(at);
      assertEquals(EmProgress.Phase.FIT, p.phase());
      assertEquals(best, p.start());
      assertEquals(++it, p.iteration());
      assertFalse(p.line().contains("NaN"), p.line());
    }
    double[] history = r.boundHistory();
    assertEquals(history.length, bounds.size(), "one call per recorded bound");
    for (int i = 0; i < history.length; i++) {
      assertEquals(history[i], bounds.get(i), 0.0, "bound " + i);
    }
    assertEquals(r.converged(), seen.get(seen.size() - 1).converged());
  }

  @Test
  void aLineIsShortAndRounded() {
    EmProgress p = new EmProgress(EmProgress.Phase.START, 2, 5, 7, -1234.56789123, Double.NaN,
        0.0312345, false);
    assertEquals("start 2/5 iteration 7: bound -1234.568, change -, 0.031 s", p.line());
    EmProgress q = new EmProgress(EmProgress.Phase.FIT, 2, 5, 8, -1234.5, 1.23456e-4, 1.5, true);
    assertEquals("iteration 8: bound -1234.500, change 0.00012, 1.500 s, converged", q.line());
  }
}
