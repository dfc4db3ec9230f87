package org.mixturelib.engine.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.ColumnSummary;
import org.mixturelib.data.InMemorySource;

/** k-means starts over the data source: the planted groups, whatever the blocks. */
class KMeansTest {
  /** 600 rows in three groups of [x, y] (plus an intercept column), far apart. */
  static InMemorySource groups(int blockSize) {
    Random r = new Random(8);
    double[][] centres = {{0, 0}, {10, 5}, {-5, 20}};
    int n = 600;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] c = centres[i % 3];
      x[i] = new double[] {1, c[0] + r.nextGaussian()};
      y[i] = new double[] {c[1] + r.nextGaussian()};
    }
    return new InMemorySource(BlockBuilder.fromArrays(x, y, null, blockSize));
  }

  static double[] responsibilities(InMemorySource data, StartRule rule, int k) {
    double[] all = new double[(int) data.numRows() * k];
    for (Block b : data.blocks()) {
      double[] resp = new double[b.n * k];
      rule.responsibilities(b, resp);
      System.arraycopy(resp, 0, all, (int) b.firstRow * k, resp.length);
    }
    return all;
  }

  @Test
  void startSeparatesThePlantedGroups() {
    InMemorySource data = groups(4096);
    StartRule rule = KMeans.start(data, ColumnSummary.of(data), 3, 42, 0);
    double[] resp = responsibilities(data, rule, 3);
    int[] label = new int[3];
    for (int g = 0; g < 3; g++) {
      label[g] = argmax(resp, g, 3);
    }
    assertEquals(3, java.util.Arrays.stream(label).distinct().count());
    for (int i = 0; i < 600; i++) {
      double sum = resp[i * 3] + resp[i * 3 + 1] + resp[i * 3 + 2];
      assertEquals(1, sum, 1e-12);
      assertTrue(resp[i * 3 + label[i % 3]] > 0.99, "row " + i);
    }
  }

  @Test
  void startDoesNotDependOnTheBlocks() {
    for (long stream = 0; stream < 3; stream++) {
      InMemorySource one = groups(4096);
      InMemorySource many = groups(17);
      double[] a = responsibilities(one, KMeans.start(one, ColumnSummary.of(one), 3, 7, stream),
          3);
      double[] b = responsibilities(many,
          KMeans.start(many, ColumnSummary.of(many), 3, 7, stream), 3);
      assertArrayEquals(a, b, 1e-9);
    }
  }

  private static int argmax(double[] resp, int row, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (resp[row * k + c] > resp[row * k + best]) {
        best = c;
      }
    }
    return best;
  }
}
