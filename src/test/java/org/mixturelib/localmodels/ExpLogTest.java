package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kahan's log1p and expm1 against StrictMath's, from tiny arguments to the ends. */
class ExpLogTest {
  @Test
  void log1pWithinAFewUlpsOfStrictMath() {
    for (double x : arguments(-1 + 1e-15, 1e6)) {
      double want = StrictMath.log1p(x);
      assertEquals(want, ExpLog.log1p(x), 4 * Math.ulp(want), "log1p(" + x + ")");
    }
    assertEquals(Double.NEGATIVE_INFINITY, ExpLog.log1p(-1));
    assertEquals(1e-300, ExpLog.log1p(1e-300));
    assertEquals(Math.log(Double.MAX_VALUE), ExpLog.log1p(Double.MAX_VALUE), 1e-12);
  }

  @Test
  void expm1WithinAFewUlpsOfStrictMath() {
    for (double x : arguments(-745, 700)) {
      double want = StrictMath.expm1(x);
      assertEquals(want, ExpLog.expm1(x, Math.exp(x)), 4 * Math.ulp(want), "expm1(" + x + ")");
    }
    assertEquals(-1, ExpLog.expm1(-800, Math.exp(-800)));
    assertEquals(Double.POSITIVE_INFINITY, ExpLog.expm1(800, Math.exp(800)));
    assertEquals(-1e-300, ExpLog.expm1(-1e-300, Math.exp(-1e-300)));
  }

  /** Both signs of magnitudes 1e-18 .. 1e3 (a dense grid), within {@code [lo, hi]}. */
  private static double[] arguments(double lo, double hi) {
    java.util.List<Double> v = new java.util.ArrayList<>();
    for (double m = 1e-18; m < 1e3; m *= 1.0137) {
      for (double x : new double[] {m, -m}) {
        if (x >= lo && x <= hi) {
          v.add(x);
        }
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
