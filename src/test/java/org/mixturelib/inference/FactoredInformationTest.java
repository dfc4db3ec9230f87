package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.Models;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.ElasticNet;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/**
 * The factored information pass ({@link FactoredInformation}, experts whose scores factor
 * through the features) against the dense form on the same fitted models: every standard
 * error and covariance, the log-likelihood and the Newton decrement to 1e-9 relative, for
 * Gaussian experts (per-component and shared noise, constant weights and a linear gate),
 * Poisson experts with shared and nested coefficients and negative binomial experts (their
 * theta), on rows with case weights, some of them 0, and blocks of odd sizes. The information
 * accumulated over the parameters not held at zero only (a nested group's structural zeros, a
 * penalty's zeros; both forms) against the one accumulated over every parameter and cut
 * after, to 1e-10.
 */
class FactoredInformationTest {
  private static final double REL = 1e-9;

  /** Rows [1, x1, x2] from a two-line mixture; counts when {@code counts}. */
  private static InMemorySource data(boolean counts, long seed) {
    Random r = new Random(seed);
    int n = 700;
    double[][] x = new double[n][3];
    double[][] y = new double[n][1];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      x[i][1] = r.nextGaussian();
      x[i][2] = r.nextDouble();
      boolean first = r.nextDouble() < 0.4 + 0.2 * (x[i][1] > 0 ? 1 : 0);
      double eta = (first ? 0.3 + 0.8 * x[i][1] : 1.5 - 0.3 * x[i][1]) + 0.7 * x[i][2];
      if (counts) {
        double mean = Math.exp(eta) * -Math.log(r.nextDouble());
        int k = 0;
        for (double p = r.nextDouble(), l = Math.exp(-mean); p > l; p *= r.nextDouble()) {
          k++;
        }
        y[i][0] = k;
      } else {
        y[i][0] = 3 * eta + (first ? 0.5 : 1) * r.nextGaussian();
      }
      w[i] = i % 17 == 0 ? 0 : 0.5 + r.nextDouble();
    }
    return new InMemorySource(BlockBuilder.fromArrays(x, y, w, 97));
  }

  private static void sameErrors(InMemorySource data, MixtureState start) {
    MixtureState fitted = Models.fit(data, start, new EmConfig().tol(1e-12).maxIter(5000)
        .numInit(3).seed(5)).state();
    StandardErrors factored = ObservedInformation.compute(data, fitted, false);
    same(ObservedInformation.compute(data, fitted, true), factored, REL);
    // every parameter accumulated, the structural zeros cut after
    same(ObservedInformation.compute(data, fitted, false, true), factored, 1e-10);
  }

  private static void same(StandardErrors dense, StandardErrors factored, double rel) {
    assertEquals(dense.size(), factored.size());
    for (int i = 0; i < dense.size(); i++) {
      double se = dense.standardError(i);
      assertTrue(Double.isNaN(se) == Double.isNaN(factored.standardError(i)), dense.name(i));
      if (!Double.isNaN(se)) {
        assertEquals(se, factored.standardError(i), rel * se, dense.name(i));
        for (int j = 0; j < dense.size(); j++) {
          double sj = dense.standardError(j);
          if (!Double.isNaN(sj)) {
            assertEquals(dense.covariance(i, j), factored.covariance(i, j), rel * se * sj,
                "covariance of " + dense.name(i) + " and " + dense.name(j));
          }
        }
      }
    }
    assertEquals(dense.logLikelihood(), factored.logLikelihood(),
        rel * Math.abs(dense.logLikelihood()));
    assertEquals(dense.newtonDecrement(), factored.newtonDecrement(),
        rel * Math.max(1, dense.newtonDecrement()));
    assertEquals(dense.warnings(), factored.warnings());
  }

  private static HyperModelDirichlet weights(int k) {
    double[] ones = new double[k];
    java.util.Arrays.fill(ones, 1);
    return new HyperModelDirichlet(ones, false);
  }

  @Test
  void gaussianExpertsWithTheirOwnOrASharedVariance() {
    for (NoiseModel noise : new NoiseModel[] {NoiseModel.PER_COMPONENT, NoiseModel.SHARED}) {
      LinearExperts e = new LinearExperts(2, 3, 1);
      e.setNoiseModel(noise);
      sameErrors(data(false, 1), new MixtureState(e, weights(2)));
    }
  }

  @Test
  void gaussianExpertsUnderALinearGate() {
    LinearExperts e = new LinearExperts(3, 3, 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    sameErrors(data(false, 2), new MixtureState(e, new LinearGate(3, 3)));
  }

  @Test
  void poissonExpertsWithSharedAndNestedCoefficients() {
    GlmExperts e = new GlmExperts(GlmFamily.POISSON, 2, 3);
    e.setCoefficientStructure(CoefficientStructure.of(2, 3, new int[] {2},
        List.of(new CoefficientStructure.Group(new int[] {0}, new int[] {1}))));
    sameErrors(data(true, 3), new MixtureState(e, weights(2)));
  }

  /** Rows [1, x1, ..., x6] whose two lines use x1 and x2 only. */
  private static InMemorySource wide(long seed) {
    Random r = new Random(seed);
    int n = 800;
    double[][] x = new double[n][7];
    double[][] y = new double[n][1];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 1; j < 7; j++) {
        x[i][j] = r.nextGaussian();
      }
      boolean first = r.nextDouble() < 0.5;
      y[i][0] = (first ? -2 + 1.5 * x[i][1] : 2 - 1.2 * x[i][2]) + 0.5 * r.nextGaussian();
      w[i] = i % 13 == 0 ? 0 : 0.5 + r.nextDouble();
    }
    return new InMemorySource(BlockBuilder.fromArrays(x, y, w, 89));
  }

  @Test
  void penalisedExpertsAccumulateTheKeptCoefficientsOnly() {
    InMemorySource data = wide(6);
    for (boolean gate : new boolean[] {false, true}) {
      GlmExperts e = new GlmExperts(GlmFamily.GAUSSIAN, 2, 7);
      e.setPenalty(ElasticNet.of(1, 0.05));
      // the engine itself: the penalised M-step under a gate need not raise the bound
      MixtureState fitted = new EmEngine(data, List.of(), new EmConfig().tol(1e-10)
          .maxIter(300).numInit(2).seed(5))
          .fit(new MixtureState(e, gate ? new LinearGate(7, 2) : weights(2))).state();
      GlmExperts experts = (GlmExperts) fitted.experts();
      int held = 0;
      for (int p = 0; p < experts.numScoreParameters(); p++) {
        held += experts.heldAtZero(p) ? 1 : 0;
      }
      assertTrue(held >= 4, held + " coefficients held at zero");
      for (boolean dense : new boolean[] {false, true}) {
        StandardErrors support = ObservedInformation.compute(data, fitted, dense, false);
        StandardErrors all = ObservedInformation.compute(data, fitted, dense, true);
        same(all, support, 1e-10);
        int missing = 0;
        for (int p = 0; p < support.size(); p++) {
          missing += Double.isNaN(support.standardError(p)) ? 1 : 0;
        }
        assertTrue(missing >= held, missing + " standard errors missing");
      }
    }
  }

  @Test
  void negativeBinomialExpertsAndTheirTheta() {
    sameErrors(data(true, 4), new MixtureState(new GlmExperts(GlmFamily.NEGBIN, 2, 3),
        new LinearGate(3, 2)));
  }
}
