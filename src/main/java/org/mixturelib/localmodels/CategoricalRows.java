package org.mixturelib.localmodels;

import java.util.List;

/**
 * A categorical family's rule for its rows: a label that is a level, by name (a text label)
 * or by index (an integer {@code >= 0}, below the number of levels). Before the levels are
 * known (a fit learns them from its label), every name and every index is a level.
 *
 * @param levels the label's levels in index order, or null when not yet known
 */
record CategoricalRows(List<String> levels) implements RowRule {
  @Override
  public List<String> roles() {
    return List.of();
  }

  @Override
  public boolean admits(double label, double[] values) {
    return GlmFamily.wholeAtLeast(label, 0) && (levels == null || label < levels.size());
  }

  @Override
  public boolean admitsText(String label) {
    return label != null && (levels == null || levels.contains(label));
  }

  @Override
  public String describe() {
    return levels == null ? "levels (names, or indices: integers >= 0)" : "one of the levels "
        + levels + " (or its index, 0 to " + (levels.size() - 1) + ")";
  }
}
