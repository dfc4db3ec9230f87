package org.mixturelib.hypermodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/** The Dirichlet gates' digamma formulas and their KL term against direct evaluation. */
class DirichletFormulasTest {
  private final double[][] z = {{0.2, 0.5, 0.3}, {0.9, 0.05, 0.05}, {0.1, 0.1, 0.8},
      {0.4, 0.4, 0.2}};

  @Test
  void variationalLogPiIsDigammaOfThePosterior() {
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1.0, 2.0, 0.5}, true);
    gate.eStep(z, z, z);
    double[] m = {1.0 + 1.6, 2.0 + 1.05, 0.5 + 1.35};
    double sum = m[0] + m[1] + m[2];
    double[] lp = gate.logPiExpectation(z)[2];
    for (int k = 0; k < 3; k++) {
      assertEquals(Gamma.digamma(m[k]) - Gamma.digamma(sum), lp[k], 1e-12);
      assertEquals(m[k] / sum, gate.predictPi(z)[0][k], 1e-12);
    }
  }

  @Test
  void boundTermIsMinusTheDirichletKl() {
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1.0, 2.0, 0.5}, true);
    gate.eStep(z, z, z);
    double[] mu = {1.0, 2.0, 0.5};
    double[] m = gate.posterior();
    double sm = m[0] + m[1] + m[2];
    double smu = mu[0] + mu[1] + mu[2];
    double kl = Gamma.logGamma(sm) - Gamma.logGamma(smu);
    for (int k = 0; k < 3; k++) {
      kl += Gamma.logGamma(mu[k]) - Gamma.logGamma(m[k])
          + (m[k] - mu[k]) * (Gamma.digamma(m[k]) - Gamma.digamma(sm));
    }
    assertEquals(-kl, gate.boundTerm(), 1e-12);
  }

  @Test
  void mapWeightsAreMaximumLikelihoodProportions() {
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1, 1, 1}, false);
    gate.eStep(z, z, z);
    double[] w = gate.weights();
    assertEquals(1.6 / 4, w[0], 1e-12);
    assertEquals(1.05 / 4, w[1], 1e-12);
    assertEquals(1.35 / 4, w[2], 1e-12);
  }

  @Test
  void sparseGateUsesEachObjectsOwnPosteriorAndPopulationWeightsForNewObjects() {
    HyperModelGateSparsed gate = new HyperModelGateSparsed(3);
    gate.eStep(z, z, z);
    double mu = 1.0 / 3;
    double[] own = gate.logPiExpectation(z)[1];
    for (int k = 0; k < 3; k++) {
      assertEquals(Gamma.digamma(mu + z[1][k]) - Gamma.digamma(1 + 1), own[k], 1e-12);
    }
    double[][] fresh = gate.predictPi(new double[2][1]);
    double[] mean = {1.6 / 4, 1.05 / 4, 1.35 / 4};
    for (int k = 0; k < 3; k++) {
      assertEquals((mu + mean[k]) / 2, fresh[0][k], 1e-12);
    }
  }
}
