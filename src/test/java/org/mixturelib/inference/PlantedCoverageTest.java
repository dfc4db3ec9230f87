package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.InitMode;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.Models;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;

/**
 * Planted coverage: over 200 simulated data sets the 95% Wald intervals cover the true
 * coefficients 93-97% of the time (in-memory engine, N = 400, each fit started at the truth so
 * that components keep their labels).
 */
class PlantedCoverageTest {
  private static final int SETS = 200;
  private static final int N = 400;
  /** Experts y = 0 + 1 x and y = 2 - 1 x, noise sd 0.5 and 0.7. */
  private static final double[][] COEFFICIENTS = {{0, 1}, {2, -1}};
  private static final double[] SD = {0.5, 0.7};

  @Test
  void mixtureOfRegressionsIntervalsCoverTheTruth() {
    int[] covered = new int[2];
    int[] total = new int[2];
    for (int set = 0; set < SETS; set++) {
      MixtureState truth = truth(false);
      InMemorySource data = simulate(truth, new SplittableRandom(1000 + set));
      StandardErrors se = fitAndInfer(data, truth);
      count(se, coefficientsOf(truth), covered, total, 0);
      double[][] w = se.mixingWeights();
      double low = w[0][1] - 1.959964 * w[1][1];
      double high = w[0][1] + 1.959964 * w[1][1];
      covered[1] += low <= 0.4 && 0.4 <= high ? 1 : 0;
      total[1]++;
    }
    report("regressions", covered, total);
  }

  @Test
  void mixtureOfExpertsIntervalsCoverTheTruth() {
    int[] covered = new int[2];
    int[] total = new int[2];
    for (int set = 0; set < SETS; set++) {
      MixtureState truth = truth(true);
      InMemorySource data = simulate(truth, new SplittableRandom(5000 + set));
      StandardErrors se = fitAndInfer(data, truth);
      count(se, coefficientsOf(truth), covered, total, 0);
      StandardErrors.Layout l = se.layout();
      // gate log-odds of component 1: -0.5 + 2 x (the intercept column's coefficient folded)
      double[] gate = {-0.5, 2};
      int[] at = {l.gate(1, 0), l.gate(1, 2)};
      for (int j = 0; j < 2; j++) {
        double[] ci = se.interval(at[j], 0.95);
        covered[1] += ci[0] <= gate[j] && gate[j] <= ci[1] ? 1 : 0;
        total[1]++;
      }
    }
    report("experts", covered, total);
  }

  private static void report(String what, int[] covered, int[] total) {
    double experts = covered[0] / (double) total[0];
    double gate = covered[1] / (double) total[1];
    System.out.printf("%s: coefficients covered %d of %d (%.4f), gate or weight %d of %d"
        + " (%.4f)%n", what, covered[0], total[0], experts, covered[1], total[1], gate);
    assertTrue(experts >= 0.93 && experts <= 0.97, what + " coefficients' coverage " + experts);
    assertTrue(gate >= 0.92 && gate <= 0.98, what + " gate's coverage " + gate);
  }

  private static void count(StandardErrors se, double[][] truth, int[] covered, int[] total,
      int slot) {
    StandardErrors.Layout l = se.layout();
    for (int e = 0; e < truth.length; e++) {
      for (int j = 0; j < truth[e].length; j++) {
        double[] ci = se.interval(l.expert(e, j), 0.95);
        covered[slot] += ci[0] <= truth[e][j] && truth[e][j] <= ci[1] ? 1 : 0;
        total[slot]++;
      }
    }
  }

  private static StandardErrors fitAndInfer(InMemorySource data, MixtureState truth) {
    FitResult fit = new EmEngine(data, List.of(), new EmConfig().initMode(InitMode.GIVEN)
        .perturbations(0).tol(1e-9)).fit(truth);
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    return se;
  }

  private static double[][] coefficientsOf(MixtureState truth) {
    LinearExperts e = LinearState.experts(truth);
    return new double[][] {e.coefficients(0), e.coefficients(1)};
  }

  /** The planted model: weights 0.6 / 0.4, or the gate {@code logit pi_1 = -0.5 + 2 x}. */
  private static MixtureState truth(boolean gated) {
    MixtureState s = gated ? Models.gated(2, 2) : Models.regressions(2, 2);
    LinearExperts e = LinearState.experts(s);
    for (int c = 0; c < 2; c++) {
      e.setCoefficients(c, COEFFICIENTS[c].clone());
      e.setNoiseVariance(c, SD[c] * SD[c]);
    }
    if (gated) {
      // inputs (1, x): unit 1's bias -0.5 and weight 2 on x, unit 0 zero
      ((LinearGate) s.gate()).setParameters(new double[] {0, 0, 0, 2, 0, -0.5});
    } else {
      ((HyperModelDirichlet) s.gate()).updateFromCounts(new double[] {0.6 * N, 0.4 * N});
    }
    return s;
  }

  /** N rows from the planted model: x uniform on (-1, 1), the component drawn from the gate. */
  private static InMemorySource simulate(MixtureState truth, SplittableRandom rnd) {
    double[] x = new double[N];
    double[] y = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = 2 * rnd.nextDouble() - 1;
      double p1 = truth.gate() instanceof LinearGate
          ? 1 / (1 + Math.exp(-(-0.5 + 2 * x[i]))) : 0.4;
      int c = rnd.nextDouble() < p1 ? 1 : 0;
      double z = gaussian(rnd);
      y[i] = COEFFICIENTS[c][0] + COEFFICIENTS[c][1] * x[i] + SD[c] * z;
    }
    return Models.withIntercept(y, x);
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
