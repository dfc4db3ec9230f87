package org.mixturelib.localmodels;

/**
 * A {@link GlmFamily} whose answers are counts out of a number of trials given per row (the
 * binomial): the fit reads a trials column for it, and only for it.
 */
public interface TrialsFamily extends GlmFamily {
  /** Whether {@code trials} is a number of trials the family takes (an integer {@code >= 1}). */
  boolean admitsTrials(double trials);
}
