package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.mixturelib.data.DataSource;
import org.mixturelib.hypermodels.ResizableGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard on starving components, applied to each E-step before its bound is recorded: a
 * component whose total responsibility is below {@code minPrior} of the total weight is re-seeded
 * by splitting the expert whose split gains most, once per run; when no split gains, all of them
 * are removed (flexmix's rule), and after the run's re-seed a starving component is removed alone
 * (the first of them; the others, if still below, at the next iterations). It keeps each current
 * component's number among those the run started with and the components removed, in order.
 */
final class MinPriorGuard {
  /** The engine's log (the guard's lines are the engine's). */
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);

  private final DataSource data;
  private final double minPrior;
  /** Whether regularizers refer to the components (then they are kept whatever their share). */
  private final boolean regularized;
  private int reseeds;
  private boolean keptDegenerate;
  private int[] labels;
  private final List<FitResult.Removed> removed = new ArrayList<>();

  /**
   * @param data the rows (a re-seed splits an expert on them)
   * @param minPrior the least share of the weight a component keeps
   * @param k the number of components the run starts with
   * @param regularized whether regularizers refer to the components
   */
  MinPriorGuard(DataSource data, double minPrior, int k, boolean regularized) {
    this.data = data;
    this.minPrior = minPrior;
    this.regularized = regularized;
    labels = IntStream.rangeClosed(1, k).toArray();
  }

  /** Continues {@code from}'s components: their numbers and removals. */
  void continuing(MinPriorGuard from) {
    labels = from.labels.clone();
    removed.addAll(from.removed);
  }

  /** Resumes at a checkpoint's re-seed count and warning flag. */
  void resumeAt(int reseedCount, boolean kept) {
    reseeds = reseedCount;
    keptDegenerate = kept;
  }

  /** Whether no component of these statistics (of {@code k} components) is below minPrior. */
  boolean allAbove(EStepStats stats, int k) {
    if (minPrior > 0 && k > 1) {
      for (double c : stats.counts) {
        if (c < minPrior * stats.gateWeight) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The model after the guard at the E-step {@code stats} of {@code state}, or null when it
   * leaves the model as it is.
   *
   * @param iterations the run's completed iterations (for the log and the removal record)
   */
  MixtureState apply(MixtureState state, EStepStats stats, int iterations) {
    int k = state.k();
    if (minPrior == 0 || k == 1) {
      return null;
    }
    double limit = minPrior * stats.gateWeight;
    int largest = 0;
    List<Integer> keep = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (stats.counts[c] >= limit) {
        keep.add(c);
      }
      if (stats.counts[c] > stats.counts[largest]) {
        largest = c;
      }
    }
    if (keep.size() == k) {
      return null;
    }
    if (regularized || !(state.gate() instanceof ResizableGate)) {
      if (!keptDegenerate) {
        keptDegenerate = true;
        LOG.warn("iteration {}: a component holds less than minPrior = {} of the weight but"
            + " is kept ({})", iterations, minPrior, regularized
            ? "regularizers refer to the components" : "the gate cannot change its components");
      }
      return null;
    }
    int starved = 0;
    while (keep.contains(starved)) {
      starved++;
    }
    if (reseeds > 0) {
      // the run's re-seed did not settle it (a component starves again): remove this one alone
      keep.clear();
      for (int c = 0; c < k; c++) {
        if (c != starved) {
          keep.add(c);
        }
      }
    } else {
      MixtureState seeded = ComponentSplits.reseed(data, state, stats, starved);
      if (seeded != null) {
        reseeds++;
        LOG.debug("iteration {}: component {} holds {} of the weight, below minPrior = {};"
            + " re-seeded by splitting the expert that gains most", iterations, labels[starved],
            String.format("%.4g", stats.counts[starved] / stats.gateWeight), minPrior);
        return seeded;
      }
    }
    if (keep.isEmpty()) {
      keep.add(largest);
    }
    int[] kept = keep.stream().mapToInt(Integer::intValue).toArray();
    List<FitResult.Removed> dropped = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (!keep.contains(c)) {
        dropped.add(new FitResult.Removed(labels[c], stats.counts[c] / stats.gateWeight,
            iterations));
      }
    }
    LOG.debug("iteration {}: removing component(s) {}: below minPrior = {}; {} remain",
        iterations, dropped.stream().map(Object::toString).collect(Collectors.joining(", ")),
        minPrior, kept.length);
    removed.addAll(dropped);
    labels = Arrays.stream(kept).map(c -> labels[c]).toArray();
    return state.restrictTo(kept);
  }

  /** Re-seeds this run made (for a checkpoint). */
  int reseeds() {
    return reseeds;
  }

  /** Whether the warning about a starving component that is kept was given (for a checkpoint). */
  boolean keptDegenerate() {
    return keptDegenerate;
  }

  /** The components removed so far, in order. */
  List<FitResult.Removed> removed() {
    return List.copyOf(removed);
  }
}
