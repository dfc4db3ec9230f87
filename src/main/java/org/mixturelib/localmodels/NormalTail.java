package org.mixturelib.localmodels;

/**
 * The standard normal distribution function {@code Φ}, on the log scale and with its inverse
 * Mills ratio {@code λ(v) = φ(v) / Φ(v)}, accurate (about 1e-15 relative) over the whole line,
 * far into the lower tail, and cheap: from W. J. Cody's rational Chebyshev approximations of
 * the error function (Math. Comp. 23, 1969, pp. 631-638; the coefficients of his SPECFUN
 * package, which approximate to at least 18 significant digits).
 *
 * <p>With {@code y = -v / √2}, {@code Φ(v) = erfc(y) / 2}. Near zero ({@code |y| <= 0.46875})
 * {@code erf(y) = y A(y²) / B(y²)}. Beyond, the scaled complement {@code S(y) = exp(y²)
 * erfc(y)} is a rational function of y (up to 4) or of {@code 1 / y²} (beyond 4), so that in
 * the lower tail {@code log Φ(v) = -v²/2 - log 2 + log S(y)} and {@code λ(v) = √(2/π) / S(y)}
 * need no {@code exp} and never underflow; in the upper tail {@code Φ(v) = 1 - exp(-y²) S(|y|)
 * / 2}. Each value costs a few multiply-adds and one {@code log} or {@code exp}.
 */
final class NormalTail {
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
  static final double SQRT_HALF = Math.sqrt(0.5);
  static final double LOG_TWO = Math.log(2);
  /** {@code 1 / √π}. */
  private static final double INV_SQRT_PI = 0.56418958354775628695;
  /** Where {@code erf}'s series form ends and the complement's forms take over. */
  static final double CENTRE = 0.46875;
  /** Where the complement's form in {@code 1 / y²} takes over. */
  private static final double FAR = 4;
  /** Beyond this, {@code S(y) = 1 / (y √π)} to double precision. */
  private static final double HUGE = 6.71e7;

  // Cody's coefficients: erf near zero (A / B), the scaled complement up to 4 (C / D) and
  // beyond 4 (P / Q), lowest degree last as in SPECFUN's DATA statements.
  private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02,
      3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1};
  private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02,
      1.28261652607737228e03, 2.84423683343917062e03};
  private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00,
      6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
      1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
      2.15311535474403846e-8};
  private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02,
      5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
      4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
  private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1,
      1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4,
      1.63153871373020978e-2};
  private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00,
      5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3};

  private NormalTail() {}

  /** {@code log φ(v)}. */
  static double logDensity(double v) {
    return -0.5 * v * v - HALF_LOG_TWO_PI;
  }

  /** {@code log Φ(v)}. */
  static double logCdf(double v) {
    double y = -v * SQRT_HALF;
    if (y > CENTRE) {
      return -0.5 * v * v - LOG_TWO + Math.log(scaledComplement(y));
    }
    if (y < -CENTRE) {
      return ExpLog.log1p(-upperTail(v, y));
    }
    return Math.log(cdfNear(y));
  }

  /**
   * {@code log Φ(v)}, writing {@code φ(v) / Φ(v)} into {@code mills[at]} on the way: one
   * evaluation for both.
   */
  static double logCdf(double v, double[] mills, int at) {
    double y = -v * SQRT_HALF;
    if (y > CENTRE) {
      double s = scaledComplement(y);
      mills[at] = SQRT_TWO_OVER_PI / s;
      return -0.5 * v * v - LOG_TWO + Math.log(s);
    }
    double density = Math.exp(-0.5 * v * v) * INV_SQRT_TWO_PI;
    if (y < -CENTRE) {
      double tail = upperTail(v, y);
      mills[at] = density / (1 - tail);
      return ExpLog.log1p(-tail);
    }
    double cdf = cdfNear(y);
    mills[at] = density / cdf;
    return Math.log(cdf);
  }

  /** {@code φ(v) / Φ(v)}, the inverse Mills ratio ({@code ≈ -v} far in the lower tail). */
  static double inverseMills(double v) {
    double y = -v * SQRT_HALF;
    if (y > CENTRE) {
      return SQRT_TWO_OVER_PI / scaledComplement(y);
    }
    return Math.exp(-0.5 * v * v) * INV_SQRT_TWO_PI / cdfNearOrAbove(v, y);
  }

  /**
   * {@code Φ(v)}, writing {@code φ(v)} into {@code density[at]} on the way: one {@code exp} for
   * both.
   */
  static double cdf(double v, double[] density, int at) {
    double y = -v * SQRT_HALF;
    if (y > CENTRE) {
      double e = Math.exp(-y * y);
      density[at] = e * INV_SQRT_TWO_PI;
      return 0.5 * e * scaledComplement(y);
    }
    double e = Math.exp(-0.5 * v * v);
    density[at] = e * INV_SQRT_TWO_PI;
    return y < -CENTRE ? 1 - 0.5 * e * scaledComplement(-y) : cdfNear(y);
  }

  /** {@code Φ(v)}. */
  static double cdf(double v) {
    double y = -v * SQRT_HALF;
    if (y > CENTRE) {
      return 0.5 * Math.exp(-y * y) * scaledComplement(y);
    }
    return cdfNearOrAbove(v, y);
  }

  /** {@code Φ(v)} for {@code y = -v / √2 <= 0.46875}. */
  private static double cdfNearOrAbove(double v, double y) {
    return y < -CENTRE ? 1 - upperTail(v, y) : cdfNear(y);
  }

  /** {@code Φ(v)} for {@code |y| <= 0.46875}: {@code (1 - erf(y)) / 2}, erf's series form. */
  private static double cdfNear(double y) {
    return 0.5 - 0.5 * erfNear(y);
  }

  /**
   * {@code erf(y)} for {@code |y| <= 0.46875}, an odd function of y ({@code erfNear(-y) ==
   * -erfNear(y)} exactly): {@code Φ(v) = (1 - erfNear(y)) / 2} and {@code 1 - Φ(v) = (1 +
   * erfNear(y)) / 2} there.
   */
  static double erfNear(double y) {
    double z = y * y;
    double num = A[4] * z;
    double den = z;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return y * (num + A[3]) / (den + B[3]);
  }

  /** {@code 1 - Φ(v) = erfc(|y|) / 2} for {@code y < -0.46875}, {@code exp(-y²) = exp(-v²/2)}. */
  private static double upperTail(double v, double y) {
    return 0.5 * Math.exp(-0.5 * v * v) * scaledComplement(-y);
  }

  /** {@code S(y) = exp(y²) erfc(y)} for {@code y > 0.46875}. */
  static double scaledComplement(double y) {
    if (y <= FAR) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      return (num + C[7]) / (den + D[7]);
    }
    if (y >= HUGE) {
      return INV_SQRT_PI / y;
    }
    double z = 1 / (y * y);
    double num = P[5] * z;
    double den = z;
    for (int i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    return (INV_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / y;
  }
}
