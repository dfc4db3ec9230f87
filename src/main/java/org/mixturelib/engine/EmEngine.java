package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.RowState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateUpdate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.Regularizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EM loop, in one place, for every front end. Per iteration: one pass aggregates the
 * E-step statistics at the current parameters (the bound is recorded), convergence is tested
 * on the change of the bound per unit of case weight, then the M-steps run on the driver: the
 * gate (closed form, or L-BFGS over aggregated gradients), the experts' posteriors and noise,
 * the evidence updates and the regularizers.
 *
 * <p>Symmetry is broken here: a random start fits each expert to its own small random subset
 * of rows (draws keyed by seed and row), and {@code numInit} random starts run a short EM
 * each, the best continuing to convergence.
 */
public final class EmEngine {
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);
  /** Rows per expert and parameter that a random start fits each expert to. */
  private static final double RANDOM_START_ROWS = 5;

  private final DataSource data;
  private final List<Regularizer> regularizers;
  private final EmConfig config;
  private final EmCheckpoint checkpoint;
  private final Set<String> warned = new HashSet<>();

  /**
   * @param data the rows
   * @param regularizers driver-side M-steps on the priors (may be empty)
   * @param config the settings
   */
  public EmEngine(DataSource data, List<Regularizer> regularizers, EmConfig config) {
    this.data = data;
    this.regularizers = List.copyOf(regularizers);
    this.config = config;
    this.checkpoint = EmCheckpoint.of(config);
  }

  /** Fits from {@code initial} (not modified) and returns the result. */
  public FitResult fit(MixtureState initial) {
    checkShapes(initial);
    if (data.numRows() < initial.k() && config.initMode() == InitMode.RANDOM) {
      throw new IllegalArgumentException("k = " + initial.k() + " components but only "
          + data.numRows() + " rows; need at least as many rows as components");
    }
    Run best;
    if (config.initMode() == InitMode.GIVEN) {
      best = new Run(initial.copy());
    } else if (config.numInit() == 1) {
      best = new Run(initial.copy());
      best.randomStart(0);
    } else {
      best = null;
      for (int r = 0; r < config.numInit(); r++) {
        Run run = new Run(initial.copy());
        run.randomStart(r);
        run.iterate(config.initIterations());
        LOG.info("start {} of {}: bound {} after {} iterations", r + 1, config.numInit(),
            run.lastBound(), run.iterations);
        if (best == null || run.lastBound() > best.lastBound()) {
          if (best != null) {
            best.releaseState();
          }
          best = run;
        } else {
          run.releaseState();
        }
      }
    }
    if (checkpoint != null && config.initMode() == InitMode.RANDOM && config.numInit() > 1) {
      checkpoint.write(best.state, best.iterations, best.history, config, data);
    }
    return complete(best);
  }

  /**
   * Continues the interrupted fit whose checkpoint is in {@link EmConfig#checkpointDir()}, with
   * this engine's settings (those of the interrupted fit, or a larger maxIter), and reaches the
   * model that the uninterrupted fit would have reached (see {@link EmCheckpoint}).
   *
   * @throws IllegalArgumentException when checkpointDir is not set, holds no checkpoint, or
   *     holds one of another fit
   */
  public FitResult resume() {
    if (checkpoint == null) {
      throw new IllegalArgumentException("resume needs checkpointDir to be set");
    }
    EmCheckpoint.Snapshot s = checkpoint.read(config, data).orElseThrow(() ->
        new IllegalArgumentException("checkpointDir '" + checkpoint.file().getParent()
            + "' holds no checkpoint (" + EmCheckpoint.FILE_NAME + ") to resume from"));
    return complete(restore(s));
  }

  /**
   * Resumes from the checkpoint in {@link EmConfig#checkpointDir()} when there is one, fits
   * from {@code initial} otherwise: run the same call again after an interruption.
   */
  public FitResult fitOrResume(MixtureState initial) {
    if (checkpoint != null) {
      java.util.Optional<EmCheckpoint.Snapshot> s = checkpoint.read(config, data);
      if (s.isPresent()) {
        return complete(restore(s.get()));
      }
    }
    return fit(initial);
  }

  private Run restore(EmCheckpoint.Snapshot s) {
    checkShapes(s.state());
    if (s.state().gate().needsRowState()) {
      LOG.warn("the gate's per-row posteriors are not in the checkpoint; they restart from the"
          + " prior, so the resumed fit approaches, but does not repeat, the interrupted one");
    }
    Run run = new Run(s.state());
    run.iterations = s.iterations();
    for (double b : s.history()) {
      run.history.add(b);
    }
    LOG.info("resuming from the checkpoint of iteration {}", s.iterations());
    return run;
  }

  /** Runs the continuing run to convergence or maxIter, checkpointing on the way. */
  private FitResult complete(Run run) {
    run.checkpointed = true;
    if (!run.converged) {
      run.iterate(config.maxIter() - run.iterations);
    }
    FitResult result = run.finish();
    if (checkpoint != null) {
      checkpoint.clear();
    }
    return result;
  }

  /**
   * Step-by-step access (0.4's {@code E_step} / {@code M_step}) on {@code state}, which the
   * steps update in place.
   */
  public Stepper stepper(MixtureState state) {
    checkShapes(state);
    return new Stepper(new Run(state));
  }

  /** Runs E-steps and M-steps one at a time on one set of parameters. */
  public final class Stepper {
    private final Run run;
    private EStepStats stats;
    private Pass pass;

    private Stepper(Run run) {
      this.run = run;
    }

    /** The E-step at the current parameters; returns the bound. */
    public double eStep() {
      pass = Pass.score(run.state, config.modelType() == ModelType.SAMPLE, config.seed(),
          run.iterations + 1L);
      stats = run.eStep(pass);
      return run.bound(stats);
    }

    /** The M-steps from the statistics of the last E-step. */
    public void mStep() {
      if (stats == null) {
        throw new IllegalStateException("call eStep before mStep");
      }
      run.mStep(stats, pass);
      run.iterations++;
      stats = null;
    }
  }

  /**
   * The plug-in log-likelihood {@code Σ_i w_i log Σ_k pi_k(x_i) p(y_i | x_i, W_k)} of this
   * engine's rows at {@code state} (not modified), in one pass. Rows are scored as new objects:
   * a per-object gate gives them its population weights.
   */
  public double logLikelihood(MixtureState state) {
    checkShapes(state);
    int k = state.k();
    int stride = state.experts().statisticsStride();
    return data.aggregate(Pass.plugIn(state), () -> new EStepStats(k, stride),
        (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc)).logSum;
  }

  private void checkShapes(MixtureState s) {
    LinearExperts e = s.experts();
    if (e.numFeatures() != data.numFeatures()) {
      throw new IllegalArgumentException("the local models expect " + e.numFeatures()
          + " features but the data has " + data.numFeatures());
    }
    if (e.numOutputs() != data.numOutputs()) {
      throw new IllegalArgumentException("the local models expect " + e.numOutputs()
          + " outputs but the data has " + data.numOutputs());
    }
  }

  /** One EM run: its parameters, per-row state and history. */
  private final class Run {
    final MixtureState state;
    final List<Double> history = new ArrayList<>();
    /** A copy of the parameters of the last iteration whose bound was finite, or null. */
    MixtureState lastGood;
    RowState rowState;
    int statefulPasses;
    EStepStats last;
    int iterations;
    boolean converged;
    boolean checkpointed;

    Run(MixtureState state) {
      this.state = state;
    }

    double lastBound() {
      return history.isEmpty() ? Double.NEGATIVE_INFINITY : history.get(history.size() - 1);
    }

    /**
     * Random start: each expert is fitted to its own small random subset of rows (about
     * {@code RANDOM_START_ROWS} per expert and parameter), so that the experts start apart; the
     * gate keeps its initial state and learns from the first real responsibilities.
     * Spreading random responsibilities over all rows would start every expert at the pooled
     * fit, a saddle that a large N makes hard to leave.
     */
    void randomStart(int restart) {
      double perExpert = RANDOM_START_ROWS * (data.numFeatures() + 1.0);
      double keep = Math.min(1.0, perExpert * state.k() / data.numRows());
      Pass pass = Pass.random(state, config.seed(), -1L - restart, keep);
      EStepStats stats = eStep(pass);
      try {
        state.experts().mStep(stats.experts, stats.expertWeights);
      } catch (ArithmeticException e) {
        throw failure("random start " + (restart + 1) + " failed: " + e.getMessage(), e);
      }
      if (!isFinite(state)) {
        throw failure("random start " + (restart + 1) + " produced non-finite parameters (noise"
            + " variances " + Arrays.toString(state.experts().noiseVariances()) + "); check the"
            + " data for extreme values (beyond about 1e150 their squares overflow)", null);
      }
    }

    /** One E-step pass; a numerical failure inside it stops the fit (see {@link #failure}). */
    EStepStats eStep(Pass pass) {
      try {
        return eStepPass(pass);
      } catch (ArithmeticException e) {
        throw failure("the E-step after " + iterations + " EM iterations failed: "
            + e.getMessage(), e);
      }
    }

    private EStepStats eStepPass(Pass pass) {
      int k = state.k();
      int stride = state.experts().statisticsStride();
      if (state.gate().needsRowState()) {
        statefulPasses++;
        int interval = config.checkpointInterval();
        DataSource.Stateful<EStepStats> out = data.aggregateWithState(pass,
            () -> new EStepStats(k, stride), EStepKernel::addEStep, rowState,
            interval > 0 && statefulPasses % interval == 0);
        releaseState();
        rowState = out.state();
        return out.stats();
      }
      return data.aggregate(pass, () -> new EStepStats(k, stride),
          (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc));
    }

    double bound(EStepStats stats) {
      double b = stats.logSum + state.experts().boundTerm() + state.gate().boundTerm();
      for (Regularizer r : regularizers) {
        b += r.boundTerm(state.experts());
      }
      return b;
    }

    /** Runs up to {@code count} iterations, stopping early on convergence. */
    void iterate(int count) {
      double weight = data.totalWeight();
      for (int t = 0; t < count && !converged; t++) {
        long start = System.nanoTime();
        Pass pass = Pass.score(state, config.modelType() == ModelType.SAMPLE, config.seed(),
            iterations + 1L);
        EStepStats stats = eStep(pass);
        double bound;
        try {
          bound = bound(stats);
        } catch (ArithmeticException e) {
          throw failure("the bound of EM iteration " + (iterations + 1) + " failed: "
              + e.getMessage(), e);
        }
        if (!Double.isFinite(bound)) {
          throw failure("EM iteration " + (iterations + 1) + " gave the bound " + bound, null);
        }
        if (history.isEmpty()) {
          reportCollinearity(stats);
        }
        last = stats;
        double previous = lastBound();
        history.add(bound);
        double change = (bound - previous) / weight;
        if (!history.isEmpty() && history.size() > 1 && Math.abs(change) <= config.tol()) {
          converged = true;
          LOG.info("iteration {}: bound {} (change per unit weight {}), converged", iterations,
              bound, change);
          break;
        }
        if (history.size() > 1 && config.modelType() == ModelType.DEFAULT
            && change < -1e-9 * Math.abs(previous) / weight) {
          LOG.warn("iteration {}: the bound decreased by {} per unit weight", iterations,
              -change);
        }
        lastGood = state.copy();
        try {
          mStep(stats, pass);
        } catch (ArithmeticException e) {
          throw failure("the M-step of EM iteration " + (iterations + 1) + " failed: "
              + e.getMessage(), e);
        }
        iterations++;
        if (!isFinite(state)) {
          throw failure("EM iteration " + iterations + " produced non-finite parameters (bound"
              + " before it: " + bound + ")", null);
        }
        LOG.info("iteration {}: bound {} (change per unit weight {}), {} s", iterations, bound,
            history.size() > 1 ? change : Double.NaN, (System.nanoTime() - start) / 1e9);
        if (checkpointed && checkpoint != null) {
          checkpoint.afterIteration(state, iterations, history, config, data);
        }
      }
    }

    void mStep(EStepStats stats, Pass pass) {
      Gate gate = state.gate();
      gate.mStep(new EngineGateUpdate(stats, pass));
      LinearExperts experts = state.experts();
      experts.mStep(stats.experts, stats.expertWeights);
      experts.updatePriorMeans();
      for (Regularizer r : regularizers) {
        r.mStep(experts);
      }
      experts.updatePriorCovariances();
      reportNotes();
    }

    /**
     * Warns (once per fit) about feature columns that depend on the columns before them, and
     * about outputs that are an exact linear function of the features.
     */
    void reportCollinearity(EStepStats stats) {
      int d = data.numFeatures();
      int[] dependent = state.experts().dependentColumns(stats.experts);
      int[] features = Arrays.stream(dependent).filter(c -> c < d).toArray();
      int[] outputs = Arrays.stream(dependent).filter(c -> c >= d).map(c -> c - d).toArray();
      if (features.length > 0) {
        warnOnce("feature columns " + Arrays.toString(features) + " (0-based) are linear"
            + " combinations of the columns before them (constant, duplicated or dependent"
            + " columns): their coefficients are not identifiable; the fit goes on, kept"
            + " defined by the experts' priors or a ridge");
      }
      if (outputs.length > 0) {
        warnOnce("outputs " + Arrays.toString(outputs) + " (0-based) are an exact linear"
            + " function of the features (all labels equal, for instance): one expert fits"
            + " them without error and the noise variance collapses to its floor");
      }
    }

    private void warnOnce(String note) {
      if (warned.add(note)) {
        LOG.warn(note);
      }
    }

    /** Logs each numerical condition the experts met, once per fit. */
    void reportNotes() {
      for (String note : state.experts().takeNotes()) {
        warnOnce(note);
      }
    }

    /** The failure of an iteration, keeping the last parameters whose bound was finite. */
    NumericalFailureException failure(String what, ArithmeticException cause) {
      releaseState();
      NumericalFailureException e = new NumericalFailureException(what + (lastGood == null
          ? "; no iteration had completed, so there are no good parameters to keep"
          : "; the parameters of the last good iteration are kept"), lastGood);
      if (cause != null) {
        e.initCause(cause);
      }
      return e;
    }

    FitResult finish() {
      if (!converged) {
        LOG.warn("EM stopped at maxIter = {} before the change of the bound fell below tol = {}"
            + "; the result is flagged converged = false", config.maxIter(), config.tol());
        Pass pass = Pass.score(state, false, config.seed(), iterations + 1L);
        last = eStep(pass);
        history.add(bound(last));
      }
      double logLik = last.logSum;
      double entropy = last.entropy;
      if (isVariational(state)) {
        int k = state.k();
        int stride = state.experts().statisticsStride();
        Pass pass = Pass.plugIn(state);
        EStepStats plug;
        if (state.gate().needsRowState()) {
          DataSource.Stateful<EStepStats> out = data.aggregateWithState(pass,
              () -> new EStepStats(k, stride), EStepKernel::addEStep, rowState, false);
          out.state().release();
          plug = out.stats();
        } else {
          plug = data.aggregate(pass, () -> new EStepStats(k, stride),
              (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc));
        }
        logLik = plug.logSum;
      }
      releaseState();
      reportNotes();
      double[] bounds = history.stream().mapToDouble(Double::doubleValue).toArray();
      int params = state.experts().numFreeParameters() + state.gate().numFreeParameters();
      LOG.info("EM finished: {} iterations, converged = {}, log-likelihood {}", iterations,
          converged, logLik);
      return new FitResult(state, bounds, iterations, converged, logLik, entropy,
          last.counts.clone(), last.hardCounts.clone(), last.weight, data.numRows(), params);
    }

    void releaseState() {
      if (rowState != null) {
        rowState.release();
        rowState = null;
      }
    }
  }

  private static boolean isVariational(MixtureState s) {
    for (int e = 0; e < s.k(); e++) {
      if (s.experts().hasPrior(e)) {
        return true;
      }
    }
    Gate g = s.gate();
    return g.boundTerm() != 0 || g.needsRowState();
  }

  private static boolean isFinite(MixtureState s) {
    if (!s.experts().isFinite()) {
      return false;
    }
    if (s.gate().gradientTrained()) {
      return Arrays.stream(s.gate().parameters()).allMatch(Double::isFinite);
    }
    return true;
  }

  /** The gate's view of one M-step. */
  private final class EngineGateUpdate implements GateUpdate {
    private final EStepStats stats;
    private final Pass pass;

    EngineGateUpdate(EStepStats stats, Pass pass) {
      this.stats = stats;
      this.pass = pass;
    }

    @Override
    public double[] counts() {
      return stats.counts.clone();
    }

    @Override
    public double totalWeight() {
      return stats.weight;
    }

    @Override
    public double lossAndGradient(double[] params, double[] gradient) {
      int size = params.length;
      GradientStats g = data.aggregate(pass.withGateParams(params.clone()),
          () -> new GradientStats(size), EStepKernel::addGateGradient);
      System.arraycopy(g.gradient, 0, gradient, 0, size);
      return g.loss;
    }

    @Override
    public int maxIterations() {
      return config.gateMaxIter();
    }

    @Override
    public double tolerance() {
      return config.gateTol();
    }
  }
}
