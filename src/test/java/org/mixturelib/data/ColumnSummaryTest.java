package org.mixturelib.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Weighted column means and variances, whatever the blocks, against a direct computation. */
class ColumnSummaryTest {
  @Test
  void momentsMatchADirectComputationForAnyBlockSize() {
    Random r = new Random(2);
    int n = 1000;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      // a large offset makes a naive sum of squares lose the variance
      x[i] = new double[] {1, 1e6 + r.nextGaussian()};
      y[i] = new double[] {3 * r.nextGaussian() - 2};
      w[i] = 0.5 + r.nextDouble();
    }
    double[] expectedMean = new double[3];
    double[] expectedVar = new double[3];
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += w[i];
    }
    for (int c = 0; c < 3; c++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += w[i] * value(x, y, i, c);
      }
      expectedMean[c] = s / total;
      double q = 0;
      for (int i = 0; i < n; i++) {
        double e = value(x, y, i, c) - expectedMean[c];
        q += w[i] * e * e;
      }
      expectedVar[c] = q / total;
    }
    for (int blockSize : new int[] {1000, 333, 7}) {
      ColumnSummary s = ColumnSummary.of(new InMemorySource(BlockBuilder.fromArrays(x, y, w,
          blockSize)));
      for (int c = 0; c < 3; c++) {
        assertEquals(expectedMean[c], s.mean(c), 1e-9 * Math.max(1, Math.abs(expectedMean[c])));
        assertEquals(expectedVar[c], s.variance(c), 1e-9 * Math.max(1, expectedVar[c]));
      }
      assertTrue(s.isConstant(0));
      assertFalse(s.isConstant(1));
      assertEquals(1, s.constantFeatures());
      assertEquals(expectedVar[2], s.outputVariance(), 1e-9 * expectedVar[2]);
    }
  }

  private static double value(double[][] x, double[][] y, int i, int c) {
    return c < 2 ? x[i][c] : y[i][0];
  }
}
