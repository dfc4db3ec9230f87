package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixturelib.linalg.VectorSupport;

/**
 * The families' fused loops ({@link GlmColumns}) against the general path of per-row methods
 * ({@link GlmColumns.RowByRow}) on random rows: linear predictors from moderate to extreme (the
 * means at the links' floors and ceilings), labels 0, small and beyond the negative binomial's
 * table (> 64), with and without trials, several thetas; both the scalar and (where the JVM has
 * it) the vector loops; the means, derivatives, log-densities, IRLS weights and scores and the
 * shape sums agree to 1e-12 of their scale.
 */
class GlmColumnsTest {
  private static final double TOL = 1e-12;

  @Test
  void theFamiliesChooseTheirOwnLoopsOnlyWhereTheyHaveThem() {
    assertTrue(GlmFamily.NEGBIN.columns(StandardLink.LOG)
        instanceof NegativeBinomialFamily.LogColumns);
    assertTrue(GlmFamily.BINOMIAL.columns(StandardLink.PROBIT)
        instanceof BinomialFamily.ProbitColumns);
    assertTrue(GlmFamily.BINOMIAL.columns(StandardLink.CLOGLOG)
        instanceof BinomialFamily.CloglogColumns);
    assertTrue(GlmFamily.BINOMIAL.columns(StandardLink.LOGIT) instanceof GlmColumns.RowByRow);
    assertTrue(GlmFamily.NEGBIN.columns(StandardLink.SQRT) instanceof GlmColumns.RowByRow);
    assertTrue(GlmFamily.POISSON.columns(StandardLink.LOG) instanceof GlmColumns.RowByRow);
    assertTrue(GlmFamily.GAMMA.columns(StandardLink.IDENTITY) instanceof GammaFamily.Columns);
    assertTrue(GlmFamily.GAMMA.columns(StandardLink.LOG) instanceof GlmColumns.RowByRow);
  }

  @Test
  void negativeBinomialAtTheLogLinkIsThePerRowPath() {
    for (double theta : new double[] {1e-3, 0.37, 2, 45, 3e6}) {
      SplittableRandom r = new SplittableRandom(11 + (long) theta);
      int n = 1003;
      double[] eta = etas(r, n, 30);
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double u = r.nextDouble();
        y[i] = u < 0.25 ? 0 : u < 0.5 ? r.nextInt(1, 65) : u < 0.6 ? r.nextInt(65, 400)
            : Math.floor(Math.min(Math.exp(Math.max(eta[i], -5)), 1e4) * r.nextDouble(0.5, 2));
      }
      compare(GlmFamily.NEGBIN, StandardLink.LOG, y, null, eta, theta);
    }
  }

  @Test
  void binomialAtProbitAndCloglogIsThePerRowPath() {
    for (Link link : List.of(StandardLink.PROBIT, StandardLink.CLOGLOG)) {
      for (boolean withTrials : new boolean[] {false, true}) {
        SplittableRandom r = new SplittableRandom(link.id().length() + (withTrials ? 7 : 0));
        int n = 1003;
        double[] eta = etas(r, n, 12);
        double[] y = new double[n];
        double[] trials = withTrials ? new double[n] : null;
        for (int i = 0; i < n; i++) {
          double nt = withTrials ? r.nextInt(1, 30) : 1;
          if (withTrials) {
            trials[i] = nt;
          }
          double u = r.nextDouble();
          y[i] = u < 0.3 ? 0 : u < 0.6 ? nt : r.nextInt(0, (int) nt + 1);
        }
        compare(GlmFamily.BINOMIAL, link, y, trials, eta, 1);
      }
    }
  }

  @Test
  void gammaAtIdentityAndInverseIsThePerRowPath() {
    for (Link link : List.of(StandardLink.IDENTITY, StandardLink.INVERSE)) {
      for (double nu : new double[] {0.2, 3, 400}) {
        SplittableRandom r = new SplittableRandom(link.id().length() + (long) nu);
        int n = 1003;
        double[] eta = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
          double mu = Math.exp(r.nextGaussian() * 3);
          // a few linear predictors at or below 0: means held at the floor
          eta[i] = i % 17 == 0 ? -r.nextDouble() : link == StandardLink.IDENTITY ? mu : 1 / mu;
          y[i] = i % 5 == 0 ? Math.exp(r.nextGaussian() * 8) : mu * r.nextDouble(0.05, 3);
        }
        compare(GlmFamily.GAMMA, link, y, null, eta, nu);
      }
    }
  }

  /** Linear predictors: most moderate, some at the given extreme and beyond, some exact. */
  private static double[] etas(SplittableRandom r, int n, double extreme) {
    double[] eta = new double[n];
    double[] fixed = {0, -0.663, 0.663, 0.6629, -extreme, extreme, -2 * extreme, 2 * extreme,
        -40, 7.9, -8.3, 1e-9, -1e-9, 3.6, -38};
    for (int i = 0; i < n; i++) {
      eta[i] = i < fixed.length ? fixed[i]
          : i % 9 == 0 ? r.nextDouble(-2 * extreme, 2 * extreme) : 2.5 * r.nextGaussian();
    }
    return eta;
  }

  /** Both loops' kinds: the scalar ones, and the JVM's choice when it differs. */
  private static List<PassLoops> loopKinds() {
    List<PassLoops> kinds = new ArrayList<>(List.of(new ScalarLoops()));
    if (VectorSupport.enabled()) {
      kinds.add(PassLoops.create());
    }
    return kinds;
  }

  private static void compare(GlmFamily family, Link link, double[] y, double[] trials,
      double[] eta, double shape) {
    GlmColumns fused = family.columns(link);
    GlmColumns general = new GlmColumns.RowByRow(family, link);
    assertNotSame(general.getClass(), fused.getClass());
    int n = y.length;
    int k = 3;
    int expert = 1; // the middle of three experts' columns: offsets must be honoured
    double[] rw = new double[n * k];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < rw.length; i++) {
      rw[i] = r.nextDouble();
    }
    for (PassLoops loops : loopKinds()) {
      String what = family.typeId() + "/" + link.id() + " theta " + shape + " trials "
          + (trials != null) + " " + loops.getClass().getSimpleName();
      GlmColumn a = column(y, trials, eta, k, expert, loops);
      GlmColumn b = column(y, trials, eta, k, expert, loops);
      double[] outA = new double[n * k];
      double[] outB = new double[n * k];
      fused.addLogDensities(a, shape, outA, expert, k);
      general.addLogDensities(b, shape, outB, expert, k);
      int sums = family instanceof ShapedGlmFamily s ? s.shapeSums() : 0;
      double[] sumsA = new double[sums + 2];
      double[] sumsB = new double[sums + 2];
      fused.irls(a, shape, rw, sums > 0 ? sumsA : null, 1);
      general.irls(b, shape, rw, sums > 0 ? sumsB : null, 1);
      double[] scale = new double[sums + 2];
      for (int i = 0; i < n; i++) {
        int at = expert * n + i;
        String row = what + ", row " + i + " (y " + y[i] + ", eta " + eta[i] + ")";
        assertEquals(0.0, outA[i * k], row); // other experts' slots untouched
        assertClose(b.mean[at], a.mean[at], 0, "mean " + row);
        assertClose(b.derivative[at], a.derivative[at], 0, "derivative " + row);
        double mu = b.mean[at];
        double valid = Math.max(mu, GlmFamily.MIN_MEAN);
        // Gamma's log-density nu (log y - log mu - y / mu) + its shape's term: their size
        double terms = family == GlmFamily.GAMMA ? shape * (Math.abs(Math.log(y[i]))
            + Math.abs(Math.log(valid)) + y[i] / valid) + Math.abs(shape * Math.log(shape)) : 1;
        assertClose(outB[i * k + expert], outA[i * k + expert], terms, "log-density " + row);
        double nt = trials == null ? 1 : trials[i];
        // the score is a difference of terms of the size of y and n mu (times mu'): its scale
        double d1 = Math.abs(b.derivative[at]);
        double spread = (Math.abs(y[i]) + nt * mu) * d1 / Math.max(mu, 1e-300)
            / (family == GlmFamily.BINOMIAL ? Math.max(1 - mu, 1e-300) : 1);
        assertClose(b.weight[at], a.weight[at], 0, "weight " + row);
        assertClose(b.score[at], a.score[at], spread, "score " + row);
        if (family == GlmFamily.GAMMA) {
          scale[1] += rw[at] * (y[i] / valid + 1 + Math.abs(Math.log(y[i] / valid)));
        } else if (sums > 0) {
          // the sums' terms: the digamma rise, log(1 + mu/theta) and (mu - y)/(theta + mu)
          scale[1] += rw[at] * (Math.abs(NegativeBinomialFamily.digammaRise(shape, y[i]))
              + Math.log1p(mu / shape) + Math.abs(mu - y[i]) / (shape + mu));
          scale[2] += rw[at] * (NegativeBinomialFamily.trigammaFall(shape, y[i])
              + mu / (shape * (shape + mu)) + Math.abs(mu - y[i]) / Math.pow(shape + mu, 2));
        }
      }
      for (int j = 0; j < sums; j++) {
        assertClose(sumsB[1 + j], sumsA[1 + j], scale[1 + j], "shape sum " + j + " " + what);
      }
      assertEquals(0.0, sumsA[0], what);
      assertEquals(0.0, sumsA[sums + 1], what);
      // without sums, the same weights and scores
      GlmColumn c = column(y, trials, eta, k, expert, loops);
      fused.means(c, shape);
      fused.irls(c, shape, rw, null, 0);
      for (int i = expert * n; i < (expert + 1) * n; i++) {
        assertClose(a.weight[i], c.weight[i], 0, "weight without sums " + what);
        assertClose(a.score[i], c.score[i], 0, "score without sums " + what);
      }
    }
  }

  /** Within {@code TOL} of {@code max(|want|, scale)}. */
  private static void assertClose(double want, double got, double scale, String what) {
    assertTrue(Double.isFinite(want), "reference not finite: " + what);
    assertEquals(want, got, TOL * Math.max(Math.abs(want), scale), what);
  }

  private static GlmColumn column(double[] y, double[] trials, double[] eta, int k, int expert,
      PassLoops loops) {
    int n = y.length;
    GlmColumn c = new GlmColumn();
    c.labels = new double[2 * n];
    System.arraycopy(y, 0, c.labels, n, n); // the labels after a column of features
    c.labelsAt = n;
    c.trials = trials;
    c.n = n;
    c.at = expert * n;
    c.eta = new double[n * k];
    System.arraycopy(eta, 0, c.eta, c.at, n);
    c.mean = new double[n * k];
    c.derivative = new double[n * k];
    c.scratch = new double[n * k];
    c.weight = new double[n * k];
    c.score = new double[n * k];
    c.work = new double[n * k];
    c.loops = loops;
    return c;
  }
}
