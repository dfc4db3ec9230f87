package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.linalg.VectorSupport;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.GlmExperts;

/**
 * A whole GLM fit with the vector loops and with the scalar ones (system property {@code
 * mixturelib.vector}) on the same planted rows, for each family whose own loops take their
 * exponentials and logs through them (negbin at log, binomial at probit and cloglog, Gamma at
 * identity): the same iterations, log-likelihood to 1e-10 relative, parameters to 1e-7.
 */
class GlmVectorLoopsFitTest {
  @AfterEach
  void clearProperty() {
    System.clearProperty(VectorSupport.PROPERTY);
  }

  /** Two components over x = (1, v), v uniform on (-1, 1), 40% in the first. */
  private static double[][][] plant(String family, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    double[][] beta = {{0.4, 1.0}, {-0.6, -1.5}};
    for (int i = 0; i < n; i++) {
      double v = r.nextDouble(-1, 1);
      int c = r.nextDouble() < 0.4 ? 0 : 1;
      double eta = beta[c][0] + beta[c][1] * v;
      x[i] = new double[] {1, v};
      y[i] = new double[] {switch (family) {
        case "negbin" -> poisson(r, Math.exp(eta + 1) * gamma2(r));
        case "binomial-probit" -> r.nextDouble() < 0.5 * (1 + erf(eta / Math.sqrt(2))) ? 1 : 0;
        case "binomial-cloglog" -> r.nextDouble() < 1 - Math.exp(-Math.exp(eta)) ? 1 : 0;
        default -> (eta + 3) * -Math.log(r.nextDouble()); // Gamma(1) at mean eta + 3
      }};
    }
    return new double[][][] {x, y};
  }

  private static double poisson(SplittableRandom r, double mean) {
    double u = r.nextDouble();
    double p = Math.exp(-mean);
    double cdf = p;
    int c = 0;
    while (cdf < u && c < 10_000) {
      c++;
      p *= mean / c;
      cdf += p;
    }
    return c;
  }

  /** A Gamma(2, 1/2) draw (mean 1): the negative binomial's theta 2. */
  private static double gamma2(SplittableRandom r) {
    return -0.5 * Math.log(r.nextDouble() * r.nextDouble());
  }

  private static double erf(double z) {
    return org.apache.commons.math3.special.Erf.erf(z);
  }

  private static FitResult fit(String family, double[][][] p, String loops) {
    System.setProperty(VectorSupport.PROPERTY, loops);
    assertEquals(loops, VectorSupport.describe());
    String[] parts = family.split("-");
    FamilySettings settings = parts.length > 1 ? FamilySettings.NONE.with("link", parts[1])
        : FamilySettings.NONE;
    if (parts[0].equals("gamma")) {
      settings = FamilySettings.NONE.with("link", "identity");
    }
    MixtureState start = new MixtureState(ExpertFamilies.create(parts[0], 2, 2, 1, settings),
        new HyperModelDirichlet(new double[] {1, 1}, false));
    EmConfig config = new EmConfig().numInit(2).maxIter(40).tol(1e-9).seed(7);
    try (InMemorySource source = InMemorySource.of(p[0], p[1], null)) {
      return new EmEngine(source, List.of(), config).fit(start);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"negbin", "binomial-probit", "binomial-cloglog", "gamma"})
  void vectorAndScalarFitsAgree(String family) {
    double[][][] p = plant(family, 3001, family.length());
    FitResult vector = fit(family, p, "vector");
    FitResult scalar = fit(family, p, "scalar");
    assertEquals(scalar.iterations(), vector.iterations(), "iterations");
    assertTrue(Double.isFinite(scalar.logLikelihood()));
    assertEquals(scalar.logLikelihood(), vector.logLikelihood(),
        1e-10 * Math.abs(scalar.logLikelihood()), "log-likelihood");
    double[] s = ((GlmExperts) scalar.state().experts()).parameterVector();
    double[] v = ((GlmExperts) vector.state().experts()).parameterVector();
    assertEquals(s.length, v.length);
    for (int j = 0; j < s.length; j++) {
      assertEquals(s[j], v[j], 1e-7 * Math.max(1, Math.abs(s[j])), "parameter " + j);
    }
  }
}
