package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each link's g, inverse and derivatives against each other and central differences; which
 * pairs each family takes, and the refusal of the others naming {@code link} and the family.
 */
class LinkTest {
  /** Linear predictors inside each link's domain (and away from the probability clamps). */
  private static double[] etas(StandardLink link) {
    return switch (link) {
      case SQRT, INVERSE -> new double[] {0.3, 1.0, 2.5};
      case LOG -> new double[] {-3, 0.1, 2};
      default -> new double[] {-2, -0.3, 0.5, 1.7};
    };
  }

  @Test
  void inverseAndDerivativesAgreeWithFiniteDifferences() {
    double h = 1e-5;
    for (StandardLink link : StandardLink.values()) {
      for (double eta : etas(link)) {
        String what = link.id() + " at " + eta;
        double mu = link.mean(eta);
        assertEquals(eta, link.link(mu), 1e-12 * Math.max(1, Math.abs(eta)), what + ": g(g⁻¹)");
        double d1 = (link.mean(eta + h) - link.mean(eta - h)) / (2 * h);
        assertEquals(d1, link.meanDerivative(eta), 1e-8 * Math.max(1, Math.abs(d1)),
            what + ": dmu/deta");
        double d2 = (link.meanDerivative(eta + h) - link.meanDerivative(eta - h)) / (2 * h);
        assertEquals(d2, link.meanSecondDerivative(eta), 1e-7 * Math.max(1, Math.abs(d2)),
            what + ": d²mu/deta²");
        assertEquals(Math.log(mu), link.logMean(eta), 1e-13 * Math.max(1, Math.abs(mu)),
            what + ": log mu");
        if (mu < 1) {
          assertEquals(Math.log1p(-mu), link.logOneMinusMean(eta), 1e-12, what + ": log(1-mu)");
        }
        assertSame(link, Link.of(link.id()));
      }
    }
  }

  /**
   * {@link Link#means} (one evaluation per row, fused for log, logit, probit and cloglog) gives
   * what {@link Link#mean} and {@link Link#meanDerivative} give, to rounding, over the whole
   * line of each probability link (tails and clamps included) and each link's domain.
   */
  @Test
  void fusedMeansAgreeWithTheMeanAndItsDerivative() {
    for (StandardLink link : StandardLink.values()) {
      double lo = link == StandardLink.SQRT || link == StandardLink.INVERSE ? 0.01 : -40;
      double hi = link == StandardLink.LOG ? 30 : 40;
      int n = 8001;
      double[] eta = new double[n + 3];
      for (int i = 0; i < n; i++) {
        eta[i + 3] = lo + (hi - lo) * i / (n - 1);
      }
      double[] mean = new double[n + 3];
      double[] derivative = new double[n + 3];
      link.means(eta, 3, n, mean, derivative);
      for (int i = 3; i < n + 3; i++) {
        String what = link.id() + " at " + eta[i];
        double mu = link.mean(eta[i]);
        double d1 = link.meanDerivative(eta[i]);
        assertEquals(mu, mean[i], 4e-16 * Math.abs(mu), what + ": mean");
        // exp(-eta²/2) far out: the argument's rounding grows to some 1e-13 of the value
        assertEquals(d1, derivative[i], 2e-13 * Math.abs(d1), what + ": derivative");
      }
      assertEquals(0, mean[2], link.id() + ": rows before from untouched");
    }
  }

  /**
   * The binomial's log-density from the link's mean ({@code log mu} and {@code log1p(-mu)}
   * where exact, the link's own logs in the tails) equals the one from the link's exact logs,
   * out to where the means are clamped.
   */
  @Test
  void binomialLogDensityFromTheMeanEqualsTheExactLogs() {
    for (StandardLink link : GlmFamily.BINOMIAL.links().stream()
        .map(StandardLink.class::cast).toList()) {
      double hi = link == StandardLink.LOG ? -1e-3 : 40;
      for (double eta = -40; eta <= hi; eta += 1e-3) {
        for (double y = 0; y <= 3; y++) {
          double exact = (y == 0 ? 0 : y * link.logMean(eta))
              + (y == 3 ? 0 : (3 - y) * link.logOneMinusMean(eta));
          double got = GlmFamily.BINOMIAL.logDensity(y, 3, eta, link, 1);
          assertEquals(exact, got, 1e-14 * Math.max(1, Math.abs(exact)),
              link.id() + " at " + eta + ", y = " + y);
        }
      }
    }
  }

  /** Far out, the probability links' logs stay exact where the means round to 0 or 1. */
  @Test
  void logsOfProbabilitiesStayFiniteInTheTails() {
    assertEquals(-40, StandardLink.LOGIT.logMean(-40), 1e-12);
    assertEquals(-40, StandardLink.LOGIT.logOneMinusMean(40), 1e-12);
    assertEquals(-Math.exp(3.7), StandardLink.CLOGLOG.logOneMinusMean(3.7), 1e-12);
    // log Φ(-10) = -53.23128515051247 (R: pnorm(-10, log.p = TRUE))
    assertEquals(-53.23128515051247, StandardLink.PROBIT.logMean(-10), 1e-9);
    assertTrue(StandardLink.LOGIT.meanDerivative(50) > 0, "IRLS weights stay positive");
  }

  @Test
  void eachFamilyTakesItsLinksAndNamesTheRefusedOnes() {
    assertEquals(List.of("log", "identity", "sqrt"), ids(GlmFamily.POISSON));
    assertEquals(List.of("logit", "probit", "cloglog", "log"), ids(GlmFamily.BINOMIAL));
    assertEquals(List.of("log", "inverse", "identity"), ids(GlmFamily.GAMMA));
    assertEquals(List.of("log", "sqrt", "identity"), ids(GlmFamily.NEGBIN));
    assertEquals(List.of("log", "identity"), ids(GlmFamily.GAUSSIAN));
    for (String[] pair : new String[][] {{"poisson", "logit"}, {"binomial", "inverse"},
        {"gamma", "probit"}, {"negbin", "cloglog"}, {"gaussian", "sqrt"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ExpertFamilies.create(pair[0], 2, 2, 1,
              FamilySettings.NONE.with("link", pair[1])));
      assertTrue(e.getMessage().startsWith("link '" + pair[1] + "' is not supported with family '"
          + pair[0] + "' (it takes: "), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Link.of("loglog"));
    assertTrue(e.getMessage().startsWith("link 'loglog' is unknown"), e.getMessage());
  }

  @Test
  void theLinkSettingChoosesTheExperts() {
    assertTrue(ExpertFamilies.create("gaussian", 2, 2, 1, FamilySettings.NONE)
        instanceof LinearExperts);
    assertTrue(ExpertFamilies.create("gaussian", 2, 2, 1,
        FamilySettings.NONE.with("link", "identity")) instanceof LinearExperts);
    GlmExperts gaussianLog = (GlmExperts) ExpertFamilies.create("gaussian", 2, 2, 1,
        FamilySettings.NONE.with("link", "log"));
    assertEquals("gaussian", gaussianLog.typeId());
    assertSame(StandardLink.LOG, gaussianLog.link());
    GlmExperts probit = (GlmExperts) ExpertFamilies.create("binomial", 2, 2, 1,
        FamilySettings.NONE.with("link", "probit"));
    assertSame(StandardLink.PROBIT, probit.link());
    assertSame(StandardLink.LOG,
        ((GlmExperts) ExpertFamilies.create("negbin", 2, 2, 1, FamilySettings.NONE)).link());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExpertFamilies.create("poisson", 2, 2, 1, FamilySettings.NONE.with("theta", "2")));
    assertEquals("family 'poisson' takes no setting 'theta' (it takes: alpha, link, penalty)",
        e.getMessage());
  }

  private static List<String> ids(GlmFamily family) {
    return family.links().stream().map(Link::id).toList();
  }
}
