package org.mixturelib.engine;

import org.mixturelib.data.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The degenerate-component guard: once per run, a component whose total responsibility is
 * below {@code minPrior} of the total weight is re-seeded by splitting the expert whose split
 * gains most ({@link ComponentSplits#reseed}). When no split gains, or after the run's re-seed,
 * it leaves the component to {@link MinPriorGuard}. It is in a run's guards only when the gate
 * can change its components and no regularizer refers to them.
 */
final class ReseedGuard implements Guard {
  /** The engine's log (the guard's lines are the engine's). */
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);

  private final DataSource data;
  private final double minPrior;
  private final Components components;

  /**
   * @param data the rows (a re-seed splits an expert on them)
   * @param minPrior the least share of the weight a component keeps
   * @param components the run's record of its components
   */
  ReseedGuard(DataSource data, double minPrior, Components components) {
    this.data = data;
    this.minPrior = minPrior;
    this.components = components;
  }

  @Override
  public MixtureState apply(MixtureState state, EStepStats stats, int iterations) {
    int starved = MinPriorGuard.firstBelow(stats, minPrior, state.k());
    if (starved < 0 || components.reseeds() > 0) {
      return null;
    }
    MixtureState seeded = ComponentSplits.reseed(data, state, stats, starved);
    if (seeded != null) {
      components.reseeded();
      LOG.debug("iteration {}: component {} holds {} of the weight, below minPrior = {};"
          + " re-seeded by splitting the expert that gains most", iterations,
          components.label(starved), String.format("%.4g", stats.counts[starved]
              / stats.gateWeight), minPrior);
    }
    return seeded;
  }
}
