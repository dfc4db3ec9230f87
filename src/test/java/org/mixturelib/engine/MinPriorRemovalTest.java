package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.support.Planted;

/**
 * A planted component below {@code minPrior} (2% of the rows, minPrior 5%): the default fit
 * re-seeds it once, and when the re-seeded component starves again it is removed, as flexmix
 * removes components below {@code minprior}, instead of being re-seeded again and again. The
 * fit converges with one component fewer after at most two model changes.
 */
class MinPriorRemovalTest {
  @Test
  void aStarvingComponentIsReseededOnceThenRemoved() {
    Planted.Data d = Planted.experts(4000, 2, 4, 3.0, 0.5, false,
        new double[] {0.4, 0.33, 0.25, 0.02}, 11);
    InMemorySource data = InMemorySource.of(d.x(), d.y(), null);
    FitResult fit = Models.fit(data, Models.regressions(4, 2),
        new EmConfig().numInit(1).seed(4).perturbations(0));
    assertTrue(fit.converged(), "not converged after " + fit.iterations() + " iterations");
    assertEquals(3, fit.numComponents());
    assertTrue(fit.modelChanges().length <= 2, "model changes at "
        + java.util.Arrays.toString(fit.modelChanges()));
  }
}
