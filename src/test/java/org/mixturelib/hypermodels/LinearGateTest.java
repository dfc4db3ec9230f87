package org.mixturelib.hypermodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.linalg.Lbfgs;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.mixture.HyperParameters;
import org.mixturelib.mixture.MixtureEM;
import org.mixturelib.linalg.Newton;

/**
 * The multinomial-logit gate ({@link LinearGate}): its Hessian, its Newton
 * M-step, flexmix-style coefficients, its parameter count and its component changes.
 */
class LinearGateTest {
  /** 300 rows of 2 inputs and soft targets over 3 components. */
  static Block block() {
    Random r = new Random(9);
    int n = 300;
    double[][] x = new double[n][];
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      double[] s = {1 + 2 * x[i][0], -0.5 * x[i][1], 0.3};
      double t = 0;
      for (int c = 0; c < 3; c++) {
        s[c] = Math.exp(s[c]) * r.nextDouble();
        t += s[c];
      }
      z[i] = new double[] {s[0] / t, s[1] / t, s[2] / t};
    }
    return BlockBuilder.fromArrays(x, z, null, n).get(0);
  }

  static double[] targets(Block b) {
    double[] resp = new double[b.n * 3];
    for (int i = 0; i < b.n; i++) {
      for (int c = 0; c < 3; c++) {
        resp[i * 3 + c] = b.y(i, c);
      }
    }
    return resp;
  }

  @Test
  void hessianIsTheDerivativeOfTheGradient() {
    LinearGate gate = new LinearGate(2, 3);
    Block b = block();
    double[] resp = targets(b);
    Random r = new Random(1);
    double[] p = new double[9];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextGaussian();
    }
    double[] g = new double[9];
    double[] h = new double[81];
    gate.addLossGradientHessian(b, resp, p, g, h);
    double eps = 1e-6;
    for (int j = 0; j < 9; j++) {
      double[] up = p.clone();
      double[] down = p.clone();
      up[j] += eps;
      down[j] -= eps;
      double[] gu = new double[9];
      double[] gd = new double[9];
      gate.addLossAndGradient(b, resp, up, gu);
      gate.addLossAndGradient(b, resp, down, gd);
      for (int i = 0; i < 9; i++) {
        double fd = (gu[i] - gd[i]) / (2 * eps);
        assertEquals(fd, h[j * 9 + i], 1e-5 * Math.max(1, Math.abs(fd)), "H[" + i + "," + j + "]");
      }
    }
  }

  @Test
  void newtonReachesTheMinimumThatLbfgsApproaches() {
    LinearGate gate = new LinearGate(2, 3);
    Block b = block();
    double[] resp = targets(b);
    Newton.Result newton = new Newton(50, 1e-12).minimize((p, g, h) -> {
      Arrays.fill(g, 0);
      Arrays.fill(h, 0);
      return gate.addLossGradientHessian(b, resp, p, g, h);
    }, new double[9]);
    Lbfgs.Result lbfgs = new Lbfgs(10, 2000, 1e-15).minimize((p, g) -> {
      Arrays.fill(g, 0);
      return gate.addLossAndGradient(b, resp, p, g);
    }, new double[9]);
    assertTrue(newton.converged());
    assertTrue(newton.iterations() <= 10, "Newton steps " + newton.iterations());
    assertTrue(newton.value() <= lbfgs.value() + 1e-9, newton.value() + " > " + lbfgs.value());
    double[] g = new double[9];
    gate.addLossAndGradient(b, resp, newton.x(), g);
    for (double v : g) {
      assertEquals(0, v, 1e-6);
    }
  }

  @Test
  void mStepUsesTheCurvatureAndNeverIncreasesTheLoss() {
    LinearGate gate = new LinearGate(2, 3);
    Block b = block();
    double[] resp = targets(b);
    double[] before = new double[9];
    double start = gate.addLossAndGradient(b, resp, gate.parameters(), before);
    gate.mStep(new CurvatureUpdate() {
      @Override
      public double[] counts() {
        return new double[3];
      }

      @Override
      public double totalWeight() {
        return b.n;
      }

      @Override
      public double lossAndGradient(double[] params, double[] gradient) {
        throw new AssertionError("the linear gate takes Newton steps");
      }

      @Override
      public double lossGradientHessian(double[] params, double[] gradient, double[] hessian) {
        Arrays.fill(gradient, 0);
        Arrays.fill(hessian, 0);
        return gate.addLossGradientHessian(b, resp, params, gradient, hessian);
      }

      @Override
      public int maxIterations() {
        return 50;
      }

      @Override
      public double tolerance() {
        return 1e-10;
      }
    });
    double after = gate.addLossAndGradient(b, resp, gate.parameters(), new double[9]);
    Lbfgs.Result best = new Lbfgs(10, 2000, 1e-15).minimize((p, g) -> {
      Arrays.fill(g, 0);
      return gate.addLossAndGradient(b, resp, p, g);
    }, new double[9]);
    assertTrue(after < start);
    // the M-step's minimum to its tolerance: 1e-10 of the loss
    assertEquals(best.value(), after, 1e-10 * Math.abs(after) + 1e-9);
  }

  @Test
  void relativeCoefficientsAreDifferencesToTheFirstComponent() {
    LinearGate gate = new LinearGate(2, 3);
    // weights in x out column-major, then biases
    gate.setParameters(new double[] {1, 2, 3, 5, -1, 0, 0.5, 1.5, 2.5});
    double[][] rel = gate.relativeCoefficients();
    assertArrayEquals(new double[] {1.0, 2, 3}, rel[0], 1e-12);
    assertArrayEquals(new double[] {2.0, -2, -2}, rel[1], 1e-12);
    double[][] pi = gate.predictPi(new double[][] {{0.3, -0.7}});
    assertEquals(rel[0][0] + 0.3 * rel[0][1] - 0.7 * rel[0][2], Math.log(pi[0][1] / pi[0][0]),
        1e-12);
  }

  @Test
  void parameterCountMatchesFlexmixsConcomitantModel() {
    // flexmix: (K - 1) x ncol(z), z = (1, x); our inputs are the experts' features (1, x)
    LinearGate gate = new LinearGate(2, 3);
    assertEquals(2 * 3, gate.numFreeParameters());
    assertEquals(2 * 2, gate.numFreeParameters(1));
    // a constant column the gate does not read (a skipped trailing intercept) costs nothing
    LinearGate skipping = new LinearGate(2, 3);
    skipping.setSkippedTrailingFeatures(1);
    assertEquals(2 * 3, skipping.numFreeParameters(1));
    HyperModelDirichlet weights = new HyperModelDirichlet(3);
    assertEquals(2, weights.numFreeParameters(1));
  }

  @Test
  void componentChangesKeepTheOtherComponents() {
    LinearGate gate = new LinearGate(2, 3);
    gate.setParameters(new double[] {1, 2, 3, 5, -1, 0, 0.5, 1.5, 2.5});
    double[][] x = {{0.3, -0.7}, {-1, 2}};
    double[][] pi = gate.predictPi(x);
    double[][] kept = gate.restrictTo(new int[] {2, 0}).predictPi(x);
    for (int i = 0; i < 2; i++) {
      double s = pi[i][2] + pi[i][0];
      assertEquals(pi[i][2] / s, kept[i][0], 1e-12);
      assertEquals(pi[i][0] / s, kept[i][1], 1e-12);
    }
    double[][] split = gate.splitWeight(1, 2).predictPi(x);
    for (int i = 0; i < 2; i++) {
      assertEquals(split[i][1], split[i][2], 1e-12);
      assertEquals(pi[i][0] / split[i][0], pi[i][1] / (2 * split[i][1]), 1e-12);
    }
    double[][] uniform = gate.uniformCopy().predictPi(x);
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, uniform[1], 1e-12);
    // a gate that skips the experts' trailing intercept column keeps skipping it
    gate.setSkippedTrailingFeatures(1);
    Block withIntercept = BlockBuilder.fromArrays(new double[][] {{0.3, -0.7, 1}},
        new double[][] {{0}}, null, 1).get(0);
    double[] lp = new double[2];
    gate.restrictTo(new int[] {2, 0}).logPi(withIntercept, null, lp, true);
    assertEquals(Math.log(kept[0][0]), lp[0], 1e-12);
  }

  @Test
  void dirichletSplitsAndDropsWeights() {
    HyperModelDirichlet d = new HyperModelDirichlet(new double[] {1, 1, 1}, false);
    d.updateFromCounts(new double[] {60, 38, 2});
    double[] w = d.weights();
    assertArrayEquals(new double[] {0.6, 0.38, 0.02}, w, 1e-12);
    assertArrayEquals(new double[] {0.6 / 0.98, 0.38 / 0.98},
        d.restrictTo(new int[] {0, 1}).weights(), 1e-12);
    assertArrayEquals(new double[] {0.6, 0.2, 0.2}, d.splitWeight(1, 2).weights(), 1e-12);
  }

  /** 0.4's constructor builds 0.4's network: Linear D->H, ReLU, Linear H->H, ReLU, H->K. */
  @Test
  void theSeedsNetworkHasTwoReluLayersAndItsEpochsBudget() {
    HyperExpertNN nn = new HyperExpertNN(3, 7, 2, 12, 1);
    assertArrayEquals(new int[] {3, 7, 7, 2}, nn.layerSizes());
    assertEquals(Activation.RELU, nn.activation());
    assertEquals(3 * 7 + 7 + 7 * 7 + 7 + 7 * 2 + 2, nn.parameters().length);
    assertEquals(12, nn.epochs());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new NetworkGate(3, new int[0], 2, 1));
    assertTrue(none.getMessage().contains("hidden layer"), none.getMessage());
    MixtureEM<EachModelLinear> em = new MixtureEM<>(HyperParameters.of("beta", 1.0), nn,
        List.of(new EachModelLinear(3), new EachModelLinear(3)), List.of(), "default");
    assertEquals(12, em.config().gateMaxIter(), "epochs: the gate's budget per M-step");
    // ReLU: a row with every first-layer unit negative gives the output layer only its biases
    double[] p = nn.parameters();
    Arrays.fill(p, 0, 3 * 7, 1.0);
    Arrays.fill(p, 3 * 7, 3 * 7 + 7, -100.0);
    nn.setParameters(p);
    double[][] pi = nn.predictPi(new double[][] {{1, 2, 3}});
    double[][] again = nn.predictPi(new double[][] {{-4, 5, 0.5}});
    assertEquals(pi[0][0], again[0][0], 1e-15, "dead first layer: pi does not depend on x");
    assertEquals(Activation.TANH, Activation.parse("Tanh"));
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Activation.parse("sigmoid"));
    assertTrue(e.getMessage().contains("activation") && e.getMessage().contains("sigmoid"));
  }
}
