package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.SpecialFunctions;

/**
 * GLM experts' per-row maths against the densities written out (R's dpois, dbinom, dgamma with
 * their constants), the label checks, one IRLS step against its closed form, and step halving.
 */
class GlmExpertsTest {
  /** Rows [1, x] with labels y (and trials), as one block. */
  private static Block block(double[] x, double[] y, double[] trials) {
    int n = x.length;
    double[] xy = new double[3 * n];
    for (int i = 0; i < n; i++) {
      xy[i] = 1;
      xy[n + i] = x[i];
      xy[2 * n + i] = y[i];
    }
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    Block b = new Block(n, 2, 1, xy, w, 0);
    return trials == null ? b : b.withTrials(trials);
  }

  private static double logFactorial(int v) {
    double s = 0;
    for (int i = 2; i <= v; i++) {
      s += Math.log(i);
    }
    return s;
  }

  private static double[] logLik(GlmExperts e, Block b) {
    double[] out = new double[b.n * e.numExperts()];
    e.newKernel().addLogLikelihood(b, true, out);
    return out;
  }

  @Test
  void densitiesCarryTheirFullConstants() {
    double[] x = {0.5, -1.0, 2.0};
    GlmExperts p = new GlmExperts(GlmFamily.POISSON, 1, 2);
    p.setCoefficients(0, new double[] {0.3, 0.4});
    double[] yp = {0, 3, 7};
    double[] got = logLik(p, block(x, yp, null));
    for (int i = 0; i < 3; i++) {
      double mu = Math.exp(0.3 + 0.4 * x[i]);
      double want = yp[i] * Math.log(mu) - mu - logFactorial((int) yp[i]);
      assertEquals(want, got[i], 1e-12, "poisson row " + i);
    }
    GlmExperts b = new GlmExperts(GlmFamily.BINOMIAL, 1, 2);
    b.setCoefficients(0, new double[] {-0.2, 0.9});
    double[] yb = {2, 0, 5};
    double[] n = {4, 3, 5};
    got = logLik(b, block(x, yb, n));
    for (int i = 0; i < 3; i++) {
      double pr = 1 / (1 + Math.exp(0.2 - 0.9 * x[i]));
      double choose = logFactorial((int) n[i]) - logFactorial((int) yb[i])
          - logFactorial((int) (n[i] - yb[i]));
      double want = yb[i] * Math.log(pr) + (n[i] - yb[i]) * Math.log(1 - pr) + choose;
      assertEquals(want, got[i], 1e-12, "binomial row " + i);
    }
    GlmExperts g = new GlmExperts(GlmFamily.GAMMA, 1, 2);
    g.setCoefficients(0, new double[] {0.1, -0.3});
    g.setDispersion(0, 0.5);
    double[] yg = {0.7, 2.5, 0.1};
    got = logLik(g, block(x, yg, null));
    for (int i = 0; i < 3; i++) {
      double mu = Math.exp(0.1 - 0.3 * x[i]);
      double shape = 2;
      double scale = mu / shape;
      // dgamma(y, shape, scale): Γ(2) = 1
      double want = (shape - 1) * Math.log(yg[i]) - yg[i] / scale - shape * Math.log(scale);
      assertEquals(want, got[i], 1e-12, "gamma row " + i);
    }
  }

  @Test
  void logGammaAndItsDerivativesMatchKnownValues() {
    assertEquals(Math.log(24), SpecialFunctions.logGamma(5), 1e-13);
    assertEquals(0.5 * Math.log(Math.PI), SpecialFunctions.logGamma(0.5), 1e-13);
    assertEquals(logFactorial(2000), SpecialFunctions.logFactorial(2000), 1e-9);
    double eulerGamma = 0.5772156649015329;
    assertEquals(-eulerGamma, SpecialFunctions.digamma(1), 1e-13);
    assertEquals(Math.PI * Math.PI / 6, SpecialFunctions.trigamma(1), 1e-12);
    // the shape solves log nu - digamma(nu) = s
    for (double s : new double[] {1e-3, 0.1, 1, 5}) {
      double nu = GammaFamily.gammaShape(s);
      assertEquals(s, Math.log(nu) - SpecialFunctions.digamma(nu), 1e-10 * Math.max(1, s));
    }
  }

  @Test
  void badLabelsAreNamed() {
    double[] x = {0, 1};
    GlmExperts p = new GlmExperts(GlmFamily.POISSON, 1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> logLik(p, block(x, new double[] {1, -2}, null)));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("counts"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> logLik(p, block(x, new double[] {1.5, 2}, null)));
    assertTrue(e.getMessage().contains("row 0"), e.getMessage());
    GlmExperts b = new GlmExperts(GlmFamily.BINOMIAL, 1, 2);
    e = assertThrows(IllegalArgumentException.class,
        () -> logLik(b, block(x, new double[] {3, 1}, new double[] {2, 2})));
    assertTrue(e.getMessage().contains("successes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> logLik(b, block(x, new double[] {0, 1}, new double[] {0, 2})));
    assertTrue(e.getMessage().contains("trials"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> logLik(b, block(x, new double[] {0, 2}, null)));
    assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
    GlmExperts g = new GlmExperts(GlmFamily.GAMMA, 1, 2);
    e = assertThrows(IllegalArgumentException.class,
        () -> logLik(g, block(x, new double[] {1, 0}, null)));
    assertTrue(e.getMessage().contains("> 0"), e.getMessage());
  }

  /** Weighted IRLS from the current fit: the normal equations with R's working weights. */
  @Test
  void oneIrlsStepSolvesTheWeightedNormalEquations() {
    double[] x = {-1, 0, 1, 2, 3};
    double[] y = {1, 0, 2, 5, 9};
    double[] r = {1, 0.5, 0.25, 1, 0.75};
    Block blk = block(x, y, null);
    GlmExperts p = new GlmExperts(GlmFamily.POISSON, 1, 2);
    double[] w0 = {0.2, 0.5};
    p.setCoefficients(0, w0);
    ExpertKernel kernel = p.newKernel();
    kernel.addLogLikelihood(blk, true, new double[5]);
    GlmStatistics stats = p.newStatistics();
    kernel.addStatistics(blk, r, stats);
    p.mStep(stats, new double[] {3.5});
    // closed form: (Σ r mu x xᵀ) w = Σ r mu z x with z = eta + (y - mu) / mu
    double a = 0;
    double bb = 0;
    double c = 0;
    double u = 0;
    double v = 0;
    for (int i = 0; i < 5; i++) {
      double eta = w0[0] + w0[1] * x[i];
      double mu = Math.exp(eta);
      double q = r[i] * mu;
      double z = eta + (y[i] - mu) / mu;
      a += q;
      bb += q * x[i];
      c += q * x[i] * x[i];
      u += q * z;
      v += q * z * x[i];
    }
    double det = a * c - bb * bb;
    double[] want = {(c * u - bb * v) / det, (a * v - bb * u) / det};
    assertArrayEquals(want, p.coefficients(0), 1e-12);
    // halving returns to the midpoint of the step, then to a quarter of it
    assertTrue(p.halveLastStep());
    assertEquals(0.5 * (w0[1] + want[1]), p.coefficients(0)[1], 1e-12);
    assertTrue(p.halveLastStep());
    assertEquals(w0[1] + 0.25 * (want[1] - w0[1]), p.coefficients(0)[1], 1e-12);
    GlmExperts fresh = new GlmExperts(GlmFamily.POISSON, 1, 2);
    assertFalse(fresh.halveLastStep(), "no step taken yet");
  }

  /** Gamma rows [1, x] with labels y. */
  private static final double[] GX = {-1, -0.5, 0, 0.5, 1, 1.5, 2};
  private static final double[] GY = {0.4, 1.3, 0.8, 2.9, 1.7, 4.4, 3.1};

  /** One E-step's statistics at the current coefficients (or R's mustart before any). */
  private static GlmStatistics statistics(GlmExperts g, Block blk, double[] r) {
    ExpertKernel kernel = g.newKernel();
    GlmStatistics stats = g.newStatistics();
    kernel.addStatistics(blk, r, stats);
    return stats;
  }

  /**
   * The first M-step keeps the shape it starts with: its deviance is taken at mu = y, where it
   * is 0, and the shape would be 1e12 (every start a hard classification). The next M-step
   * takes the maximum-likelihood shape at the means it starts from.
   */
  @Test
  void theFirstGammaStepKeepsItsShape() {
    Block blk = block(GX, GY, null);
    double[] r = new double[GX.length];
    java.util.Arrays.fill(r, 1);
    GlmExperts g = new GlmExperts(GlmFamily.GAMMA, 1, 2);
    g.mStep(statistics(g, blk, r), new double[] {GX.length});
    assertEquals(1.0, g.dispersions()[0], 0.0);
    double[] w = g.coefficients(0);
    double s = 0;
    for (int i = 0; i < GX.length; i++) {
      double ratio = GY[i] / Math.exp(w[0] + w[1] * GX[i]);
      s += ratio - 1 - Math.log(ratio);
    }
    g.mStep(statistics(g, blk, r), new double[] {GX.length});
    assertEquals(1 / GammaFamily.gammaShape(s / GX.length), g.dispersions()[0], 1e-12);
  }

  /**
   * Halving goes back to half of the step for the Gamma shape too (it kept the full step's),
   * and the covariance follows the shape.
   */
  @Test
  void halvingHalvesTheGammaShapesStep() {
    Block blk = block(GX, GY, null);
    double[] r = {1, 0.9, 0.2, 1, 0.6, 0.8, 1};
    GlmExperts g = new GlmExperts(GlmFamily.GAMMA, 1, 2);
    g.setCoefficients(0, new double[] {0.5, 0.1});
    g.setDispersion(0, 0.8);
    double before = 1 / 0.8;
    g.mStep(statistics(g, blk, r), new double[] {5.5});
    double full = 1 / g.dispersions()[0];
    double[] cov = g.covariance(0);
    double[] w = g.coefficients(0);
    assertTrue(Math.abs(full - before) > 0.1, "the shape moved: " + before + " to " + full);
    assertTrue(g.halveLastStep());
    double half = before + 0.5 * (full - before);
    assertEquals(half, 1 / g.dispersions()[0], 1e-12);
    for (int i = 0; i < cov.length; i++) {
      assertEquals(cov[i] * full / half, g.covariance(0)[i], 1e-12 * Math.abs(cov[i]));
    }
    assertEquals(0.5 * (0.1 + w[1]), g.coefficients(0)[1], 1e-12);
    assertTrue(g.halveLastStep());
    assertEquals(before + 0.25 * (full - before), 1 / g.dispersions()[0], 1e-12);
  }

  /**
   * Each family's per-row score and curvature against central differences of the row's
   * log-density, over the coefficients and a shape's reported parameter (Gamma's and the
   * Gaussian's dispersion, the negative binomial's theta), through each family's links: the
   * non-canonical ones carry the observed curvature's term in {@code d²mu/deta²}.
   */
  @Test
  void rowDerivativesAreTheLogDensitysDerivatives() {
    double[] x = {-1.2, 0.3, 2.0};
    double[] pos = {0.4, 2.2, 9.0};
    double[] counts = {0, 2, 9};
    checkDerivatives(GlmFamily.GAMMA, StandardLink.LOG, x, pos, null, new double[] {0.2, 0.7},
        0.3);
    checkDerivatives(GlmFamily.GAMMA, StandardLink.INVERSE, x, pos, null,
        new double[] {1.5, 0.3}, 0.3);
    checkDerivatives(GlmFamily.GAMMA, StandardLink.IDENTITY, x, pos, null,
        new double[] {3, 1}, 0.3);
    checkDerivatives(GlmFamily.POISSON, StandardLink.LOG, x, counts, null,
        new double[] {0.2, 0.7}, Double.NaN);
    checkDerivatives(GlmFamily.POISSON, StandardLink.IDENTITY, x, counts, null,
        new double[] {3, 1}, Double.NaN);
    checkDerivatives(GlmFamily.POISSON, StandardLink.SQRT, x, counts, null,
        new double[] {1.5, 0.4}, Double.NaN);
    double[] successes = {1, 2, 4};
    double[] trials = {3, 5, 4};
    for (Link link : GlmFamily.BINOMIAL.links()) {
      checkDerivatives(GlmFamily.BINOMIAL, link, x, successes, trials,
          link == StandardLink.LOG ? new double[] {-1, 0.2} : new double[] {-0.3, 0.6},
          Double.NaN);
    }
    checkDerivatives(GlmFamily.NEGBIN, StandardLink.LOG, x, counts, null,
        new double[] {0.2, 0.7}, 1.7);
    checkDerivatives(GlmFamily.NEGBIN, StandardLink.SQRT, x, counts, null,
        new double[] {1.5, 0.4}, 0.6);
    checkDerivatives(GlmFamily.NEGBIN, StandardLink.IDENTITY, x, counts, null,
        new double[] {3, 1}, 2.5);
    checkDerivatives(GlmFamily.GAUSSIAN, StandardLink.LOG, x, new double[] {-0.5, 1.2, 6},
        null, new double[] {0.2, 0.7}, 0.8);
  }

  private static void checkDerivatives(GlmFamily family, Link link, double[] x, double[] y,
      double[] trials, double[] w, double shapeParameter) {
    Block blk = block(x, y, trials);
    int n = x.length;
    GlmExperts g = new GlmExperts(family, link, 2, 2);
    g.setCoefficients(0, new double[] {-1, 1});
    g.setCoefficients(1, w);
    boolean gamma = !Double.isNaN(shapeParameter);
    double dispersion = shapeParameter;
    String what = family.typeId() + "/" + link.id();
    if (gamma) {
      g.setReportedShape(1, dispersion);
    }
    int p = g.expertParameters();
    assertEquals(gamma ? 3 : 2, p, what + " parameters");
    double[] theta = gamma ? new double[] {w[0], w[1], dispersion} : w.clone();
    double[] score = new double[n * p];
    double[] curvature = new double[n * p * (p + 1) / 2];
    g.rowDerivatives(blk, 1, score, curvature);
    double h = 1e-4;
    for (int a = 0; a < p; a++) {
      double[] up = rowLogLik(g, blk, shifted(theta, a, h, -1, 0));
      double[] down = rowLogLik(g, blk, shifted(theta, a, -h, -1, 0));
      for (int i = 0; i < n; i++) {
        // central differences' error is O(h²): about 1e-7 relative for the dispersion's
        double want = (up[i] - down[i]) / (2 * h);
        assertEquals(want, score[a * n + i], 1e-6 * Math.max(1, Math.abs(want)),
            what + " score " + a + " row " + i);
      }
      for (int c = a; c < p; c++) {
        double[] pp = rowLogLik(g, blk, shifted(theta, a, h, c, h));
        double[] pm = rowLogLik(g, blk, shifted(theta, a, h, c, -h));
        double[] mp = rowLogLik(g, blk, shifted(theta, a, -h, c, h));
        double[] mm = rowLogLik(g, blk, shifted(theta, a, -h, c, -h));
        for (int i = 0; i < n; i++) {
          double want = -(pp[i] - pm[i] - mp[i] + mm[i]) / (4 * h * h);
          double got = curvature[i * p * (p + 1) / 2 + c * (c + 1) / 2 + a];
          assertEquals(want, got, 1e-5 * Math.max(1, Math.abs(want)),
              what + " curvature (" + a + ", " + c + ") row " + i);
        }
      }
    }
    assertEquals(gamma ? dispersion : w[1], g.parameterValue(g.parameterIndex(1, p - 1)),
        1e-15);
    if (gamma) {
      assertEquals(((ShapedGlmFamily) family).shapeName() + " of expert 2",
          g.parameterName(g.parameterIndex(1, 2)));
    }
  }

  private static double[] shifted(double[] theta, int a, double ha, int c, double hc) {
    double[] t = theta.clone();
    t[a] += ha;
    if (c >= 0) {
      t[c] += hc;
    }
    return t;
  }

  /** Expert 1's per-row log-density at {@code theta} (coefficients, then the dispersion). */
  private static double[] rowLogLik(GlmExperts g, Block blk, double[] theta) {
    GlmExperts at = g.copy();
    at.setCoefficients(1, new double[] {theta[0], theta[1]});
    if (theta.length > 2) {
      at.setReportedShape(1, theta[2]);
    }
    double[] all = logLik(at, blk);
    double[] out = new double[blk.n];
    for (int i = 0; i < blk.n; i++) {
      out[i] = all[i * 2 + 1];
    }
    return out;
  }
}
