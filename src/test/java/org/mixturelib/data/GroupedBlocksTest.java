package org.mixturelib.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The grouped block layout: blocks end only between groups, a group larger than the capacity
 * makes one larger block, every row keeps its value and its input index, and the gate's view
 * holds each group's first row.
 */
class GroupedBlocksTest {
  @Test
  void skewedGroupsStayWholeAndKeepTheirRows() {
    // many groups of 3 around two groups of 10,000 rows, capacity 64
    List<Integer> sizes = new ArrayList<>();
    for (int g = 0; g < 500; g++) {
      sizes.add(g == 100 || g == 400 ? 10_000 : 3);
    }
    int n = sizes.stream().mapToInt(Integer::intValue).sum();
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    Object[] group = new Object[n];
    // groups interleaved in the input: row i belongs to the group of its position in a cycle
    List<Integer> owner = new ArrayList<>();
    for (int g = 0; g < sizes.size(); g++) {
      for (int r = 0; r < sizes.get(g); r++) {
        owner.add(g);
      }
    }
    java.util.Collections.shuffle(owner, new java.util.Random(3));
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {1, i};
      y[i] = new double[] {2.0 * i};
      group[i] = "g" + owner.get(i);
    }
    List<Block> blocks = BlockBuilder.fromGroupedArrays(x, y, null, group, 64, false);
    int rows = 0;
    int groups = 0;
    int largest = 0;
    for (Block b : blocks) {
      assertTrue(b.grouped());
      int[] s = b.groupStarts;
      // a block ends at the first group boundary at or after the capacity
      assertTrue(b.n < 64 || s[s.length - 2] < 64, "block of " + b.n + " rows");
      for (int j = 0; j < b.numGroups(); j++) {
        Object key = group[(int) b.rowKey(s[j])];
        for (int i = s[j]; i < s[j + 1]; i++) {
          int row = (int) b.rowKey(i);
          assertEquals(key, group[row]);
          assertEquals(row, b.x(i, 1), 0);
          assertEquals(2.0 * row, b.y(i, 0), 0);
          if (i > s[j]) {
            assertTrue(b.rowKey(i) > b.rowKey(i - 1), "rows of a group in input order");
          }
        }
        largest = Math.max(largest, s[j + 1] - s[j]);
      }
      Block first = b.gateRows();
      assertEquals(b.numGroups(), first.n);
      for (int j = 0; j < first.n; j++) {
        assertEquals(b.x(s[j], 1), first.x(j, 1), 0);
        assertEquals(1.0, first.weights[j], 0);
      }
      rows += b.n;
      groups += b.numGroups();
    }
    assertEquals(n, rows);
    assertEquals(500, groups);
    assertEquals(10_000, largest);
  }

  @Test
  void blockLayoutIsChecked() {
    Block b = new Block(3, 1, 1, new double[6], new double[3], 0);
    assertThrows(IllegalArgumentException.class,
        () -> b.withGroups(new int[] {0, 2}, new long[] {0, 1, 2}));
    assertArrayEquals(new int[] {0, 1, 3},
        b.withGroups(new int[] {0, 1, 3}, new long[] {5, 6, 7}).groupStarts);
  }
}
