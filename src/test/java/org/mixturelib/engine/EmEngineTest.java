package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.LogCapture;

/**
 * The engine's starts, convergence test, saddle escape, degenerate components and criteria, on
 * small planted data in memory.
 */
class EmEngineTest {
  /** 400 rows of two crossing lines, y = 1 + 2x and y = 9 - x (sd 0.6), x in [0, 6]. */
  static InMemorySource crossingLines(int blockSize) {
    Random r = new Random(5);
    int n = 400;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      double t = 6 * r.nextDouble();
      x[i] = new double[] {1, t};
      y[i] = new double[] {(i % 2 == 0 ? 1 + 2 * t : 9 - t) + 0.6 * r.nextGaussian()};
    }
    return new InMemorySource(BlockBuilder.fromArrays(x, y, null, blockSize));
  }

  /** The pooled least-squares fit as both experts of a 2-component model. */
  static MixtureState identicalExperts(InMemorySource data) {
    FitResult one = Models.fit(data, Models.regressions(1, 2));
    MixtureState s = Models.regressions(2, 2);
    for (int c = 0; c < 2; c++) {
      LinearState.experts(s).setCoefficients(c, LinearState.experts(one.state()).coefficients(0));
      LinearState.experts(s).setNoiseVariance(c,
          LinearState.experts(one.state()).noiseVariances()[0]);
    }
    return s;
  }

  @Test
  void identicalExpertsStayAtTheSaddleWithoutPerturbation() {
    InMemorySource data = crossingLines(4096);
    double pooled = Models.fit(data, Models.regressions(1, 2)).logLikelihood();
    FitResult stuck = Models.fit(data, identicalExperts(data),
        new EmConfig().initMode(InitMode.GIVEN).perturbations(0));
    assertTrue(stuck.converged(), "EM at a saddle reports convergence");
    assertEquals(pooled, stuck.logLikelihood(), 1e-6);
  }

  @Test
  void saddleIsLeftBySplittingTheIdenticalExperts() {
    InMemorySource data = crossingLines(4096);
    double best = Models.fit(data, Models.regressions(2, 2)).logLikelihood();
    try (LogCapture log = new LogCapture()) {
      FitResult escaped = Models.fit(data, identicalExperts(data),
          new EmConfig().initMode(InitMode.GIVEN));
      assertEquals(best, escaped.logLikelihood(), 1e-4);
      assertFalse(log.matching("splitting two nearly identical experts").isEmpty());
    }
  }

  @Test
  void emptyComponentIsReseededAndTheFitKeepsK() {
    InMemorySource data = crossingLines(4096);
    double best = Models.fit(data, Models.regressions(2, 2)).logLikelihood();
    MixtureState s = identicalExperts(data);
    LinearState.experts(s).setCoefficients(1, new double[] {1e4, 0});
    try (LogCapture log = new LogCapture()) {
      FitResult fit = Models.fit(data, s, new EmConfig().initMode(InitMode.GIVEN));
      assertEquals(2, fit.numComponents());
      assertEquals(best, fit.logLikelihood(), 1e-4);
      assertEquals(1, fit.modelChanges().length);
      assertEquals(1, log.matching("re-seeded").size());
    }
  }

  @Test
  void degenerateComponentIsRemovedWhenItCannotBeReseeded() {
    InMemorySource data = crossingLines(4096);
    // experts with priors are not split: the component below minPrior is dropped (flexmix)
    LinearExperts e = new LinearExperts(2, 2, 1);
    for (int c = 0; c < 2; c++) {
      e.setPrior(c, new double[] {100, 0, 0, 100}, true, new double[] {0, 0});
    }
    e.setCoefficients(1, new double[] {1e4, 0});
    MixtureState s = new MixtureState(e, new HyperModelDirichlet(2));
    try (LogCapture log = new LogCapture()) {
      FitResult fit = Models.fit(data, s, new EmConfig().initMode(InitMode.GIVEN));
      assertEquals(1, fit.numComponents());
      // the second component (counted from 1, as tables count) is named in the result
      assertEquals(List.of(2), fit.removed().stream().map(FitResult.Removed::component)
          .toList());
      assertEquals(1, log.matching("removing component(s) 2 (weight ").size());
    }
    FitResult kept = Models.fit(data, s, new EmConfig().initMode(InitMode.GIVEN).minPrior(0));
    assertEquals(2, kept.numComponents());
  }

  @Test
  void maxIterFlagsTheFitAndWarns() {
    InMemorySource data = crossingLines(4096);
    try (LogCapture log = new LogCapture()) {
      FitResult fit = Models.fit(data, Models.regressions(2, 2),
          new EmConfig().numInit(1).maxIter(3));
      assertFalse(fit.converged());
      assertEquals(3, fit.iterations());
      assertEquals(1, log.matching("WARN EM stopped at maxIter = 3").size());
    }
  }

  @Test
  void startsDoNotDependOnHowRowsAreSplitIntoBlocks() {
    for (InitMode mode : new InitMode[] {InitMode.RANDOM, InitMode.KMEANS, InitMode.MIXED}) {
      EmConfig config = new EmConfig().initMode(mode).numInit(4).seed(11);
      FitResult one = Models.fit(crossingLines(4096), Models.regressions(2, 2), config);
      FitResult many = Models.fit(crossingLines(37), Models.regressions(2, 2), config);
      assertEquals(one.iterations(), many.iterations(), mode.toString());
      assertEquals(one.logLikelihood(), many.logLikelihood(), 1e-9, mode.toString());
      assertEquals(LinearState.experts(one.state()).coefficients(0)[1],
          LinearState.experts(many.state()).coefficients(0)[1], 1e-9, mode.toString());
    }
  }

  @Test
  void everyInitModeFindsTheCrossingLines() {
    InMemorySource data = crossingLines(4096);
    double best = Models.fit(data, Models.regressions(2, 2)).logLikelihood();
    for (InitMode mode : new InitMode[] {InitMode.RANDOM, InitMode.KMEANS}) {
      FitResult fit = Models.fit(data, Models.regressions(2, 2),
          new EmConfig().initMode(mode));
      assertEquals(best, fit.logLikelihood(), 1e-4, mode.toString());
      double[] slopes = {LinearState.experts(fit.state()).coefficients(0)[1],
          LinearState.experts(fit.state()).coefficients(1)[1]};
      Arrays.sort(slopes);
      assertEquals(-1, slopes[0], 0.1);
      assertEquals(2, slopes[1], 0.1);
    }
  }

  @Test
  void warmStartFromAFitConvergesAtOnce() {
    InMemorySource data = crossingLines(4096);
    FitResult fit = Models.fit(data, Models.regressions(2, 2));
    FitResult warm = Models.fit(data, fit.state(), new EmConfig().initMode(InitMode.GIVEN));
    assertTrue(warm.converged());
    assertTrue(warm.iterations() <= 2, "iterations " + warm.iterations());
    // within the tolerance: 1e-6 per unit weight
    assertEquals(fit.logLikelihood(), warm.logLikelihood(), 4e-4);
    assertTrue(warm.logLikelihood() >= fit.logLikelihood() - 1e-9);
  }

  @Test
  void iclIsBicPlusTheClassificationCost() {
    InMemorySource data = crossingLines(4096);
    FitResult fit = Models.fit(data, Models.regressions(2, 2));
    MixtureState s = fit.state();
    double logMax = 0;
    double logLik = 0;
    for (Block b : data.blocks()) {
      double[] logPi = new double[b.n * 2];
      s.gate().logPi(b, null, logPi, true);
      for (int i = 0; i < b.n; i++) {
        double[] joint = new double[2];
        for (int c = 0; c < 2; c++) {
          double[] w = LinearState.experts(s).coefficients(c);
          double var = LinearState.experts(s).noiseVariances()[c];
          double r = b.y(i, 0) - w[0] * b.x(i, 0) - w[1] * b.x(i, 1);
          joint[c] = Math.exp(logPi[i * 2 + c]) * Math.exp(-0.5 * r * r / var)
              / Math.sqrt(2 * Math.PI * var);
        }
        double p = joint[0] + joint[1];
        logLik += Math.log(p);
        logMax += Math.log(Math.max(joint[0], joint[1]) / p);
      }
    }
    assertEquals(logLik, fit.logLikelihood(), 1e-6);
    // 2 x (2 coefficients + a variance) + 1 weight
    assertEquals(7, fit.numFreeParameters());
    assertEquals(-2 * logLik + 7 * Math.log(400), fit.bic(), 1e-6);
    assertEquals(-2 * logLik + 14, fit.aic(), 1e-6);
    assertEquals(fit.bic() - 2 * logMax, fit.icl(), 1e-6);
  }

  @Test
  void modelSelectionChoosesTheTrueNumberOfLines() {
    InMemorySource data = crossingLines(4096);
    MixtureModelSelection.Result r = MixtureModelSelection.select(data,
        k -> Models.regressions(k, 2), new EmConfig(), 1, 3,
        MixtureModelSelection.Criterion.BIC);
    assertEquals(List.of(1, 2, 3), r.table().stream().map(MixtureModelSelection.Entry::k)
        .toList());
    assertEquals(2, r.chosen().k(), r.format());
    assertEquals(2, r.chosenBy(MixtureModelSelection.Criterion.ICL).k(), r.format());
    assertTrue(r.format().contains("<- BIC"), r.format());
    assertThrows(IllegalArgumentException.class, () -> MixtureModelSelection.select(data,
        k -> Models.regressions(k, 2), new EmConfig(), 2, 1,
        MixtureModelSelection.Criterion.BIC));
  }

  /**
   * The one selection rule (the fit job's too): the smallest criterion, the smaller k on a tie,
   * a NaN never chosen over a number.
   */
  @Test
  void theSelectionRuleTakesTheSmallestCriterionAndTheSmallerKOnATie() {
    double[] criterion = {Double.NaN, 5, 2, 2, 3};
    MixtureModelSelection.Choice<Integer> c = MixtureModelSelection.choose(1, 5, k -> k,
        k -> criterion[k - 1]);
    assertEquals(List.of(1, 2, 3, 4, 5), c.fits());
    assertEquals(3, c.chosen());
    assertEquals(2, c.chosenIndex());
    assertEquals(7.0, MixtureModelSelection.Criterion.ICL.pick(3, 5, 7));
  }

  @Test
  void varianceFloorIsRelativeToTheAnswers() {
    // y = x exactly on half the rows: that expert's noise variance stops at the floor
    int n = 200;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    Random r = new Random(3);
    for (int i = 0; i < n; i++) {
      double t = r.nextDouble();
      x[i] = new double[] {1, t};
      y[i] = new double[] {i % 2 == 0 ? t : 5 + r.nextGaussian()};
    }
    InMemorySource data = InMemorySource.of(x, y, null);
    double mean = Arrays.stream(y).mapToDouble(v -> v[0]).average().orElseThrow();
    double var = Arrays.stream(y).mapToDouble(v -> (v[0] - mean) * (v[0] - mean)).sum() / n;
    // the floor alone (the variance-ratio guard off)
    FitResult fit = Models.fit(data, Models.regressions(2, 2),
        new EmConfig().maxVarianceRatio(Double.POSITIVE_INFINITY));
    double smallest =
        Arrays.stream(LinearState.experts(fit.state()).noiseVariances()).min().orElseThrow();
    assertEquals(1e-4 * var, smallest, 1e-9 * var);
    // by default the ratio guard acts too: the variances are 900 apart, the exact expert's at
    // the floor (it wants 0, the other expert's ~1 is more than 900 floors: the constrained
    // maximiser puts the window at the floor)
    double[] guarded = LinearState.experts(Models.fit(data, Models.regressions(2, 2)).state())
        .noiseVariances();
    double lo = Math.min(guarded[0], guarded[1]);
    double hi = Math.max(guarded[0], guarded[1]);
    assertEquals(EmConfig.DEFAULT_VARIANCE_RATIO, hi / lo, 1e-9 * hi / lo);
    assertEquals(1e-4 * var, lo, 1e-9 * var);
  }

  @Test
  void mixtureOfExpertsRecoversThePlantedGate() {
    // P(z = 1 | x) = logistic(0.5 + 2x); y = 1 + 2x + N(0, 0.5²) or 2 - 1.5x + N(0, 0.8²)
    Random r = new Random(21);
    int n = 1000;
    double[][] x = new double[n][];
    double[][] y = new double[n][];
    double truth = 0;
    for (int i = 0; i < n; i++) {
      double t = r.nextGaussian();
      double p1 = 1 / (1 + Math.exp(-(0.5 + 2 * t)));
      boolean first = r.nextDouble() < p1;
      x[i] = new double[] {1, t};
      y[i] = new double[] {first ? 1 + 2 * t + 0.5 * r.nextGaussian()
          : 2 - 1.5 * t + 0.8 * r.nextGaussian()};
      double e1 = (y[i][0] - 1 - 2 * t) / 0.5;
      double e2 = (y[i][0] - 2 + 1.5 * t) / 0.8;
      truth += Math.log(p1 * Math.exp(-0.5 * e1 * e1) / (0.5 * Math.sqrt(2 * Math.PI))
          + (1 - p1) * Math.exp(-0.5 * e2 * e2) / (0.8 * Math.sqrt(2 * Math.PI)));
    }
    FitResult fit = Models.fit(InMemorySource.of(x, y, null), Models.gated(2, 2));
    assertTrue(fit.logLikelihood() >= truth, fit.logLikelihood() + " < truth " + truth);
    int first = LinearState.experts(fit.state()).coefficients(0)[1] > 0 ? 0 : 1;
    double[] rel = ((org.mixturelib.hypermodels.HyperExpertNN) fit.state().gate())
        .relativeCoefficients()[0];
    double sign = first == 0 ? 1 : -1;
    assertEquals(-0.5, sign * (rel[0] + rel[1]), 0.3);
    assertEquals(-2, sign * rel[2], 0.3);
  }

  @Test
  void configRejectsBadValuesByName() {
    EmConfig c = new EmConfig();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.minPrior(1)).getMessage()
        .contains("minPrior"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.varianceFloor(-1))
        .getMessage().contains("varianceFloor"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.perturbations(-1))
        .getMessage().contains("perturbations"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.initTol(0)).getMessage()
        .contains("initTol"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InitMode.parse("best"))
        .getMessage().contains("'kmeans'"));
    assertEquals(InitMode.KMEANS, InitMode.parse("k-means"));
  }
}
