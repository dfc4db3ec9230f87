package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.RegularizeModel;
import org.mixturelib.regularizers.Regularizer;
import org.mixturelib.support.Planted;

/**
 * In 'default' mode the recorded bound never decreases by more than 1e-9 relative from one
 * iteration to the next: EM with maximum-likelihood experts, variational EM with Bayesian
 * experts, evidence updates and a regularizer, and EM with the linear softmax gate.
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
}
