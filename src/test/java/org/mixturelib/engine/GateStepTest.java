package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.Activation;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.InterceptedSource;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;

/**
 * The gate's M-step paths (see {@link GateStep}): rows gathered by the E-step give the
 * distributed path's result without a pass of their own; the sampled path never lowers the
 * bound and costs one check pass; the network's loss and gradient over blocks equal row-by-row
 * sums and finite differences.
 */
class GateStepTest {
  private static final Planted.Data DATA =
      Planted.experts(1_200, 3, 3, 2.0, 0.5, true, null, 17);

  private static InMemorySource memory() {
    return new InMemorySource(BlockBuilder.fromArrays(DATA.x(), DATA.y(), null, 100));
  }

  private static MixtureState model(Gate gate) {
    return new MixtureState(new LinearExperts(3, 3, 1), gate);
  }

  private static FitResult fit(InMemorySource data, Gate gate, EmConfig config) {
    return new EmEngine(data, List.of(), config).fit(model(gate));
  }

  private static EmConfig config() {
    return new EmConfig().numInit(2).initIterations(3).maxIter(30).seed(3).gateTol(1e-12)
        .gateMaxIter(200);
  }

  @Test
  void linearGateGatheredRowsGiveTheDistributedFit() {
    FitResult local = fit(memory(), new LinearGate(3, 3), config());
    FitResult distributed = fit(memory(), new LinearGate(3, 3),
        config().gateSampleRows(0));
    assertEquals(local.iterations(), distributed.iterations());
    assertEquals(distributed.logLikelihood(), local.logLikelihood(),
        1e-9 * Math.abs(distributed.logLikelihood()));
    double[] a = ((TrainedGate) local.state().gate()).parameters();
    double[] b = ((TrainedGate) distributed.state().gate()).parameters();
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-9 * Math.max(1, Math.abs(b[i])), "gate parameter " + i);
    }
  }

  /** One M-step of the ReLU network from the same E-step: local and distributed agree. */
  @Test
  void networkMStepOnGatheredRowsEqualsTheDistributedOne() {
    double[][] params = new double[2][];
    for (int path = 0; path < 2; path++) {
      HyperExpertNN gate = new HyperExpertNN(3, 6, 3, 30, 2);
      EmConfig c = new EmConfig().gateMaxIter(30).gateSampleRows(path == 0 ? 50_000 : 0);
      MixtureState s = model(gate);
      for (int e = 0; e < 3; e++) {
        LinearState.experts(s).setCoefficients(e, DATA.weights()[e]);
      }
      EmEngine.Stepper step = new EmEngine(memory(), List.of(), c).stepper(s);
      step.eStep();
      step.mStep();
      params[path] = ((TrainedGate) s.gate()).parameters();
    }
    for (int i = 0; i < params[0].length; i++) {
      assertEquals(params[1][i], params[0][i], 1e-9 * Math.max(1, Math.abs(params[1][i])),
          "parameter " + i);
    }
  }

  @Test
  void gatheredRowsCostNoPassOfTheirOwn() {
    InterceptedSource counted = new InterceptedSource(memory(), p -> {});
    EmConfig c = config().numInit(1);
    FitResult r = new EmEngine(counted, List.of(), c).fit(model(
        new NetworkGate(3, new int[] {5}, 3, Activation.RELU, 1)));
    // column summary, the start's pass, one E-step per recorded bound
    assertEquals(2 + r.boundHistory().length, counted.passes(), "passes");
  }

  @Test
  void sampledMStepNeverLowersTheBoundAndChecksInOnePass() {
    InterceptedSource counted = new InterceptedSource(memory(), p -> {});
    EmConfig c = config().numInit(1).gateSampleRows(300).gateTol(1e-7).gateMaxIter(50);
    FitResult sampled = new EmEngine(counted, List.of(), c).fit(model(
        new NetworkGate(3, new int[] {5}, 3, Activation.TANH, 1)));
    double[] h = sampled.boundHistory();
    for (int t = 1; t < h.length; t++) {
      assertTrue(h[t] >= h[t - 1] - 1e-9 * Math.abs(h[t - 1]),
          "bound fell at " + t + ": " + h[t - 1] + " -> " + h[t]);
    }
    // per EM iteration: the E-step and at most one check (none when the optimiser stayed at
    // the E-step's parameters; the start trains no gate)
    int checks = counted.passes() - 2 - h.length;
    assertTrue(checks >= 1 && checks <= sampled.iterations(), checks + " check passes in "
        + sampled.iterations() + " EM iterations");
    FitResult exact = fit(memory(), new NetworkGate(3, new int[] {5}, 3, Activation.TANH, 1),
        config().numInit(1).gateTol(1e-7).gateMaxIter(50));
    assertEquals(exact.logLikelihood(), sampled.logLikelihood(), 0.01 * DATA.x().length,
        "sampled fit's log-likelihood, within 0.01 per row of the exact path's");
  }

  /** Loss and gradient over blocks equal the sums over one-row blocks, and finite differences. */
  @Test
  void networkLossAndGradientAreRowByRowSumsAndDerivatives() {
    for (Activation act : Activation.values()) {
      NetworkGate gate = new NetworkGate(3, new int[] {4, 4}, 3, act, 5);
      // nonzero biases: with zero ones, a row whose units are all off sits exactly on the next
      // layer's ReLU kink, where central differences see half the slope
      double[] p = gate.parameters();
      java.util.Random jitter = new java.util.Random(4);
      for (int i = 0; i < p.length; i++) {
        p[i] += 0.3 * jitter.nextGaussian();
      }
      List<Block> blocks = BlockBuilder.fromArrays(DATA.x(), DATA.y(), null, 128);
      double[] resp = responsibilities(DATA.x().length, 3);
      double[] g = new double[p.length];
      double loss = 0;
      int row = 0;
      for (Block b : blocks) {
        loss += gate.addLossAndGradient(b, slice(resp, row, b.n, 3), p, g);
        row += b.n;
      }
      double[] g1 = new double[p.length];
      double loss1 = 0;
      List<Block> rows = BlockBuilder.fromArrays(DATA.x(), DATA.y(), null, 1);
      for (int i = 0; i < rows.size(); i++) {
        loss1 += gate.addLossAndGradient(rows.get(i), slice(resp, i, 1, 3), p, g1);
      }
      assertEquals(loss1, loss, 1e-10 * Math.abs(loss1), act + " loss");
      for (int i = 0; i < p.length; i++) {
        assertEquals(g1[i], g[i], 1e-8 * Math.max(1, Math.abs(g1[i])), act + " gradient " + i);
        double[] up = p.clone();
        double[] down = p.clone();
        // a small step for ReLU, so that hardly any unit crosses its kink
        double h = act == Activation.RELU ? 1e-8 : 1e-6;
        up[i] += h;
        down[i] -= h;
        double fd = (lossAt(gate, blocks, resp, up) - lossAt(gate, blocks, resp, down)) / (2 * h);
        assertEquals(fd, g[i], 1e-4 * Math.max(1, Math.abs(fd)), act + " derivative " + i);
      }
    }
  }

  private static double lossAt(NetworkGate gate, List<Block> blocks, double[] resp,
      double[] p) {
    double loss = 0;
    int row = 0;
    double[] g = new double[p.length];
    for (Block b : blocks) {
      loss += gate.addLossAndGradient(b, slice(resp, row, b.n, 3), p, g);
      row += b.n;
    }
    return loss;
  }

  private static double[] responsibilities(int n, int k) {
    java.util.Random r = new java.util.Random(9);
    double[] out = new double[n * k];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        out[i * k + c] = r.nextDouble();
        s += out[i * k + c];
      }
      for (int c = 0; c < k; c++) {
        out[i * k + c] /= s;
      }
    }
    return out;
  }

  private static double[] slice(double[] resp, int row, int n, int k) {
    return java.util.Arrays.copyOfRange(resp, row * k, (row + n) * k);
  }
}
