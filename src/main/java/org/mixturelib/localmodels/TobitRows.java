package org.mixturelib.localmodels;

import java.util.ArrayList;
import java.util.List;

/**
 * Tobit's rule for its rows: the label within the row's censoring limits (a censored value
 * equals its limit), the lower limit below the upper one. A limit is the constant setting, or
 * the row's value of the per-row column when one is named (a null there: no limit), as {@link
 * TobitExperts} reads them.
 *
 * @param lower the constant lower limit ({@code -Infinity}: none)
 * @param upper the constant upper limit ({@code +Infinity}: none)
 * @param lowerPerRow whether a per-row lower limit column is named (role {@value
 *     TobitExperts#LOWER})
 * @param upperPerRow whether a per-row upper limit column is named (role {@value
 *     TobitExperts#UPPER})
 */
record TobitRows(double lower, double upper, boolean lowerPerRow, boolean upperPerRow)
    implements RowRule {
  @Override
  public List<String> roles() {
    List<String> roles = new ArrayList<>();
    if (lowerPerRow) {
      roles.add(TobitExperts.LOWER);
    }
    if (upperPerRow) {
      roles.add(TobitExperts.UPPER);
    }
    return roles;
  }

  @Override
  public boolean admits(double label, double[] values) {
    double l = lower;
    double u = upper;
    int at = 0;
    if (lowerPerRow) {
      l = Double.isNaN(values[at]) ? Double.NEGATIVE_INFINITY : values[at];
      at++;
    }
    if (upperPerRow) {
      u = Double.isNaN(values[at]) ? Double.POSITIVE_INFINITY : values[at];
    }
    return l < u && label >= l && label <= u;
  }

  @Override
  public String describe() {
    return "values within their censoring limits (lower " + (lowerPerRow ? "per row" : lower)
        + ", upper " + (upperPerRow ? "per row" : upper) + "; a censored value equals its"
        + " limit)";
  }
}
