package org.mixturelib.localmodels;

/**
 * Experts whose M-step reads their statistics on a screened set of features only (the elastic
 * net's strong and ever-active sets, {@link ElasticNet#solve}): a pass gathers what the M-step
 * needs of the screened features, and the M-step checks that no other feature would move. When
 * one would, the step is the best on the screened set and the next pass gathers more; the
 * engine does not stop a run as converged until a step was the one the whole statistics give.
 */
public interface ScreenedFeatures extends ExpertFamily {
  /**
   * Whether the last M-step was the one the statistics of every feature would give (no feature
   * outside the screened sets would have moved); true before the first.
   */
  boolean screeningComplete();

  /** The features whose full statistics the next pass gathers for expert e, increasing. */
  int[] screenedFeatures(int e);
}
