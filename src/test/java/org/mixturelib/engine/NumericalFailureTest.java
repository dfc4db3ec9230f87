package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.SecondMoments;
import org.mixturelib.support.InterceptedSource;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;
import org.mixturelib.support.Spark;

/**
 * A NaN or an infinity in an iteration stops the fit with {@link NumericalFailureException},
 * which keeps exactly the parameters of the last iteration whose bound was finite: the state
 * that a fit limited to that many iterations ends with. Pass 1 is the random start's draw and
 * pass t + 1 the E-step of iteration t, which scores the parameters of M-step t - 1.
 */
class NumericalFailureTest {
  private static final Planted.Data DATA =
      Planted.experts(300, 2, 2, 2.0, 0.5, false, new double[] {0.6, 0.4}, 4);

  private static MixtureState initial() {
    return new MixtureState(new LinearExperts(2, 2, 1),
        new HyperModelDirichlet(new double[] {1, 1}, false));
  }

  private static EmConfig config() {
    return new EmConfig().numInit(1).maxIter(50).tol(1e-12).seed(9).initMode(InitMode.RANDOM)
        .perturbations(0).minPrior(0);
  }

  /** The state after {@code m} M-steps of the undisturbed fit. */
  private static MixtureState after(int m) {
    return new EmEngine(InMemorySource.of(DATA.x(), DATA.y(), null), List.of(),
        config().maxIter(m)).fit(initial()).state();
  }

  private static NumericalFailureException failAt(int pass, Consumer<EStepStats> poison) {
    int[] eSteps = {0};
    DataSource data = new InterceptedSource(InMemorySource.of(DATA.x(), DATA.y(), null), n -> { })
        .afterPass(out -> {
          if (out instanceof EStepStats stats && ++eSteps[0] == pass) {
            poison.accept(stats);
          }
        });
    return assertThrows(NumericalFailureException.class,
        () -> new EmEngine(data, List.of(), config()).fit(initial()));
  }

  private static void assertSameParameters(MixtureState expected, MixtureState actual) {
    for (int e = 0; e < expected.k(); e++) {
      assertArrayEquals(LinearState.experts(expected).coefficients(e),
          LinearState.experts(actual).coefficients(e),
          "expert " + e);
    }
    assertArrayEquals(LinearState.experts(expected).noiseVariances(),
        LinearState.experts(actual).noiseVariances());
    assertArrayEquals(((HyperModelDirichlet) expected.gate()).posterior(),
        ((HyperModelDirichlet) actual.gate()).posterior());
  }

  @Test
  void aNanBoundKeepsTheParametersBeforeTheLastMStep() {
    NumericalFailureException e = failAt(6, s -> s.logSum = Double.NaN);
    assertTrue(e.getMessage().contains("iteration 5") && e.getMessage().contains("NaN"),
        e.getMessage());
    assertSameParameters(after(3), e.lastGood());
  }

  @Test
  void nanStatisticsStopTheMStepAndKeepTheScoredParameters() {
    NumericalFailureException e = failAt(6, s -> moments(s)[0] = Double.NaN);
    assertTrue(e.getMessage().contains("M-step of EM iteration 5"), e.getMessage());
    assertTrue(e.getCause() instanceof ArithmeticException, "cause: " + e.getCause());
    assertSameParameters(after(4), e.lastGood());
  }

  @Test
  void anInfiniteResidualSumGivesNonFiniteParameters() {
    int stride = 9;
    NumericalFailureException e = failAt(6, s -> {
      for (int c = 0; c < 2; c++) {
        moments(s)[c * stride + 8] = Double.POSITIVE_INFINITY;
      }
    });
    assertTrue(e.getMessage().contains("iteration 5"), e.getMessage());
    assertSameParameters(after(4), e.lastGood());
  }

  @Test
  void aFailingEStepKeepsTheParametersBeforeTheLastMStep() {
    NumericalFailureException e = failAt(6, s -> {
      throw new ArithmeticException("row 7 has log-likelihood -Infinity under every"
          + " component");
    });
    assertTrue(e.getMessage().contains("E-step") && e.getMessage().contains("row 7"),
        e.getMessage());
    assertSameParameters(after(3), e.lastGood());
  }

  @Test
  void aFailureBeforeAnyGoodIterationSaysSo() {
    NumericalFailureException e = failAt(2, s -> s.logSum = Double.NEGATIVE_INFINITY);
    assertNull(e.lastGood());
    assertTrue(e.getMessage().contains("no iteration had completed"), e.getMessage());
  }

  /**
   * A finite but extreme label (1e200: its squared residual overflows) is a row that no
   * component explains: the E-step fails inside a task, and the fit stops with the same
   * NumericalFailureException, naming the row, on Spark as in memory.
   */
  @Test
  void aRowNoComponentExplainsStopsTheFitInMemoryAndOnSpark() {
    double[][] y = Arrays.stream(DATA.y()).map(double[]::clone).toArray(double[][]::new);
    y[7][0] = 1e200;
    EmConfig given = config().initMode(InitMode.GIVEN);
    NumericalFailureException memory = assertThrows(NumericalFailureException.class,
        () -> new EmEngine(InMemorySource.of(DATA.x(), y, null), List.of(), given)
            .fit(initial()));
    assertTrue(memory.getMessage().contains("row 7"), memory.getMessage());
    try (SparkSource spark = SparkSource.fromDataset(Spark.frame(DATA.x(), y, 3),
        new SparkSource.Columns("features", "label", null, false), 64, 2,
        StorageLevel.MEMORY_AND_DISK())) {
      NumericalFailureException onSpark = assertThrows(NumericalFailureException.class,
          () -> new EmEngine(spark, List.of(), given).fit(initial()));
      assertTrue(onSpark.getMessage().contains("row 7"), onSpark.getMessage());
      assertNull(onSpark.lastGood());
    }
  }

  /** The Gaussian experts' moments in E-step statistics. */
  private static double[] moments(EStepStats s) {
    return ((SecondMoments) s.experts).moments();
  }
}
