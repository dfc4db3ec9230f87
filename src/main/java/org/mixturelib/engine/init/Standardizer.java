package org.mixturelib.engine.init;

import java.io.Serializable;
import org.mixturelib.data.Block;
import org.mixturelib.data.ColumnSummary;

/**
 * Maps a row's {@code [x, y]} to the space k-means works in: every non-constant column centred
 * and divided by its standard deviation; constant columns (an intercept) are left out.
 */
final class Standardizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] columns;
  private final double[] means;
  private final double[] scales;

  Standardizer(ColumnSummary summary) {
    int total = summary.numFeatures() + summary.numOutputs();
    int kept = 0;
    for (int c = 0; c < total; c++) {
      if (!summary.isConstant(c)) {
        kept++;
      }
    }
    columns = new int[kept];
    means = new double[kept];
    scales = new double[kept];
    int j = 0;
    for (int c = 0; c < total; c++) {
      if (!summary.isConstant(c)) {
        columns[j] = c;
        means[j] = summary.mean(c);
        scales[j] = 1 / Math.sqrt(summary.variance(c));
        j++;
      }
    }
  }

  /** Number of coordinates of the standardised space. */
  int dimension() {
    return columns.length;
  }

  /** Writes row i of the block, standardised, into {@code out}. */
  void row(Block b, int i, double[] out) {
    for (int j = 0; j < columns.length; j++) {
      out[j] = (b.xy[columns[j] * b.n + i] - means[j]) * scales[j];
    }
  }
}
