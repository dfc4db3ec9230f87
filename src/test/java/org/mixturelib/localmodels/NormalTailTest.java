package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * {@link NormalTail} against commons-math's {@code erfc} (regularised incomplete gamma) on a
 * fine grid from -37 (where Φ is near the smallest double) to 37, across the rational forms'
 * seams, and against the asymptotic series of Mills' ratio beyond, where Φ underflows.
 */
class NormalTailTest {
  private static final double SQRT_HALF = Math.sqrt(0.5);

  /** Φ(v) from commons-math. */
  private static double reference(double v) {
    return 0.5 * Erf.erfc(-v * SQRT_HALF);
  }

  private static double density(double v) {
    return Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
  }

  /**
   * The tolerance against commons-math at v: its {@code erfc} rounds {@code exp(-v²/2)}'s
   * argument, a relative error of about {@code v²/2} ulps, which the table of exact values
   * below shows is its error, not ours.
   */
  private static double tolerance(double v) {
    return 1e-15 * (4 + v * v);
  }

  @Test
  void matchesCommonsMathFromTheFarLowerTailToTheUpperTail() {
    double[] mills = new double[1];
    for (double v = -37; v <= 8; v += 1e-3) {
      double phi = reference(v);
      double logPhi = Math.log(phi);
      double lambda = density(v) / phi;
      // above 0, log Φ is small and the reference's log(Φ) loses its relative accuracy: there
      // absolute (the upper tail has its own test)
      assertEquals(logPhi, NormalTail.logCdf(v),
          tolerance(v) * Math.max(Math.abs(logPhi), 1), "log Phi, v = " + v);
      assertEquals(phi, NormalTail.cdf(v), tolerance(v) * phi, "Phi, v = " + v);
      assertEquals(lambda, NormalTail.inverseMills(v), tolerance(v) * lambda, "lambda, v = " + v);
      assertEquals(NormalTail.logCdf(v), NormalTail.logCdf(v, mills, 0), 0, "v = " + v);
      assertEquals(NormalTail.inverseMills(v), mills[0], 1e-15 * mills[0], "v = " + v);
    }
  }

  /** v, log Φ(v) and φ(v) / Φ(v), computed with mpmath at 50 digits. */
  private static final double[][] EXACT = {
      {-1e4, -50000010.129278915181, 10000.000099999998},
      {-300, -45006.62273211866336, 300.00333325926337415},
      {-38.5, -745.69527029041108133, 38.525939096854493696},
      {-37, -689.0305855768905936, 37.026987686126990096},
      {-26.5, -355.32250222635599044, 26.537629135025261208},
      {-12.25, -78.462270827375928643, 12.330579239953756321},
      {-8, -35.013437159914549896, 8.1213681122361126807},
      {-5.657, -18.681774353660561024, 5.8241398333648581818},
      {-5, -15.064998393988725736, 5.1865039671258421156},
      {-3.3, -7.6346161480711279268, 3.5632662666776368543},
      {-1, -1.8410216450092635058, 1.5251352761609812091},
      {-0.6629, -1.371613451502330291, 1.2623268361785924748},
      {-0.6, -1.2937038116140280876, 1.2150257602375433112},
      {0, -0.69314718055994530942, 0.79788456080286535588},
      {0.3, -0.48141016158848119832, 0.61722085361273444387},
      {0.6, -0.32055397198751885645, 0.45914713661428673652},
      {0.7, -0.27702394227713124471, 0.41192475041929064994},
      {1.5, -0.069143455612233982993, 0.1387897504588507562},
      {3, -0.0013508099647481937988, 0.0044378390421256637933},
      {5.657, -7.7020882018386833757e-9, 4.485803886916847533e-8},
      {7.5, -3.1908916729109471367e-14, 2.4343205330290875024e-13},
      {9, -1.1285884059538406478e-19, 1.0279773571668914796e-18}};

  @Test
  void agreesWithHighPrecisionValuesToAFewUlps() {
    for (double[] row : EXACT) {
      double v = row[0];
      assertEquals(row[1], NormalTail.logCdf(v), 4e-15 * Math.abs(row[1]), "log Phi, v = " + v);
      assertEquals(row[2], NormalTail.inverseMills(v), 4e-15 * row[2], "lambda, v = " + v);
    }
  }

  @Test
  void theUpperTailKeepsItsRelativeAccuracyOnTheLogScale() {
    // log Φ(v) = log1p(-(1 - Φ(v))) ≈ -(1 - Φ(v)) for large v: relative to that small number
    for (double v = 1; v <= 37; v += 0.01) {
      double upper = 0.5 * Erf.erfc(v * SQRT_HALF);
      double want = Math.log1p(-upper);
      assertEquals(want, NormalTail.logCdf(v), tolerance(v) * Math.abs(want), "v = " + v);
    }
  }

  @Test
  void theFarLowerTailFollowsMillsRatiosSeries() {
    for (double v = -38; v >= -1e4; v *= 1.05) {
      // log Φ(v) = log φ(v) - log(-v) + log(1 - 1/v² + 3/v⁴ - 15/v⁶ + 105/v⁸ - 945/v¹⁰)
      double u = 1 / (v * v);
      double series = -0.5 * v * v - 0.5 * Math.log(2 * Math.PI) - Math.log(-v)
          + Math.log1p(u * (-1 + u * (3 + u * (-15 + u * (105 - 945 * u)))));
      assertEquals(series, NormalTail.logCdf(v), 1e-15 * Math.abs(series), "v = " + v);
      // λ(v) = -v / (1 - 1/v² + 3/v⁴ - ...)
      double lambda = -v / (1 + u * (-1 + u * (3 + u * (-15 + u * (105 - 945 * u)))));
      assertEquals(lambda, NormalTail.inverseMills(v), 1e-14 * lambda, "v = " + v);
    }
    assertEquals(-1e9, -NormalTail.inverseMills(-1e9), 1e-6);
  }
}
