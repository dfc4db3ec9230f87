package org.mixturelib.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Rows of two transforms compared field by field: doubles and vectors to a relative tolerance,
 * everything else exactly. For outputs that go through the Vector API's {@code exp} and {@code
 * log}, which may differ in the last bit between two passes over the same rows (before and
 * after the JIT compiles the loop; see {@code linalg/VectorSupport}).
 */
public final class RowChecks {
  private RowChecks() {}

  /** The same rows, in order, their doubles within {@code relative} of the expected ones. */
  public static void assertSameRows(List<Row> expected, List<Row> actual, double relative) {
    assertEquals(expected.size(), actual.size(), "rows");
    for (int i = 0; i < expected.size(); i++) {
      Row e = expected.get(i);
      Row a = actual.get(i);
      assertEquals(e.size(), a.size(), "fields of row " + i);
      for (int f = 0; f < e.size(); f++) {
        assertSameValue(e.get(f), a.get(f), relative, "row " + i + ", field " + f);
      }
    }
  }

  private static void assertSameValue(Object e, Object a, double relative, String where) {
    if (e instanceof Double x && a instanceof Double y) {
      assertClose(x, y, relative, where);
    } else if (e instanceof Vector x && a instanceof Vector y) {
      assertEquals(x.size(), y.size(), where + ": vector size");
      for (int j = 0; j < x.size(); j++) {
        assertClose(x.apply(j), y.apply(j), relative, where + ", entry " + j);
      }
    } else {
      assertEquals(e, a, where);
    }
  }

  private static void assertClose(double x, double y, double relative, String where) {
    if (Double.compare(x, y) != 0) {
      assertEquals(x, y, relative * Math.max(Math.abs(x), Math.abs(y)), where);
    }
  }
}
