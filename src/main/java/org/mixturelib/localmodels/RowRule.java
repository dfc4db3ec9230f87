package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.List;

/**
 * What a family asks of one input row beyond finite values: a count family's integer labels
 * {@code >= 0}, tobit's label within its censoring limits, a categorical label's known level.
 * The front ends apply it before a fit or a prediction ({@code --bad-rows skip} drops the rows
 * it refuses; {@code --bad-rows error} names the column), so that they never ask a family's
 * name; the family's provider supplies it ({@link RowRules}, {@link ExpertFamilies#rowRule}).
 *
 * <p>Serializable: a rule travels into the tasks that filter the rows.
 */
public interface RowRule extends Serializable {
  /** The role of a GLM family's trials column among {@link #roles()}. */
  String TRIALS = "trials";

  /**
   * The per-row columns the rule reads besides the label, by role ({@value #TRIALS}, or a
   * {@link FamilyColumns} role such as {@code lower}), in the order of {@link #admits}'s values.
   */
  List<String> roles();

  /**
   * Whether the family takes a row with this numeric label.
   *
   * @param label the label, finite
   * @param values the row's values of {@link #roles()}, NaN where a value is null (or the
   *     column is not in the input)
   */
  boolean admits(double label, double[] values);

  /**
   * Whether the family takes a row with this text label (a categorical family's level name);
   * by default no family reads text.
   */
  default boolean admitsText(String label) {
    return false;
  }

  /** What the rule asks, for messages: {@code "counts (integers >= 0)"}. */
  String describe();
}
