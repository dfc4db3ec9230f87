package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.Activation;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;
import org.mixturelib.support.Spark;

/**
 * One partition or many, in memory or on Spark: the same parameters and bound to 1e-9
 * relative. Rows keep their order, partitions are uneven, blocks are small so that a partition
 * holds several.
 */
class EngineParityTest {
  private static final Planted.Data DATA =
      Planted.experts(600, 3, 3, 2.0, 0.5, false, new double[] {0.5, 0.3, 0.2}, 11);

  /** A fit on the source itself (localRows 0: Spark rows stay on Spark). */
  private static FitResult fit(DataSource source, Gate gate) {
    return fit(source, gate, 0);
  }

  private static FitResult fit(DataSource source, Gate gate, int localRows) {
    return fit(source, gate, localRows, true);
  }

  private static FitResult fit(DataSource source, Gate gate, int localRows,
      boolean acceleration) {
    LinearExperts experts = new LinearExperts(3, 3, 1);
    EmConfig config = new EmConfig().numInit(2).initIterations(3).maxIter(25).seed(5)
        .gateTol(1e-12).gateMaxIter(200).localRows(localRows).acceleration(acceleration);
    try (source) {
      return new EmEngine(source, List.of(), config).fit(new MixtureState(experts, gate));
    }
  }

  private static SparkSource spark(int partitions) {
    return SparkSource.fromDataset(Spark.frame(DATA.x(), DATA.y(), partitions),
        new SparkSource.Columns("features", "label", null, false), 64, 2,
        StorageLevel.MEMORY_AND_DISK());
  }

  private static InMemorySource memory() {
    return new InMemorySource(BlockBuilder.fromArrays(DATA.x(), DATA.y(), null, 64));
  }

  private static void assertSame(FitResult a, FitResult b, String what) {
    double tol = 1e-9;
    assertEquals(a.iterations(), b.iterations(), what + ": iterations");
    assertEquals(a.logLikelihood(), b.logLikelihood(), tol * Math.abs(a.logLikelihood()),
        what + ": log-likelihood");
    assertEquals(a.finalBound(), b.finalBound(), tol * Math.abs(a.finalBound()),
        what + ": bound");
    for (int e = 0; e < 3; e++) {
      double[] wa = LinearState.experts(a.state()).coefficients(e);
      double[] wb = LinearState.experts(b.state()).coefficients(e);
      for (int j = 0; j < wa.length; j++) {
        assertEquals(wa[j], wb[j], tol * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
      }
      assertEquals(LinearState.experts(a.state()).noiseVariances()[e],
          LinearState.experts(b.state()).noiseVariances()[e],
          tol * LinearState.experts(a.state()).noiseVariances()[e], what + ": noise " + e);
    }
  }

  @Test
  void dirichletGateAgreesAcrossPartitionsAndPaths() {
    FitResult mem = fit(memory(), new HyperModelDirichlet(new double[] {1, 1, 1}, false));
    for (int p : new int[] {1, 3, 8}) {
      FitResult s = fit(spark(p), new HyperModelDirichlet(new double[] {1, 1, 1}, false));
      assertSame(mem, s, p + " partitions");
    }
  }

  /**
   * The gate's distributed gradient aggregation: loss and gradient at fixed parameters agree
   * across partitionings to rounding. (A whole fit with a non-convex MLP gate amplifies rounding
   * differences through its optimiser's path, so fits are compared for the convex linear gate.)
   */
  @Test
  void mlpGateGradientAgreesAcrossPartitionsAndPaths() {
    NetworkGate gate = new NetworkGate(3, new int[] {4}, 3, 1);
    LinearExperts experts = new LinearExperts(3, 3, 1);
    for (int e = 0; e < 3; e++) {
      experts.setCoefficients(e, DATA.weights()[e]);
    }
    Pass pass = Pass.score(new MixtureState(experts, gate), false, 1, 1)
        .withGateParams(gate.parameters());
    int size = gate.parameters().length;
    GradientStats reference = memory().aggregate(pass, () -> new GradientStats(size, false),
        EStepKernel::addGateGradient);
    for (int p : new int[] {1, 3, 8}) {
      try (SparkSource source = spark(p)) {
        GradientStats g = source.aggregate(pass, () -> new GradientStats(size, false),
            EStepKernel::addGateGradient);
        assertEquals(reference.loss, g.loss, 1e-12 * Math.abs(reference.loss), p + ": loss");
        for (int i = 0; i < size; i++) {
          assertEquals(reference.gradient[i], g.gradient[i], 1e-10, p + ": gradient " + i);
        }
      }
    }
  }

  /**
   * Also the gate's own parameters: to 1e-9 under plain EM (the Newton M-step ends on a full
   * last step); accelerated, whose step length is a ratio of differences of nearby iterates and
   * so amplifies the rounding of the summation order, to 1e-8 (measured: 1.3e-9 after 25
   * iterations), with the fit's log-likelihood and experts still to 1e-9.
   */
  @Test
  void linearGateFitAgreesAcrossPartitionsAndPaths() {
    for (boolean accelerated : new boolean[] {false, true}) {
      double gateTol = accelerated ? 1e-8 : 1e-9;
      String how = accelerated ? "linear gate, accelerated, " : "linear gate, plain EM, ";
      FitResult mem = fit(memory(), new LinearGate(3, 3), 0, accelerated);
      FitResult one = fit(spark(1), new LinearGate(3, 3), 0, accelerated);
      for (int p : new int[] {1, 3}) {
        FitResult s = p == 1 ? one
            : fit(spark(p), new LinearGate(3, 3), 0, accelerated);
        assertSame(mem, s, how + p + " partitions");
        assertSameGate(one, s, how + "1 vs " + p + " partitions", gateTol);
        assertSameGate(mem, s, how + "memory vs " + p + " partitions", gateTol);
      }
    }
  }

  /**
   * Small Spark data fitted on the driver (the default localRows) give the fit of the
   * distributed path, for the Dirichlet gate, the linear gate and the sparse gate's per-row
   * state.
   */
  @Test
  void driverLocalFitEqualsTheDistributedFit() {
    assertSame(fit(spark(3), new HyperModelDirichlet(new double[] {1, 1, 1}, false)),
        fit(spark(3), new HyperModelDirichlet(new double[] {1, 1, 1}, false), 50_000),
        "Dirichlet gate, local vs distributed");
    FitResult distributed = fit(spark(3), new LinearGate(3, 3));
    FitResult local = fit(spark(3), new LinearGate(3, 3), 50_000);
    assertSame(distributed, local, "linear gate, local vs distributed");
    assertSameGate(distributed, local, "linear gate, local vs distributed", 1e-9);
    assertSame(fit(spark(8), new HyperModelGateSparsed(3)),
        fit(spark(8), new HyperModelGateSparsed(3), 50_000), "sparse, local vs distributed");
  }

  private static void assertSameGate(FitResult a, FitResult b, String what, double tol) {
    double[] ga = ((TrainedGate) a.state().gate()).parameters();
    double[] gb = ((TrainedGate) b.state().gate()).parameters();
    for (int j = 0; j < ga.length; j++) {
      assertEquals(ga[j], gb[j], tol * Math.max(1, Math.abs(ga[j])), what + ": gate " + j);
    }
  }

  /**
   * A whole fit with the ReLU network on a well-conditioned planted case: the gate's M-step on
   * the rows gathered by the E-step gives the same log-likelihood on 1 and 3 partitions.
   */
  @Test
  void mlpGateFitAgreesAcrossPartitions() {
    FitResult one = fit(spark(1), new NetworkGate(3, new int[] {4}, 3, Activation.RELU, 1));
    FitResult three = fit(spark(3), new NetworkGate(3, new int[] {4}, 3, Activation.RELU, 1));
    assertEquals(one.logLikelihood(), three.logLikelihood(),
        1e-6 * Math.abs(one.logLikelihood()), "log-likelihood, 1 vs 3 partitions");
  }

  @Test
  void sparseGateAgreesAcrossPaths() {
    FitResult mem = fit(memory(), new HyperModelGateSparsed(3));
    FitResult s = fit(spark(8), new HyperModelGateSparsed(3));
    assertSame(mem, s, "sparse, 8 partitions");
  }
}
