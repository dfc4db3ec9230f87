package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.RegularizeModel;
import org.mixturelib.regularizers.Regularizer;
import org.mixturelib.support.InterceptedSource;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;

/**
 * Driver-side checkpoints: a fit interrupted after iteration 5 (the driver "dies" in the
 * E-step of a later iteration) and resumed from its checkpoint ends with exactly the model,
 * bound history and figures of the uninterrupted fit; the checkpoint is one file, replaced
 * atomically, removed when the fit finishes, and refused when it belongs to another fit.
 */
class EmCheckpointTest {
  private static final Planted.Data DATA =
      Planted.experts(400, 2, 3, 2.0, 0.6, false, new double[] {0.5, 0.3, 0.2}, 8);

  @TempDir
  Path dir;

  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(int pass) {
      super("simulated crash in pass " + pass);
    }
  }

  /**
   * Two short starts of three iterations, then the checkpointed run (the small-data rule, which
   * runs every start to convergence on fewer than 2,000 rows, is off: the continuing run is
   * what a checkpoint protects).
   */
  private EmConfig config(Path where) {
    return new EmConfig().numInit(2).initIterations(3).maxIter(60).tol(1e-9).seed(17)
        .smallDataRows(0).checkpointDir(where.toString()).checkpointInterval(5);
  }

  private static DataSource data() {
    return InMemorySource.of(DATA.x(), DATA.y(), null);
  }

  /**
   * A pass hook that "kills the driver" a few passes after the checkpoint of iteration 5
   * appeared (in the E-step of iteration 8 with a closed-form gate, inside an M-step's gradient
   * passes with the softmax gate). Before it, checkpoints were written at iteration 3 (the end
   * of the two random starts) and 5.
   */
  private static java.util.function.IntConsumer crashAfterIteration5(Path where) {
    return crashAfter(where, 5, 3);
  }

  /** Crashes in the {@code passes}-th pass after the checkpoint of {@code iteration}. */
  private static java.util.function.IntConsumer crashAfter(Path where, int iteration,
      int passes) {
    int[] seen = {0};
    return pass -> {
      if (checkpointIteration(where) == iteration && ++seen[0] == passes) {
        throw new Crash(pass);
      }
    };
  }

  /** The iteration of the checkpoint in {@code where}, or -1. */
  private static int checkpointIteration(Path where) {
    Path file = where.resolve(EmCheckpoint.FILE_NAME);
    if (!Files.exists(file)) {
      return -1;
    }
    return EmCheckpoint.decode(file).position().iterations();
  }

  private void assertResumeRepeatsFit(Supplier<MixtureState> initial,
      List<Regularizer> regs) throws IOException {
    assertResumeRepeatsFit(initial, regs, true);
  }

  private void assertResumeRepeatsFit(Supplier<MixtureState> initial,
      List<Regularizer> regs, boolean accelerated) throws IOException {
    Path whole = Files.createDirectories(dir.resolve("whole"));
    FitResult uninterrupted = new EmEngine(data(), regs, config(whole)
        .acceleration(accelerated)).fit(initial.get());
    assertTrue(uninterrupted.iterations() > 10, "too short a fit to interrupt: "
        + uninterrupted.iterations());
    assertFalse(Files.exists(whole.resolve(EmCheckpoint.FILE_NAME)),
        "a finished fit removes its checkpoint");

    Path cut = Files.createDirectories(dir.resolve("cut"));
    DataSource crashing = new InterceptedSource(data(), crashAfterIteration5(cut));
    assertThrows(Crash.class, () -> new EmEngine(crashing, regs, config(cut)
        .acceleration(accelerated)).fit(initial.get()));
    assertEquals(5, checkpointIteration(cut));
    try (Stream<Path> files = Files.list(cut)) {
      assertEquals(List.of(cut.resolve(EmCheckpoint.FILE_NAME)), files.toList(),
          "one checkpoint file and no temporary file");
    }

    FitResult resumed = new EmEngine(data(), regs, config(cut).acceleration(accelerated))
        .resume(initial.get());
    assertEquals(uninterrupted.iterations(), resumed.iterations());
    assertEquals(uninterrupted.converged(), resumed.converged());
    assertArrayEquals(uninterrupted.boundHistory(), resumed.boundHistory());
    assertEquals(uninterrupted.logLikelihood(), resumed.logLikelihood());
    assertArrayEquals(uninterrupted.componentWeights(), resumed.componentWeights());
    LinearExperts a = LinearState.experts(uninterrupted.state());
    LinearExperts b = LinearState.experts(resumed.state());
    for (int e = 0; e < a.numExperts(); e++) {
      assertArrayEquals(a.coefficients(e), b.coefficients(e), "expert " + e);
      assertArrayEquals(a.covariance(e), b.covariance(e), "covariance " + e);
    }
    assertArrayEquals(a.noiseVariances(), b.noiseVariances());
    assertFalse(Files.exists(cut.resolve(EmCheckpoint.FILE_NAME)),
        "a finished resumed fit removes its checkpoint");
  }

  @Test
  void maximumLikelihoodExpertsWithDirichletWeights() throws IOException {
    assertResumeRepeatsFit(() -> new MixtureState(new LinearExperts(3, 2, 1),
        new HyperModelDirichlet(new double[] {1, 1, 1}, false)), List.of());
  }

  @Test
  void bayesianExpertsWithEvidenceUpdatesAndRegularizer() throws IOException {
    assertResumeRepeatsFit(() -> {
      LinearExperts experts = new LinearExperts(3, 2, 1);
      for (int e = 0; e < 3; e++) {
        experts.setPrior(e, new double[] {4, 0, 0, 4}, true, new double[] {0, 0});
      }
      experts.setUpdatePriorMeans(true);
      experts.setUpdatePriorCovariances(true);
      return new MixtureState(experts, new HyperModelDirichlet(3));
    }, List.of(new RegularizeModel(new int[] {0, 1, 2}, new double[] {2.0})));
  }

  /**
   * Gamma experts resume exactly too: their shapes, covariances and step-halving state are in
   * their own record of the fit in progress ({@code Resumable}), beside their parameters.
   */
  @Test
  void gammaExpertsResumeWithTheirStepState() throws IOException {
    double[][] y = new double[DATA.y().length][1];
    for (int i = 0; i < y.length; i++) {
      y[i][0] = Math.exp(0.3 * DATA.y()[i][0]);
    }
    DataSource rows = InMemorySource.of(DATA.x(), y, null);
    Supplier<MixtureState> initial = () -> new MixtureState(new GlmExperts(GlmFamily.GAMMA, 3,
        2), new HyperModelDirichlet(new double[] {1, 1, 1}, false));
    Path whole = Files.createDirectories(dir.resolve("whole"));
    FitResult uninterrupted = new EmEngine(rows, List.of(), config(whole)).fit(initial.get());
    assertTrue(uninterrupted.iterations() > 10, "too short a fit to interrupt: "
        + uninterrupted.iterations());
    Path cut = Files.createDirectories(dir.resolve("cut"));
    assertThrows(Crash.class, () -> new EmEngine(new InterceptedSource(rows,
        crashAfterIteration5(cut)), List.of(), config(cut)).fit(initial.get()));
    assertEquals(5, checkpointIteration(cut));
    FitResult resumed = new EmEngine(rows, List.of(), config(cut)).resume(initial.get());
    assertEquals(uninterrupted.iterations(), resumed.iterations());
    assertArrayEquals(uninterrupted.boundHistory(), resumed.boundHistory());
    GlmExperts a = (GlmExperts) uninterrupted.state().experts();
    GlmExperts b = (GlmExperts) resumed.state().experts();
    for (int e = 0; e < 3; e++) {
      assertArrayEquals(a.coefficients(e), b.coefficients(e), "expert " + e);
    }
    assertArrayEquals(a.dispersions(), b.dispersions());
  }

  /**
   * Plain EM: accelerated, this fit converges in 9 iterations, too few to interrupt after the
   * checkpoint of iteration 5 (the accelerated resume is checked in the next test).
   */
  @Test
  void linearSoftmaxGate() throws IOException {
    assertResumeRepeatsFit(() -> new MixtureState(new LinearExperts(3, 2, 1),
        new LinearGate(2, 3)), List.of(), false);
  }

  /**
   * Accelerated EM (SQUAREM) interrupted after the checkpoint of each iteration in turn, so at
   * every phase of its cycle (after a cycle's first M-step, with an extrapolated point awaiting
   * its E-step, after a fall-back), with the linear gate and with Dirichlet weights: the resumed
   * fit repeats the uninterrupted one exactly.
   */
  @Test
  void acceleratedFitResumedAtEveryPhaseOfItsCycle() throws IOException {
    List<Supplier<MixtureState>> models = List.of(
        () -> new MixtureState(new LinearExperts(3, 2, 1), new LinearGate(2, 3)),
        () -> new MixtureState(new LinearExperts(3, 2, 1),
            new HyperModelDirichlet(new double[] {1, 1, 1}, false)));
    for (int m = 0; m < models.size(); m++) {
      Supplier<MixtureState> initial = models.get(m);
      Path whole = Files.createDirectories(dir.resolve("whole" + m));
      FitResult uninterrupted = new EmEngine(data(), List.of(), config(whole)
          .checkpointInterval(1).perturbations(0)).fit(initial.get());
      assertTrue(uninterrupted.iterations() >= 8, "too short: " + uninterrupted.iterations());
      for (int at = 4; at < uninterrupted.iterations() - 1; at++) {
        Path cut = Files.createDirectories(dir.resolve("cut" + m + "-" + at));
        EmConfig cutConfig = config(cut).checkpointInterval(1).perturbations(0);
        DataSource crashing = new InterceptedSource(data(), crashAfter(cut, at, 1));
        assertThrows(Crash.class, () -> new EmEngine(crashing, List.of(), cutConfig)
            .fit(initial.get()));
        FitResult resumed = new EmEngine(data(), List.of(), cutConfig).resume(initial.get());
        assertEquals(uninterrupted.iterations(), resumed.iterations(), "resumed at " + at);
        assertArrayEquals(uninterrupted.boundHistory(), resumed.boundHistory(),
            "resumed at " + at);
        assertArrayEquals(LinearState.experts(uninterrupted.state()).noiseVariances(),
            LinearState.experts(resumed.state()).noiseVariances(), "resumed at " + at);
      }
    }
  }

  /**
   * Interrupted in an E-step whose change of the bound is already at tol while the
   * uninterrupted fit went on (Aitken's estimate of the gain to come, from the previous change,
   * was above tol): the resumed fit's convergence test decides exactly as the uninterrupted one
   * did. The tol is chosen from a reference fit's history so that this iteration exists.
   */
  @Test
  void resumedWhereOnlyThePreviousChangeHoldsConvergenceBack() throws IOException {
    Supplier<MixtureState> initial = () -> new MixtureState(new LinearExperts(3, 2, 1),
        new HyperModelDirichlet(new double[] {1, 1, 1}, false));
    double weight = data().totalWeight();
    double[] h = new EmEngine(data(), List.of(), new EmConfig().numInit(2).initIterations(3)
        .smallDataRows(0).seed(17).tol(1e-12).maxIter(60).perturbations(0)).fit(initial.get()).boundHistory();
    int held = -1;
    double smallest = Double.POSITIVE_INFINITY;
    for (int j = 2; j < h.length - 1 && held < 0; j++) {
      // after the random starts' three iterations, where checkpoints begin
      double change = (h[j] - h[j - 1]) / weight;
      double before = (h[j - 1] - h[j - 2]) / weight;
      if (j > 3 && change > 0 && change < smallest && before > 0 && change / before > 0.6) {
        held = j;
      }
      smallest = Math.min(smallest, Math.abs(change));
    }
    assertTrue(held > 0, "no slowly converging iteration: " + java.util.Arrays.toString(h));
    double tol = (h[held] - h[held - 1]) / weight;
    Path whole = Files.createDirectories(dir.resolve("whole"));
    FitResult uninterrupted = new EmEngine(data(), List.of(), config(whole).tol(tol)
        .maxIter(60).perturbations(0)).fit(initial.get());
    assertTrue(uninterrupted.iterations() > held, "the fit went on past iteration " + held);
    Path cut = Files.createDirectories(dir.resolve("cut"));
    EmConfig cutConfig = config(cut).tol(tol).maxIter(60).checkpointInterval(1)
        .perturbations(0);
    DataSource crashing = new InterceptedSource(data(), crashAfter(cut, held, 1));
    assertThrows(Crash.class, () -> new EmEngine(crashing, List.of(), cutConfig)
        .fit(initial.get()));
    FitResult resumed = new EmEngine(data(), List.of(), cutConfig).resume(initial.get());
    assertEquals(uninterrupted.iterations(), resumed.iterations());
    assertArrayEquals(uninterrupted.boundHistory(), resumed.boundHistory());
  }

  @Test
  void fitOrResumeStartsAfreshWithoutCheckpointAndResumesWithOne() {
    MixtureState initial = new MixtureState(new LinearExperts(3, 2, 1),
        new HyperModelDirichlet(new double[] {1, 1, 1}, false));
    FitResult fresh = new EmEngine(data(), List.of(), config(dir)).fitOrResume(initial);
    DataSource crashing = new InterceptedSource(data(), crashAfterIteration5(dir));
    assertThrows(Crash.class, () -> new EmEngine(crashing, List.of(), config(dir))
        .fitOrResume(initial));
    FitResult again = new EmEngine(data(), List.of(), config(dir)).fitOrResume(initial);
    assertArrayEquals(fresh.boundHistory(), again.boundHistory());
  }

  @Test
  void refusesAMissingCheckpointOrOneOfAnotherFit() {
    MixtureState initial = new MixtureState(new LinearExperts(3, 2, 1), new HyperModelDirichlet(3));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new EmEngine(data(), List.of(), config(dir)).resume(initial));
    assertTrue(none.getMessage().contains("checkpointDir"), none.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new EmEngine(data(), List.of(), new EmConfig()).resume(initial)).getMessage()
        .contains("checkpointDir"));

    DataSource crashing = new InterceptedSource(data(), crashAfterIteration5(dir));
    assertThrows(Crash.class, () -> new EmEngine(crashing, List.of(), config(dir))
        .fit(initial));
    double[][] fewer = java.util.Arrays.copyOf(DATA.x(), 300);
    double[][] fewerY = java.util.Arrays.copyOf(DATA.y(), 300);
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> new EmEngine(InMemorySource.of(fewer, fewerY, null), List.of(), config(dir))
            .resume(initial));
    assertTrue(other.getMessage().contains("checkpointDir")
        && other.getMessage().contains("300"), other.getMessage());
    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
        () -> new EmEngine(data(), List.of(), config(dir).seed(18)).resume(initial));
    assertTrue(seed.getMessage().contains("seed"), seed.getMessage());
  }
}
