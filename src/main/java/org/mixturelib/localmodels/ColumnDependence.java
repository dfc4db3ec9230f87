package org.mixturelib.localmodels;

/**
 * Experts whose statistics reveal linearly dependent columns, which the engine reports once per
 * fit.
 */
public interface ColumnDependence extends ExpertFamily {
  /**
   * The columns of {@code [X Y]} that are linear combinations of the columns before them in the
   * data behind {@code stats} (of one pass over all rows): indices below D are features; D + j
   * is output j, an exact linear function of the features.
   */
  int[] dependentColumns(ExpertStatistics stats);
}
