package org.mixturelib.localmodels;

import java.util.List;

/**
 * A GLM family's rule for its rows ({@link GlmFamily#admits}): a count family's integers
 * {@code >= 0}, the binomial's successes out of the row's trials (role {@value
 * RowRule#TRIALS}: an integer {@code >= 1}; one trial when the column is absent).
 *
 * @param family the experts' family
 */
record GlmRows(GlmFamily family) implements RowRule {
  @Override
  public List<String> roles() {
    return family instanceof TrialsFamily ? List.of(TRIALS) : List.of();
  }

  @Override
  public boolean admits(double label, double[] values) {
    double trials = values.length == 0 || Double.isNaN(values[0]) ? 1 : values[0];
    if (family instanceof TrialsFamily t && !t.admitsTrials(trials)) {
      return false;
    }
    return family.admits(label, trials);
  }

  @Override
  public String describe() {
    return family.labelRule();
  }
}
