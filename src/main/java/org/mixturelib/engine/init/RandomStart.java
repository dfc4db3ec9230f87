package org.mixturelib.engine.init;

import org.mixturelib.data.Block;
import org.mixturelib.engine.RowRandom;

/**
 * Random responsibilities: a Dirichlet(1, ..., 1) draw per row, keyed by (seed, stream, row).
 *
 * @param k number of components
 * @param seed the fit's seed
 * @param stream which start this is
 */
public record RandomStart(int k, long seed, long stream) implements StartRule {
  private static final long serialVersionUID = 1L;

  @Override
  public void responsibilities(Block b, double[] resp) {
    for (int i = 0; i < b.n; i++) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        double e = -Math.log(RowRandom.uniform(seed, stream, b.firstRow + i, c));
        resp[i * k + c] = e;
        s += e;
      }
      for (int c = 0; c < k; c++) {
        resp[i * k + c] /= s;
      }
    }
  }
}
