package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/** Responsibilities and per-row log-likelihoods against the closed form of a small mixture. */
class MixturePosteriorTest {
  private final double[][] x = {{0.5, 1}, {-1, 1}, {2, 1}, {0, 1}};
  private final double[][] y = {{2.2}, {-3.5}, {6.9}, {0.4}};

  /** Two lines y = 1 + 3x (variance 0.25) and y = -1 - x (variance 4), weights 0.7 / 0.3. */
  private MixtureState state() {
    LinearExperts e = new LinearExperts(2, 2, 1);
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    e.setCoefficients(0, new double[] {3, 1});
    e.setCoefficients(1, new double[] {-1, -1});
    e.setNoiseVariance(0, 0.25);
    e.setNoiseVariance(1, 4);
    HyperModelDirichlet gate = new HyperModelDirichlet(new double[] {1, 1}, false);
    gate.setPosterior(new double[] {1 + 7, 1 + 3});
    return new MixtureState(e, gate);
  }

  private static double normal(double y, double mean, double var) {
    return Math.exp(-0.5 * (y - mean) * (y - mean) / var) / Math.sqrt(2 * Math.PI * var);
  }

  @Test
  void matchesTheClosedForm() {
    Block b = BlockBuilder.fromArrays(x, y, null, 16).get(0);
    MixturePosterior p = MixturePosterior.of(state(), b);
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double a = 0.7 * normal(y[i][0], 3 * x[i][0] + 1, 0.25);
      double c = 0.3 * normal(y[i][0], -x[i][0] - 1, 4);
      assertEquals(Math.log(a + c), p.logLikelihood()[i], 1e-12);
      assertEquals(a / (a + c), p.responsibilities()[2 * i], 1e-12);
      assertEquals(c / (a + c), p.responsibilities()[2 * i + 1], 1e-12);
      total += Math.log(a + c);
    }
    double[] w = {1, 2, 0.5, 0};
    double weighted = 0;
    for (int i = 0; i < x.length; i++) {
      weighted += w[i] * p.logLikelihood()[i];
    }
    EmEngine engine = new EmEngine(InMemorySource.of(x, y, w), List.of(),
        new EmConfig());
    assertEquals(weighted, engine.logLikelihood(state()), 1e-12 * Math.abs(total));
  }

  @Test
  void aGateSkippingTheInterceptColumnScoresLikeOneWithoutIt() {
    NetworkGate skipping = new NetworkGate(1, new int[] {3}, 2, 7);
    NetworkGate plain = skipping.copy();
    skipping.setSkippedTrailingFeatures(1);
    double[][] xOnly = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      xOnly[i] = new double[] {x[i][0]};
    }
    double[] withIntercept = new double[x.length * 2];
    double[] without = new double[x.length * 2];
    skipping.logPi(BlockBuilder.fromArrays(x, y, null, 16).get(0), null, withIntercept, true);
    plain.logPi(BlockBuilder.fromArrays(xOnly, y, null, 16).get(0), null, without, true);
    assertArrayEquals(without, withIntercept);
  }
}
