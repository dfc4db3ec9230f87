package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.Planted;

/**
 * The guards, hooks on each E-step before its bound is recorded ({@link Guard}): the minPrior
 * rule on statistics built by hand (which components are below, what it removes before and
 * after a re-seed, their numbers kept in the run's {@link Components}, the warning when the gate
 * cannot drop one), the re-seed guard once per run, and a run's guard list in order.
 */
class GuardsTest {
  private static final double MIN_PRIOR = 0.05;

  /** E-step statistics of four components with these counts over a total weight of 100. */
  private static EStepStats stats(double... counts) {
    EStepStats s = new EStepStats(counts.length, new LinearExperts(counts.length, 2, 1)
        .newStatistics());
    System.arraycopy(counts, 0, s.counts, 0, counts.length);
    s.gateWeight = 100;
    s.weight = 100;
    return s;
  }

  private static MixtureState state(int k) {
    return new MixtureState(new LinearExperts(k, 2, 1), new HyperModelDirichlet(k));
  }

  @Test
  void theMinPriorRuleFindsTheFirstComponentBelowAndAdmitsOnlyPointsWithoutOne() {
    assertEquals(1, MinPriorGuard.firstBelow(stats(60, 3, 35, 2), MIN_PRIOR, 4));
    assertEquals(-1, MinPriorGuard.firstBelow(stats(60, 5, 35), MIN_PRIOR, 3));
    assertEquals(-1, MinPriorGuard.firstBelow(stats(60, 3, 37), 0, 3), "minPrior 0: no rule");
    MinPriorGuard guard = new MinPriorGuard(MIN_PRIOR, new Components(3), null);
    assertFalse(guard.admits(stats(60, 3, 37), 3));
    assertTrue(guard.admits(stats(60, 5, 35), 3));
  }

  @Test
  void withoutAReseedAllComponentsBelowAreRemovedAndNumberedAsTheRunBegan() {
    Components components = new Components(4);
    MinPriorGuard guard = new MinPriorGuard(MIN_PRIOR, components, null);
    assertNull(guard.apply(state(4), stats(60, 10, 25, 5), 3), "none below minPrior");
    MixtureState after = guard.apply(state(4), stats(60, 3, 35, 2), 3);
    assertEquals(2, after.k());
    assertEquals(List.of(new FitResult.Removed(2, 0.03, 3), new FitResult.Removed(4, 0.02, 3)),
        components.removedSoFar());
    assertEquals(1, components.label(0));
    assertEquals(3, components.label(1));
  }

  @Test
  void afterTheRunsReseedOnlyTheFirstComponentBelowIsRemoved() {
    Components components = new Components(4);
    components.reseeded();
    MixtureState after = new MinPriorGuard(MIN_PRIOR, components, null)
        .apply(state(4), stats(60, 3, 35, 2), 7);
    assertEquals(3, after.k());
    assertEquals(List.of(new FitResult.Removed(2, 0.03, 7)), components.removedSoFar());
    assertArrayEquals(new int[] {1, 3, 4}, new int[] {components.label(0), components.label(1),
        components.label(2)});
  }

  @Test
  void aComponentTheGateCannotDropIsKeptWithOneWarning() {
    Components components = new Components(2);
    MinPriorGuard guard = new MinPriorGuard(MIN_PRIOR, components,
        "the gate cannot change its components");
    MixtureState sparse = new MixtureState(new LinearExperts(2, 2, 1),
        new HyperModelGateSparsed(2));
    assertNull(guard.apply(sparse, stats(98, 2), 1));
    assertTrue(components.keptDegenerate());
    assertFalse(components.warnKept(), "the warning is given once per run");
    assertEquals(List.of(), components.removedSoFar());
  }

  /**
   * The re-seed guard splits the expert that gains most into a starving component once per
   * run, and leaves the starving component to the minPrior rule after that.
   */
  @Test
  void theReseedGuardReseedsOncePerRun() {
    Planted.Data d = Planted.experts(600, 2, 2, 3.0, 0.3, false, new double[] {0.5, 0.5}, 3);
    InMemorySource data = InMemorySource.of(d.x(), d.y(), null);
    MixtureState fitted = Models.fit(data, Models.regressions(2, d.x()[0].length),
        new EmConfig().numInit(1).seed(2).perturbations(0)).state();
    // a third component that holds nothing
    MixtureState three = new MixtureState(fitted.experts().restrictTo(new int[] {0, 1, 1}),
        new HyperModelDirichlet(new double[] {300, 299, 1}, false));
    EStepStats starving = stats(50, 49, 1);
    Components components = new Components(3);
    ReseedGuard guard = new ReseedGuard(data, MIN_PRIOR, components);
    MixtureState seeded = guard.apply(three, starving, 5);
    assertEquals(3, seeded.k());
    assertEquals(1, components.reseeds());
    assertNull(guard.apply(three, starving, 6), "one re-seed per run");
  }
}
