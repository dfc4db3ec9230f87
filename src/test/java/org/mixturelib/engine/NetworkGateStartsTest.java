package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.Activation;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.InterceptedSource;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;

/**
 * A network gate's starts on a sample of the rows ({@code Starts}): the starts run with the
 * gate's stand-in, then the best start's experts train the network on the same sample, and the
 * fit on all rows continues from there. On planted gated experts the result is the fit's whose
 * starts see every row (to 0.01 per row in log-likelihood), it recovers the planted experts,
 * its bound never falls on all rows, the fit on all rows starts higher than from an untrained
 * network, and the training on the sample costs no pass over them.
 */
class NetworkGateStartsTest {
  private static final int D = 3;
  private static final int K = 3;
  private static final Planted.Data DATA =
      Planted.experts(3_000, D, K, 3.0, 0.5, true, null, 23);

  private static FitResult fit(InterceptedSource data, int startRows) {
    EmConfig config = new EmConfig().numInit(4).startRows(startRows).seed(7);
    return new EmEngine(data, List.of(), config).fit(new MixtureState(
        new LinearExperts(K, D, 1), new NetworkGate(D, new int[] {6}, K, Activation.TANH, 3)));
  }

  private static InterceptedSource counted() {
    return new InterceptedSource(new InMemorySource(BlockBuilder.fromArrays(DATA.x(), DATA.y(),
        null, 256)), p -> {});
  }

  @Test
  void networkTrainedOnTheStartsRowsGivesTheFitOnAllRows() {
    InterceptedSource onSample = counted();
    FitResult sampled = fit(onSample, 600);
    double[] h = sampled.boundHistory();
    for (int t = 1; t < h.length; t++) {
      assertTrue(h[t] >= h[t - 1] - 1e-9 * Math.abs(h[t - 1]),
          "bound fell at " + t + ": " + h[t - 1] + " -> " + h[t]);
    }
    // column summary, the starts' sample, one E-step per recorded bound: the starts and the
    // network's training on the sample read the collected rows only
    assertEquals(2 + h.length, onSample.passes(), "passes over all rows");
    FitResult all = fit(counted(), 50_000);
    // there the first E-step on all rows is at the best start's experts and the untrained
    // network; here at the network trained on the sample
    assertTrue(h[0] > all.boundHistory()[0], "first bound on all rows " + h[0] + " against "
        + all.boundHistory()[0] + " with an untrained gate");
    assertEquals(all.logLikelihood(), sampled.logLikelihood(), 0.01 * DATA.x().length,
        "log-likelihood within 0.01 per row of the fit whose starts see every row");
    LinearExperts experts = LinearState.experts(sampled.state());
    List<Double> errors = new ArrayList<>();
    for (double[] truth : DATA.weights()) {
      double best = Double.POSITIVE_INFINITY;
      for (int e = 0; e < K; e++) {
        double[] w = experts.coefficients(e);
        double num = 0;
        double den = 0;
        for (int j = 0; j < D; j++) {
          num += Math.pow(w[j] - truth[j], 2);
          den += truth[j] * truth[j];
        }
        best = Math.min(best, Math.sqrt(num / den));
      }
      errors.add(best);
    }
    for (double err : errors) {
      assertTrue(err < 0.05, "relative weight errors " + errors);
    }
  }
}
