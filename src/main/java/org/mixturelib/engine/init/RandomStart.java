package org.mixturelib.engine.init;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.engine.RowRandom;

/**
 * A random start: each expert fitted to its own small random subset of rows. Each row is kept
 * with probability {@code keep} and then belongs wholly to one expert drawn uniformly (draws
 * keyed by seed, stream and row); the other rows have no responsibility. The gate keeps its
 * initial state. Spreading random responsibilities over all rows would start every expert at
 * the pooled fit, a saddle that a large N makes hard to leave.
 *
 * @param k number of components
 * @param keep probability that a row belongs to the start
 * @param seed the fit's seed
 * @param stream which start this is
 */
public record RandomStart(int k, double keep, long seed, long stream) implements StartRule {
  private static final long serialVersionUID = 1L;
  /** Rows per expert and parameter that a random start fits each expert to. */
  private static final double ROWS_PER_PARAMETER = 5;

  /**
   * A start with about five rows per expert and parameter.
   *
   * @param d number of features of each expert
   * @param rows number of rows of the data
   */
  public static RandomStart of(int k, int d, long rows, long seed, long stream) {
    double perExpert = ROWS_PER_PARAMETER * (d + 1.0);
    return new RandomStart(k, Math.min(1.0, perExpert * k / rows), seed, stream);
  }

  @Override
  public void responsibilities(Block b, double[] resp) {
    Arrays.fill(resp, 0, b.n * k, 0.0);
    for (int i = 0; i < b.n; i++) {
      long row = b.rowKey(i);
      if (RowRandom.uniform(seed, stream, row, 0) < keep) {
        int pick = (int) (RowRandom.uniform(seed, stream, row, 1) * k);
        resp[i * k + Math.min(pick, k - 1)] = 1;
      }
    }
  }

  @Override
  public boolean trainsGate() {
    return false;
  }
}
