package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a run's guards remember of its components: each current component's number among those
 * the run started with, the components removed (in order), the re-seeds made and whether the
 * warning about a starving component that is kept was given. A checkpoint's position holds the
 * re-seeds and the warning; a continuing run takes the numbers and removals of the run before.
 */
final class Components {
  private int[] labels;
  private final List<FitResult.Removed> removed = new ArrayList<>();
  private int reseeds;
  private boolean keptDegenerate;

  /** A run of {@code k} components, numbered from 1. */
  Components(int k) {
    labels = IntStream.rangeClosed(1, k).toArray();
  }

  /** Continues {@code from}'s components: their numbers and removals. */
  void continuing(Components from) {
    labels = from.labels.clone();
    removed.addAll(from.removed);
  }

  /** Resumes at a checkpoint's re-seed count and warning flag. */
  void resumeAt(int reseedCount, boolean kept) {
    reseeds = reseedCount;
    keptDegenerate = kept;
  }

  /** The number of current component {@code c} among those the run started with. */
  int label(int c) {
    return labels[c];
  }

  /** Records a re-seed. */
  void reseeded() {
    reseeds++;
  }

  /** Records the removal of {@code dropped}; {@code kept} are the remaining components. */
  void removed(List<FitResult.Removed> dropped, int[] kept) {
    removed.addAll(dropped);
    int[] before = labels;
    labels = IntStream.of(kept).map(c -> before[c]).toArray();
  }

  /**
   * Records that the warning about a starving component that is kept is given; returns whether
   * it had not been given before.
   */
  boolean warnKept() {
    boolean first = !keptDegenerate;
    keptDegenerate = true;
    return first;
  }

  /** Re-seeds this run made. */
  int reseeds() {
    return reseeds;
  }

  /** Whether the warning about a starving component that is kept was given. */
  boolean keptDegenerate() {
    return keptDegenerate;
  }

  /** The components removed so far, in order. */
  List<FitResult.Removed> removedSoFar() {
    return List.copyOf(removed);
  }
}
