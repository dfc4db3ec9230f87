package org.mixturelib.localmodels;

import java.util.List;
import org.mixturelib.data.Block;

/**
 * Experts whose answer is one of L levels, given in the block's label column as the level's
 * index {@code 0 .. L-1}: each expert gives a probability per level. The prediction of the
 * mixture is then its most probable level (by the mixed probabilities {@code Σ_k pi_k(x)
 * p_k(l | x)}), not a mean; {@link ExpertFamily#predict} gives each expert's most probable
 * level.
 */
public interface CategoricalExperts extends ExpertFamily {
  /** Number of levels L (at least 2). */
  int numLevels();

  /** Names the label column in the messages about bad labels. */
  void setLabelName(String label);

  /** The levels' names, in the order of their indices (a copy). */
  List<String> levels();

  /**
   * Every expert's probability of every level for the block's rows.
   *
   * @param out column-major {@code n x (K L)}: expert k's probability of level l at column
   *     {@code k L + l}; length at least {@code n K L}
   */
  void levelProbabilities(Block b, double[] out);
}
