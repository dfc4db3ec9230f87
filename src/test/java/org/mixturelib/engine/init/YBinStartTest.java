package org.mixturelib.engine.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;

/** The y-bin start: cut points at jittered quantiles of y, whatever the blocks. */
class YBinStartTest {
  /** y = 0, 1, ..., n - 1 in a shuffled order, x = 1. */
  private static InMemorySource data(int n, int blockSize) {
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {1};
      y[i] = new double[] {(i * 7919L) % n};
    }
    return new InMemorySource(BlockBuilder.fromArrays(x, y, null, blockSize));
  }

  @Test
  void cutsSitWithinAThirdOfABinOfTheQuantilesAndDoNotDependOnTheBlocks() {
    int n = 2000;
    int k = 4;
    YBinStart a = YBinStart.of(data(n, 64), k, 42, -3);
    YBinStart b = YBinStart.of(data(n, 2000), k, 42, -3);
    assertArrayEquals(a.cuts(), b.cuts());
    for (int j = 1; j < k; j++) {
      // the quantiles of a 4,096-row sample of 2,000 rows are the rows' own
      double q = a.cuts()[j - 1] / n;
      assertTrue(Math.abs(q - (double) j / k) <= 0.3 / k + 1e-9, "cut " + j + " at " + q);
    }
    assertTrue(!java.util.Arrays.equals(a.cuts(), YBinStart.of(data(n, 64), k, 42, -6).cuts()),
        "another start moves the cuts");
  }

  @Test
  void aboutHalfTheRowsGoWhollyToTheBinOfTheirY() {
    int n = 2000;
    int k = 3;
    InMemorySource d = data(n, 500);
    YBinStart s = YBinStart.of(d, k, 7, -2);
    int kept = 0;
    for (Block b : d.blocks()) {
      double[] resp = new double[b.n * k];
      s.responsibilities(b, resp);
      for (int i = 0; i < b.n; i++) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += resp[i * k + c];
        }
        if (sum == 0) {
          continue;
        }
        assertEquals(1.0, sum);
        kept++;
        double y = b.y(i, 0);
        int bin = y <= s.cuts()[0] ? 0 : y <= s.cuts()[1] ? 1 : 2;
        assertEquals(1.0, resp[i * k + bin], "row with y = " + y);
      }
    }
    // binomial(2000, 1/2): sd 22
    assertTrue(Math.abs(kept - 1000) < 110, kept + " rows kept");
  }
}
