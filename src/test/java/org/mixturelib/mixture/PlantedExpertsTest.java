package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.support.Planted;

/**
 * Planted mixture of experts, N = 10,000, D = 10, K = 4 (x ~ N(0, I), weights 3 N(0, I), gate
 * the argmax of a random linear function of x, noise sd 0.5), fitted with the MLP gate from the
 * default settings: held-out MSE below 3.0 (oracle 0.25, least squares about 54; 0.4 reached
 * 41) and every expert's relative weight error below 0.05 (0.4: 0.70).
 */
class PlantedExpertsTest {
  @Test
  void mlpGateRecoversFourExperts() {
    int d = 10;
    int k = 4;
    Planted.Data all = Planted.experts(12_000, d, k, 3.0, 0.5, true, null, 2024);
    double[][] xTrain = java.util.Arrays.copyOfRange(all.x(), 0, 10_000);
    double[][] yTrain = java.util.Arrays.copyOfRange(all.y(), 0, 10_000);
    List<EachModelLinear> experts = new ArrayList<>();
    for (int e = 0; e < k; e++) {
      experts.add(new EachModelLinear(d));
    }
    MixtureEM<EachModelLinear> em = new MixtureEM<>(HyperParameters.of("beta", 1.0),
        new HyperExpertNN(d, 10, k, 100, 3), experts, List.of(), "default");
    long t0 = System.nanoTime();
    em.fit(xTrain, yTrain);
    System.out.println("fit seconds " + (System.nanoTime() - t0) / 1e9 + ", iterations "
        + em.lastFit().iterations());
    double[][] xTest = java.util.Arrays.copyOfRange(all.x(), 10_000, 12_000);
    double[][] yTest = java.util.Arrays.copyOfRange(all.y(), 10_000, 12_000);
    double[][] pred = em.predict(xTest).answers();
    double mse = 0;
    for (int i = 0; i < pred.length; i++) {
      mse += Math.pow(pred[i][0] - yTest[i][0], 2) / pred.length;
    }
    double worst = 0;
    for (double[] truth : all.weights()) {
      double best = Double.POSITIVE_INFINITY;
      for (EachModelLinear e : em.listOfModels()) {
        double[][] w = e.W();
        double num = 0;
        double den = 0;
        for (int j = 0; j < d; j++) {
          num += Math.pow(w[j][0] - truth[j], 2);
          den += truth[j] * truth[j];
        }
        best = Math.min(best, Math.sqrt(num / den));
      }
      worst = Math.max(worst, best);
    }
    System.out.println("held-out MSE " + mse + ", worst relative weight error " + worst);
    assertTrue(mse < 3.0, "held-out MSE " + mse);
    assertTrue(worst < 0.05, "worst relative weight error " + worst);
  }
}
