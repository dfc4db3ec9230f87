package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.linalg.Special;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.RegularizeModel;
import org.mixturelib.regularizers.Regularizer;
import org.mixturelib.support.Planted;

/**
 * In 'default' mode the recorded bound never decreases by more than 1e-9 relative from one
 * iteration to the next: EM with maximum-likelihood experts, variational EM with Bayesian
 * experts, evidence updates and a regularizer, EM with the linear softmax gate, and variational
 * EM with the sparse gate's per-object Dirichlets, whose bound is the ELBO written out.
 */
class BoundMonotoneTest {
  private static final Planted.Data DATA =
      Planted.experts(800, 2, 3, 2.0, 0.7, false, new double[] {0.5, 0.3, 0.2}, 5);

  private static void assertMonotone(FitResult r) {
    double[] h = r.boundHistory();
    assertTrue(h.length > 3, "too few iterations to say anything: " + h.length);
    for (int t = 1; t < h.length; t++) {
      double drop = h[t - 1] - h[t];
      assertTrue(drop <= 1e-9 * Math.abs(h[t - 1]),
          "bound decreased at iteration " + t + ": " + h[t - 1] + " -> " + h[t]);
    }
  }

  private static FitResult fit(LinearExperts experts, Gate gate, List<Regularizer> regs) {
    EmConfig config = new EmConfig().numInit(1).maxIter(300).tol(1e-10).seed(3);
    return new EmEngine(InMemorySource.of(DATA.x(), DATA.y(), null), regs, config)
        .fit(new MixtureState(experts, gate));
  }

  @Test
  void maximumLikelihoodExpertsWithDirichletWeights() {
    assertMonotone(fit(new LinearExperts(3, 2, 1),
        new HyperModelDirichlet(new double[] {1, 1, 1}, false), List.of()));
  }

  @Test
  void bayesianExpertsWithEvidenceUpdatesAndRegularizer() {
    LinearExperts experts = new LinearExperts(3, 2, 1);
    for (int e = 0; e < 3; e++) {
      experts.setPrior(e, new double[] {4, 0, 0, 4}, true, new double[] {0, 0});
    }
    experts.setUpdatePriorMeans(true);
    experts.setUpdatePriorCovariances(true);
    assertMonotone(fit(experts, new HyperModelDirichlet(3),
        List.of(new RegularizeModel(new int[] {0, 1, 2}, new double[] {2.0}))));
  }

  @Test
  void linearSoftmaxGate() {
    assertMonotone(fit(new LinearExperts(3, 2, 1), new HyperExpertNN(2, new int[0], 3, 1),
        List.of()));
  }

  @Test
  void sparseGatesPerObjectDirichlets() {
    assertMonotone(fit(new LinearExperts(3, 2, 1), new HyperModelGateSparsed(3), List.of()));
  }

  /**
   * The sparse gate's recorded bound is the ELBO: at the second E-step, with each object's
   * posterior {@code Dir(mu + r_i)} from the first, {@code Σ_i log Σ_k exp(ψ(mu_k + r_ik) -
   * ψ(Σ mu + 1) + log N(y_i; x_iᵀ w_k, s_k)) - Σ_i KL(Dir(mu + r_i) || Dir(mu))}, written out
   * here (it lacked the KL terms).
   */
  @Test
  void sparseGatesBoundIsTheElbo() {
    int n = 40;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      double t = i / 10.0;
      x[i] = new double[] {1, t};
      y[i] = new double[] {i % 2 == 0 ? 1 + 2 * t + 0.3 * Math.sin(i)
          : 4 - t + 0.2 * Math.cos(i)};
    }
    LinearExperts experts = new LinearExperts(2, 2, 1);
    experts.setCoefficients(0, new double[] {0.5, 1.5});
    experts.setCoefficients(1, new double[] {3, 0});
    experts.setNoiseVariance(0, 0.8);
    experts.setNoiseVariance(1, 1.5);
    double[] mu = {0.5, 0.5};
    MixtureState state = new MixtureState(experts, new HyperModelGateSparsed(mu));
    EmEngine.Stepper stepper = new EmEngine(InMemorySource.of(x, y, null), List.of(),
        new EmConfig()).stepper(state);
    double[][] r = new double[n][];
    double first = elbo(x, y, (LinearExperts) state.experts(), mu, null, r);
    assertEquals(first, stepper.eStep(), 1e-9 * Math.abs(first));
    stepper.mStep();
    double second = elbo(x, y, (LinearExperts) state.experts(), mu, r, new double[n][]);
    assertEquals(second, stepper.eStep(), 1e-9 * Math.abs(second));
  }

  /**
   * The ELBO with each object's posterior {@code Dir(mu + previous_i)} (the prior's for
   * null); writes the new responsibilities into {@code next}.
   */
  private static double elbo(double[][] x, double[][] y, LinearExperts e, double[] mu,
      double[][] previous, double[][] next) {
    int k = mu.length;
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double[] a = new double[k];
      double sum = 0;
      for (int c = 0; c < k; c++) {
        a[c] = mu[c] + (previous == null ? 0 : previous[i][c]);
        sum += a[c];
      }
      double[] joint = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double[] w = e.coefficients(c);
        double v = e.noiseVariances()[c];
        double res = y[i][0] - w[0] * x[i][0] - w[1] * x[i][1];
        joint[c] = Special.digamma(a[c]) - Special.digamma(sum)
            - 0.5 * Math.log(2 * Math.PI * v) - res * res / (2 * v);
        max = Math.max(max, joint[c]);
      }
      double z = 0;
      for (int c = 0; c < k; c++) {
        z += Math.exp(joint[c] - max);
      }
      next[i] = new double[k];
      for (int c = 0; c < k; c++) {
        next[i][c] = Math.exp(joint[c] - max) / z;
      }
      // KL(Dir(a) || Dir(mu))
      double kl = Special.logGamma(sum) - Special.logGamma(1.0);
      for (int c = 0; c < k; c++) {
        kl += Special.logGamma(mu[c]) - Special.logGamma(a[c])
            + (a[c] - mu[c]) * (Special.digamma(a[c]) - Special.digamma(sum));
      }
      total += max + Math.log(z) - kl;
    }
    return total;
  }
}
