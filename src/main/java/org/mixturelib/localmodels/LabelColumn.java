package org.mixturelib.localmodels;

/**
 * Experts that name the label column in their messages about labels their family does not
 * admit (a negative count): the front ends tell them the column's name.
 */
public interface LabelColumn extends ExpertFamily {
  /** Names the label column in the messages about bad labels. */
  void setLabelName(String column);
}
