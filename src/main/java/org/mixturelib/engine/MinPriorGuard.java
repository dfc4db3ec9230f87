package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minPrior rule, after the {@link ReseedGuard}: components whose total responsibility is
 * below {@code minPrior} of the total weight are removed, all of them when the run has not
 * re-seeded one (no split gained: flexmix's rule), the first of them alone after the run's
 * re-seed (the others, if still below, at the next iterations). When the gate cannot change its
 * components or regularizers refer to them ({@code removable} false), they are kept, with a
 * warning once per run. An extrapolated point with a component below minPrior is not admitted.
 */
final class MinPriorGuard implements Guard {
  /** The engine's log (the guard's lines are the engine's). */
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);

  private final double minPrior;
  private final Components components;
  /** Why components cannot be removed, or null when they can. */
  private final String kept;

  /**
   * @param minPrior the least share of the weight a component keeps
   * @param components the run's record of its components
   * @param kept why components cannot be removed (the log says it), or null when they can
   */
  MinPriorGuard(double minPrior, Components components, String kept) {
    this.minPrior = minPrior;
    this.components = components;
    this.kept = kept;
  }

  /**
   * The first of the {@code k} components below minPrior at these statistics, or -1 (none, or
   * no rule: minPrior 0 or one component).
   */
  static int firstBelow(EStepStats stats, double minPrior, int k) {
    if (minPrior == 0 || k == 1) {
      return -1;
    }
    for (int c = 0; c < k; c++) {
      if (stats.counts[c] < minPrior * stats.gateWeight) {
        return c;
      }
    }
    return -1;
  }

  @Override
  public boolean admits(EStepStats stats, int k) {
    return firstBelow(stats, minPrior, k) < 0;
  }

  @Override
  public MixtureState apply(MixtureState state, EStepStats stats, int iterations) {
    int k = state.k();
    int starved = firstBelow(stats, minPrior, k);
    if (starved < 0) {
      return null;
    }
    if (kept != null) {
      if (components.warnKept()) {
        LOG.warn("iteration {}: a component holds less than minPrior = {} of the weight but"
            + " is kept ({})", iterations, minPrior, kept);
      }
      return null;
    }
    double limit = minPrior * stats.gateWeight;
    int largest = 0;
    List<Integer> keep = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      boolean above = stats.counts[c] >= limit;
      if (components.reseeds() > 0 ? c != starved : above) {
        keep.add(c);
      }
      if (stats.counts[c] > stats.counts[largest]) {
        largest = c;
      }
    }
    if (keep.isEmpty()) {
      keep.add(largest);
    }
    int[] remaining = keep.stream().mapToInt(Integer::intValue).toArray();
    List<FitResult.Removed> dropped = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (!keep.contains(c)) {
        dropped.add(new FitResult.Removed(components.label(c), stats.counts[c]
            / stats.gateWeight, iterations));
      }
    }
    LOG.debug("iteration {}: removing component(s) {}: below minPrior = {}; {} remain",
        iterations, dropped.stream().map(Object::toString).collect(Collectors.joining(", ")),
        minPrior, remaining.length);
    components.removed(dropped, remaining);
    return state.restrictTo(remaining);
  }
}
