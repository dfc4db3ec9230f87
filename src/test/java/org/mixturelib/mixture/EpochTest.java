package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.engine.FitResult;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.support.Planted;

/**
 * 0.4's {@code fit(X, Y, epoch)} caps that fit only: the configured {@code maxIter} holds again
 * for the fits after it (it used to stay at {@code epoch} for every later fit).
 */
class EpochTest {
  @Test
  void anEpochLimitsOneFitOnly() {
    Planted.Data d = Planted.twoPlanes(200, 5);
    MixtureEM<EachModelLinear> em = new MixtureEM<>(HyperParameters.of("beta", 1.0),
        new HyperModelDirichlet(2), List.of(new EachModelLinear(2), new EachModelLinear(2)),
        List.of(), "default");
    em.config().numInit(1).tol(1e-12).maxIter(50);
    FitResult capped = em.fit(d.x(), d.y(), 2);
    assertEquals(2, capped.iterations());
    assertEquals(50, em.config().maxIter());
    FitResult capped2 = em.fit(d.x(), d.y(), 3, p -> { });
    assertEquals(3, capped2.iterations());
    assertEquals(50, em.config().maxIter());
    FitResult free = em.fit(d.x(), d.y());
    assertTrue(free.iterations() > 3, "the next fit ran " + free.iterations() + " iterations");
  }
}
