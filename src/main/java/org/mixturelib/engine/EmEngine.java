package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mixturelib.data.ColumnSummary;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.RowState;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.init.KMeans;
import org.mixturelib.engine.init.RandomStart;
import org.mixturelib.engine.init.StartRule;
import org.mixturelib.engine.init.YBinStart;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.ResizableGate;
import org.mixturelib.hypermodels.RestartableGate;
import org.mixturelib.hypermodels.RowStateGate;
import org.mixturelib.hypermodels.StandInGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.BayesianExperts;
import org.mixturelib.localmodels.ColumnDependence;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseFloor;
import org.mixturelib.localmodels.StepHalving;
import org.mixturelib.localmodels.NoiseRatio;
import org.mixturelib.regularizers.Regularizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EM loop, in one place, for every front end. Per iteration: one pass aggregates the
 * E-step statistics at the current parameters (the bound is recorded), convergence is tested
 * on the change of the bound per unit of case weight, then the M-steps run on the driver: the
 * gate (closed form, Newton or L-BFGS over aggregated passes), the experts' M-step (for
 * Gaussian experts their posteriors and noise), the evidence updates and the regularizers.
 * Experts whose M-step is a step that may overshoot ({@code StepHalving}, e.g. one IRLS step
 * of GLM experts) have it halved, and the pass scored again, when the bound fell.
 *
 * <p>A fit first summarises the columns (one pass: the noise variance floor is set relative to
 * the variance of the answers, constant columns are found for the parameter count). Symmetry is
 * broken here: {@code numInit} starts ({@link InitMode}: k-means on {@code [x, y]}, or each
 * expert fitted to its own small random subset of rows, draws keyed by seed and row) run a short
 * EM each and the best continues to convergence; a component whose share falls below {@code
 * minPrior} is re-seeded or removed; a converged fit is perturbed and continued (two nearly
 * identical experts split off a saddle, see {@link ComponentSplits}; a linear gate restarted
 * from uniform weights), the better fit being kept.
 */
public final class EmEngine {
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);
  /** The short-run tolerance of a run that goes on to convergence: none. */
  private static final double FULL_RUN = -1;
  /** The most starts on small data. */
  public static final int MAX_STARTS = 100;

  private final DataSource data;
  private final List<Regularizer> regularizers;
  private final EmConfig config;
  private final EmCheckpoint checkpoint;
  private final Set<String> warned = new HashSet<>();
  private EmListener listener = p -> {};

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

  /**
   * Sets the listener that receives every iteration of every run (the engine also logs each
   * one as a short line at DEBUG); returns this.
   */
  public EmEngine listener(EmListener l) {
    listener = java.util.Objects.requireNonNull(l, "listener");
    return this;
  }

  /** Fits from {@code initial} (not modified) and returns the result. */
  public FitResult fit(MixtureState initial) {
    EmEngine local = onDriver();
    if (local != this) {
      return local.fit(initial);
    }
    checkShapes(initial);
    if (checkpoint != null) {
      checkpoint.startsFrom(initial);
    }
    if (data.numRows() < initial.k() && config.initMode() != InitMode.GIVEN) {
      throw new IllegalArgumentException("k = " + initial.k() + " components but only "
          + data.numRows() + " rows; need at least as many rows as components");
    }
    ColumnSummary summary = ColumnSummary.of(data);
    MixtureState start = initial.copy();
    double floor = config.varianceFloor() * summary.outputVariance();
    // an overflowing label is named by the first E-step instead
    if (start.experts() instanceof NoiseFloor experts && Double.isFinite(floor)) {
      experts.setVarianceFloor(Math.max(experts.varianceFloor(), floor));
    }
    if (start.experts() instanceof NoiseRatio experts) {
      experts.setMaxVarianceRatio(Math.min(experts.maxVarianceRatio(),
          config.maxVarianceRatio()));
    }
    Run best = config.initMode() == InitMode.GIVEN ? new Run(start) : bestStart(start, summary);
    if (checkpoint != null && config.initMode() != InitMode.GIVEN && config.numInit() > 1) {
      checkpoint.write(best.state, best.position(), config, data);
    }
    return complete(best, summary);
  }

  /**
   * This engine, or, when its rows are on Spark and number at most {@code localRows}, an
   * engine over all of them collected on the driver in the order of their global index (the
   * rows of {@link StartSample}; grouped rows as their blocks, each holding whole groups).
   */
  private EmEngine onDriver() {
    long n = data.numRows();
    if (!(data instanceof SparkSource) || n > config.localRows()) {
      return this;
    }
    DataSource rows = StartSample.of(data, config.localRows(), config.seed());
    if (rows == data) {
      return this;
    }
    LOG.debug("the fit runs on the driver: {} rows, at most localRows = {}", n,
        config.localRows());
    return new EmEngine(rows, regularizers, config).listener(listener);
  }

  /**
   * Runs the starts and returns the run that continues; with several starts and a gate that
   * has a stand-in for them ({@link StandInGate}), the starts run with the stand-in.
   */
  private Run bestStart(MixtureState start, ColumnSummary summary) {
    Gate standIn = numStarts(start.k()) > 1 && start.gate() instanceof StandInGate g
        ? g.startStandIn() : null;
    if (standIn != null) {
      return withGate(bestStartOf(new MixtureState(start.experts().copy(), standIn), summary),
          start, summary);
    }
    return bestStartOf(start, summary);
  }

  /**
   * A fresh run of the best start's experts with {@code start}'s own gate (the starts ran with
   * its stand-in, see {@link StandInGate}), which its first M-step trains on their
   * responsibilities; when the starts removed a component, the starts run again with the gate.
   */
  private Run withGate(Run best, MixtureState start, ColumnSummary summary) {
    if (best.state.k() != start.k()) {
      LOG.debug("the best start has {} of {} components; the starts run again with the gate",
          best.state.k(), start.k());
      return bestStartOf(start, summary);
    }
    return new Run(new MixtureState(best.state.experts(), start.gate().copy()));
  }

  /**
   * Runs the starts of {@code start} and returns the run that continues: with several starts,
   * on the rows of {@link StartSample} (all rows, in memory, on small data) unless the gate keeps
   * a per-row state; the best start's parameters then continue on all rows.
   */
  private Run bestStartOf(MixtureState start, ColumnSummary summary) {
    if (numStarts(start.k()) == 1 || start.gate() instanceof RowStateGate) {
      return startsOnThese(start, summary);
    }
    DataSource rows = StartSample.of(data, config.startRows(), config.seed());
    if (rows == data) {
      return startsOnThese(start, summary);
    }
    LOG.debug("the starts run on {} of the {} rows, in memory", rows.numRows(), data.numRows());
    Run best = new EmEngine(rows, regularizers, config).listener(listener)
        .startsOnThese(start, ColumnSummary.of(rows));
    if (rows.numRows() < data.numRows()) {
      return new Run(best.state).continuing(best);
    }
    // all rows: the run goes on from where it is, as if it had run on this source
    Run run = resumeAt(best.state, best.position()).continuing(best);
    run.converged = best.converged;
    run.last = best.last;
    run.lastGood = best.lastGood;
    return run;
  }

  /** Runs the starts on this engine's rows (a short EM each when there are several). */
  private Run startsOnThese(MixtureState start, ColumnSummary summary) {
    int starts = numStarts(start.k());
    Run best = null;
    for (int r = 0; r < starts; r++) {
      Run run = new Run(start.copy());
      run.startIndex = r + 1;
      run.starts = starts;
      StartRule rule;
      try {
        rule = startRule(r, start.k(), summary);
        run.start(rule);
        if (starts == 1) {
          return run;
        }
        run.phase = EmProgress.Phase.START;
        if (starts > config.numInit()) {
          // small data: every start runs to convergence, as cheap as a short run on many rows
          run.iterate(config.maxIter(), FULL_RUN);
        } else {
          run.iterate(config.initIterations(), config.initTol());
        }
      } catch (NumericalFailureException e) {
        if (r < config.numInit()) {
          throw e;
        }
        // an extra small-data start on a handful of rows may be degenerate: the others count
        LOG.debug("start {} of {} failed and is skipped: {}", r + 1, starts, e.getMessage());
        continue;
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug(String.format(java.util.Locale.ROOT,
            "start %d of %d (%s): bound %.3f after %d iterations (%d passes)%s", r + 1, starts,
            rule.getClass().getSimpleName(), run.lastBound(),
            run.iterations, run.passes, better(run, best) ? ", the best so far" : ""));
      }
      if (better(run, best)) {
        if (best != null) {
          best.releaseState();
        }
        best = run;
      } else {
        run.releaseState();
      }
    }
    best.phase = EmProgress.Phase.FIT;
    return best;
  }

  /**
   * Whether {@code run} ends higher than {@code best} (or there is no best yet) beyond rounding,
   * so that starts that reach the same optimum keep the first of them whatever the partitioning.
   */
  private static boolean better(Run run, Run best) {
    return best == null
        || run.lastBound() > best.lastBound() + 1e-9 * Math.abs(best.lastBound());
  }

  private int numStarts(int k) {
    return numStarts(config, k, data.numRows());
  }

  /**
   * How many starts a fit of {@code k} components on {@code rows} rows runs: one when k = 1 or
   * numInit = 1; otherwise numInit, or on small data (starts are cheap there) {@code ceil(numInit
   * * smallDataRows / rows)} up to {@value #MAX_STARTS}, each then run to convergence (see {@link
   * EmConfig#smallDataRows}). Front ends state the rule with it.
   *
   * @param config the fit's settings
   * @param k the number of components asked for
   * @param rows the number of rows
   * @return the number of starts
   */
  public static int numStarts(EmConfig config, int k, long rows) {
    if (k == 1 || config.numInit() == 1) {
      return k == 1 ? 1 : config.numInit();
    }
    double scaled = (double) config.numInit() * config.smallDataRows() / Math.max(1, rows);
    return (int) Math.max(config.numInit(), Math.min(MAX_STARTS, Math.ceil(scaled)));
  }

  private StartRule startRule(int restart, int k, ColumnSummary summary) {
    InitMode mode = k == 1 ? InitMode.RANDOM : config.initMode();
    if (mode == InitMode.MIXED) {
      if (restart == 1) {
        mode = InitMode.KMEANS;
      } else if (restart % 3 == 2) {
        return YBinStart.of(data, k, config.seed(), -1L - restart);
      } else {
        mode = InitMode.RANDOM;
      }
    }
    if (mode == InitMode.KMEANS) {
      return KMeans.start(data, summary, k, config.seed(), restart);
    }
    return RandomStart.of(k, data.numFeatures(), data.numRows(), config.seed(), -1L - restart);
  }

  /**
   * Perturbs a converged fit and continues EM, keeping the better of the two, up to {@code
   * perturbations} times: first splitting two nearly identical experts ({@link ComponentSplits}),
   * else restarting a linear gate from uniform weights. A perturbation that did not
   * help is not tried again on the same fit.
   */
  private Run perturb(Run run) {
    Run current = run;
    boolean splitFailed = false;
    boolean resetFailed = false;
    for (int attempt = 0; attempt < config.perturbations() && current.converged
        && regularizers.isEmpty(); attempt++) {
      MixtureState moved = splitFailed ? null
          : ComponentSplits.splitNearIdentical(data, current.state, current.last);
      boolean split = moved != null;
      if (!split && !resetFailed) {
        moved = current.state.gate() instanceof RestartableGate g
            ? new MixtureState(current.state.experts().copy(), g.uniformCopy()) : null;
      }
      if (moved == null) {
        break;
      }
      String what = split ? "splitting two nearly identical experts"
          : "restarting the gate from uniform weights";
      Run trial = new Run(moved).continuing(current);
      trial.phase = EmProgress.Phase.PERTURBATION;
      trial.startIndex = current.startIndex;
      trial.starts = current.starts;
      trial.iterate(config.maxIter(), FULL_RUN);
      double gain = trial.lastBound() - current.lastBound();
      if (gain > config.tol() * data.totalWeight()) {
        LOG.debug(String.format(java.util.Locale.ROOT, "perturbation: after %s EM went from"
            + " bound %.3f to %.3f in %d iterations", what, current.lastBound(),
            trial.lastBound(), trial.iterations));
        current.releaseState();
        current = trial;
        splitFailed = false;
        resetFailed = false;
      } else {
        LOG.debug(String.format(java.util.Locale.ROOT, "perturbation: %s led to bound %.3f"
            + " (fit at %.3f); the fit is kept", what, trial.lastBound(), current.lastBound()));
        trial.releaseState();
        splitFailed |= split;
        resetFailed |= !split;
      }
    }
    return current;
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
    EmEngine local = onDriver();
    if (local != this) {
      return local.resume();
    }
    if (checkpoint == null) {
      throw new IllegalArgumentException("resume needs checkpointDir to be set");
    }
    EmCheckpoint.Snapshot s = checkpoint.read(config, data).orElseThrow(() ->
        new IllegalArgumentException("checkpointDir '" + checkpoint.file().getParent()
            + "' holds no checkpoint (" + EmCheckpoint.FILE_NAME + ") to resume from"));
    return complete(restore(s), ColumnSummary.of(data));
  }

  /**
   * Resumes from the checkpoint in {@link EmConfig#checkpointDir()} when there is one, fits
   * from {@code initial} otherwise: run the same call again after an interruption.
   */
  public FitResult fitOrResume(MixtureState initial) {
    EmEngine local = onDriver();
    if (local != this) {
      return local.fitOrResume(initial);
    }
    if (checkpoint != null) {
      checkpoint.startsFrom(initial);
      java.util.Optional<EmCheckpoint.Snapshot> s = checkpoint.read(config, data);
      if (s.isPresent()) {
        return complete(restore(s.get()), ColumnSummary.of(data));
      }
    }
    return fit(initial);
  }

  private Run restore(EmCheckpoint.Snapshot s) {
    checkShapes(s.state());
    if (s.state().gate() instanceof RowStateGate) {
      LOG.warn("the gate's per-row posteriors are not in the checkpoint; they restart from the"
          + " prior, so the resumed fit approaches, but does not repeat, the interrupted one");
    }
    LOG.info("resuming from the checkpoint of iteration {}", s.position().iterations());
    return resumeAt(s.state(), s.position());
  }

  /** A run of these parameters at the given position (iterations, history, changes, re-seeds). */
  private Run resumeAt(MixtureState state, EmCheckpoint.Position at) {
    Run run = new Run(state);
    run.iterations = at.iterations();
    for (double b : at.history()) {
      run.history.add(b);
    }
    for (int c : at.changes()) {
      run.changes.add(c);
    }
    run.lastChange = at.lastChange();
    run.reseeds = at.reseeds();
    run.keptDegenerate = at.keptDegenerate();
    if (run.accel != null && at.acceleration() != null) {
      run.accel = new Squarem(at.acceleration());
    }
    return run;
  }

  /**
   * Runs the continuing run to convergence or maxIter, checkpointing on the way, then perturbs
   * it off saddles.
   */
  private FitResult complete(Run run, ColumnSummary summary) {
    run.checkpointed = true;
    if (!run.converged) {
      run.iterate(config.maxIter() - run.iterations, FULL_RUN);
    }
    FitResult result = perturb(run).finish(summary);
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
    return data.aggregate(Pass.plugIn(state), zeroStats(state),
        (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc)).logSum;
  }

  /** Fresh zero E-step statistics for the state's experts. */
  private static java.util.function.Supplier<EStepStats> zeroStats(MixtureState state) {
    int k = state.k();
    ExpertFamily experts = state.experts();
    return () -> new EStepStats(k, experts.newStatistics());
  }

  private void checkShapes(MixtureState s) {
    ExpertFamily e = s.experts();
    if (e.numFeatures() != data.numFeatures()) {
      throw new IllegalArgumentException("the local models expect " + e.numFeatures()
          + " features but the data has " + data.numFeatures());
    }
    if (e.numOutputs() != data.numOutputs()) {
      throw new IllegalArgumentException("the local models expect " + e.numOutputs()
          + " outputs but the data has " + data.numOutputs());
    }
    if (!regularizers.isEmpty() && !(e instanceof BayesianExperts)) {
      throw new IllegalArgumentException("regularizers act on the experts' priors, but the"
          + " local models (" + e.getClass().getSimpleName() + ") have none");
    }
  }

  /** One EM run: its parameters, per-row state and history. */
  private final class Run {
    MixtureState state;
    final List<Double> history = new ArrayList<>();
    /** A copy of the parameters of the last iteration whose bound was finite, or null. */
    MixtureState lastGood;
    final List<Integer> changes = new ArrayList<>();
    RowState rowState;
    /** What the last E-step gathered for a gradient-trained gate's M-step, or null. */
    GateSample gateSample;
    int statefulPasses;
    EStepStats last;
    int iterations;
    int reseeds;
    double lastChange = Double.NaN;
    boolean converged;
    boolean checkpointed;
    boolean keptDegenerate;
    EmProgress.Phase phase = EmProgress.Phase.FIT;
    int startIndex;
    int starts = 1;
    /** The accelerated EM's cycle (SQUAREM), or null for plain EM. */
    Squarem accel;
    /** E-step passes this run made (iterations, re-scorings, failed extrapolations). */
    int passes;
    /** Each current component's number among those the run started with, from 1. */
    int[] labels;
    /** The components removed below minPrior, in order. */
    final List<FitResult.Removed> removed = new ArrayList<>();

    Run(MixtureState state) {
      this.state = state;
      accel = config.acceleration() && config.modelType() == ModelType.DEFAULT
          ? new Squarem() : null;
      labels = java.util.stream.IntStream.rangeClosed(1, state.k()).toArray();
    }

    /** This run, continuing {@code from}'s components: their numbers and removals. */
    Run continuing(Run from) {
      labels = from.labels.clone();
      removed.addAll(from.removed);
      return this;
    }

    double lastBound() {
      return history.isEmpty() ? Double.NEGATIVE_INFINITY : history.get(history.size() - 1);
    }

    /** Where this run is, for a checkpoint. */
    EmCheckpoint.Position position() {
      return new EmCheckpoint.Position(iterations,
          history.stream().mapToDouble(Double::doubleValue).toArray(),
          changes.stream().mapToInt(Integer::intValue).toArray(), lastChange, reseeds,
          keptDegenerate, accel == null ? null : accel.memory());
    }

    /**
     * The first M-step, from the responsibilities of a start rule: the experts', and the gate's
     * when the rule says so (a random subset start leaves the gate as constructed, to learn from
     * the first real responsibilities). Non-finite parameters stop the fit.
     */
    void start(StartRule rule) {
      Pass pass = Pass.start(state, rule);
      EStepStats stats = eStep(pass);
      String what = "the start (" + rule.getClass().getSimpleName() + ")";
      try {
        if (rule.trainsGate()) {
          mStep(stats, pass);
        } else {
          state.experts().mStep(stats.experts, stats.expertWeights);
        }
      } catch (ArithmeticException e) {
        throw failure(what + " failed: " + e.getMessage(), e);
      }
      if (!isFinite(state)) {
        throw failure(what + " produced non-finite parameters" + dispersions(state) + "; check"
            + " the data for extreme values (beyond about 1e150 their squares overflow)", null);
      }
    }

    /** One E-step pass; a numerical failure inside it stops the fit (see {@link #failure}). */
    EStepStats eStep(Pass pass) {
      passes++;
      try {
        return eStepPass(pass);
      } catch (ArithmeticException e) {
        throw failure("the E-step after " + iterations + " EM iterations failed: "
            + e.getMessage(), e);
      }
    }

    private EStepStats eStepPass(Pass pass) {
      if (state.gate() instanceof RowStateGate) {
        statefulPasses++;
        int interval = config.checkpointInterval();
        DataSource.Stateful<EStepStats> out = data.aggregateWithState(pass,
            zeroStats(state), EStepKernel::addEStep, rowState,
            interval > 0 && statefulPasses % interval == 0);
        releaseState();
        rowState = out.state();
        return out.stats();
      }
      Gate gate = state.gate();
      java.util.function.Supplier<EStepStats> zero = zeroStats(state);
      int rows = config.gateSampleRows();
      if (gate instanceof TrainedGate trained && rows > 0) {
        // the gate's M-step data ride along: no pass of its own (see GateStep)
        double inclusion = Math.min(1.0, rows / (double) data.numRows());
        int size = trained.parameters().length;
        long seed = config.seed();
        gateSample = data.aggregate(pass, () -> new GateSample(zero.get(),
            inclusion, seed, size), (p, b, acc) ->
            acc.add(p, b.gateRows(), EStepKernel.gateResponsibilities(b,
                EStepKernel.addEStep(p, b, null, acc.estep), acc.estep)));
        return gateSample.estep;
      }
      return data.aggregate(pass, zero,
          (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc));
    }

    double bound(EStepStats stats) {
      double b = stats.logSum + stats.objectBound + state.experts().boundTerm()
          + state.gate().boundTerm();
      for (Regularizer r : regularizers) {
        b += r.boundTerm(priors(state));
      }
      return b;
    }

    Pass scorePass() {
      return Pass.score(state, config.modelType() == ModelType.SAMPLE, config.seed(),
          iterations + 1L);
    }

    /**
     * Runs up to {@code count} iterations, stopping when the change of the bound per unit weight
     * and the gain still to come (Aitken's estimate) are both at most the fit's {@code tol}
     * (converged), or, for a short run, when they are at most {@code shortTol} (after that
     * iteration's M-step, so that a continuation starts from new parameters; {@code FULL_RUN}
     * for none).
     */
    void iterate(int count, double shortTol) {
      double weight = data.totalWeight();
      for (int t = 0; t < count && !converged; t++) {
        long start = System.nanoTime();
        Pass pass = scorePass();
        EStepStats stats = eStep(pass);
        boolean extrapolated = accel != null && accel.pending();
        if (extrapolated && !holds(stats)) {
          state = accel.reject();
          t--; // score the plain EM point instead
          continue;
        } else if (extrapolated) {
          accel.accept();
        }
        boolean changed = handleDegenerate(stats);
        if (changed) {
          if (accel != null) {
            accel.reset();
          }
          pass = scorePass();
          stats = eStep(pass);
          changes.add(history.size());
        }
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
        if (!changed && fell(bound) && state.experts() instanceof StepHalving h
            && h.halveLastStep()) {
          t--; // the experts' last step overshot: score again at half of it
          continue;
        }
        if (history.isEmpty()) {
          reportCollinearity(stats);
        }
        last = stats;
        double previous = lastBound();
        history.add(bound);
        // convergence is judged on plain EM steps (an extrapolated point is not F of the last)
        boolean comparable = history.size() > 1 && !changed && !extrapolated;
        double change = (bound - previous) / weight;
        double remaining = remainingGain(change, lastChange);
        lastChange = comparable ? change : extrapolated ? lastChange : Double.NaN;
        if (comparable && Math.abs(change) <= config.tol() && remaining <= config.tol()) {
          converged = true;
          report(bound, change, start, true);
          break;
        }
        if (comparable && config.modelType() == ModelType.DEFAULT
            && change < -1e-9 * Math.abs(previous) / weight) {
          LOG.warn(String.format(java.util.Locale.ROOT, "iteration %d: the bound decreased by"
              + " %.2g per unit weight", iterations, -change));
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
        boolean shortDone = comparable && Math.abs(change) <= shortTol
            && remaining <= shortTol;
        accelerate(t + 1 >= count || shortDone);
        report(bound, comparable || extrapolated ? change : Double.NaN, start, false);
        if (checkpointed && checkpoint != null) {
          checkpoint.afterIteration(state, position(), config, data);
        }
        if (shortDone) {
          break;
        }
      }
    }

    /** Tells the listener and the log about the E-step just recorded. */
    void report(double bound, double change, long startNanos, boolean done) {
      EmProgress p = new EmProgress(phase, startIndex, starts, history.size(), bound, change,
          (System.nanoTime() - startNanos) / 1e9, done);
      if (LOG.isDebugEnabled()) {
        LOG.debug(p.line());
      }
      listener.iteration(p);
    }

    /** Whether {@code bound} fell below the last recorded one (beyond rounding). */
    boolean fell(double bound) {
      double previous = lastBound();
      return !history.isEmpty() && config.modelType() == ModelType.DEFAULT
          && bound < previous - 1e-9 * Math.abs(previous);
    }

    /**
     * The gain still to come per unit weight, by Aitken's extrapolation: EM converges linearly,
     * so with the rate {@code a = change / previous} the remaining gain is {@code change a / (1 -
     * a)}; infinite when the bound is not slowing down, 0 without two rising steps.
     */
    double remainingGain(double change, double previous) {
      if (!(change > 0 && previous > 0)) {
        return 0;
      }
      double rate = change / previous;
      return rate < 1 ? change * rate / (1 - rate) : Double.POSITIVE_INFINITY;
    }

    /**
     * After an M-step: at the end of an accelerated cycle, moves the state to the extrapolated
     * point ({@link Squarem}); when the run stops here ({@code last}), forgets the cycle instead,
     * so that the run ends on a plain EM point.
     */
    void accelerate(boolean last) {
      if (accel == null) {
        return;
      }
      if (last) {
        accel.reset();
      } else {
        state = accel.afterMStep(lastGood, state);
      }
    }

    /**
     * Whether an extrapolated point's E-step {@code stats} keeps it: a finite bound at least the
     * last recorded one, and no component below {@code minPrior}.
     */
    boolean holds(EStepStats stats) {
      if (config.minPrior() > 0 && state.k() > 1) {
        for (double c : stats.counts) {
          if (c < config.minPrior() * stats.gateWeight) {
            return false;
          }
        }
      }
      try {
        double b = bound(stats);
        return Double.isFinite(b) && b >= lastBound();
      } catch (ArithmeticException e) {
        return false;
      }
    }

    /**
     * Handles the components whose total responsibility is below {@code minPrior} of the total
     * weight: the first is re-seeded by splitting the expert whose split gains most, once per
     * run; when no split gains, all of them are removed (flexmix's rule), and after the run's
     * re-seed a starving component is removed alone (the first of them; the others, if still
     * below, at the next iterations). Returns whether the model changed.
     */
    boolean handleDegenerate(EStepStats stats) {
      int k = state.k();
      if (config.minPrior() == 0 || k == 1) {
        return false;
      }
      double limit = config.minPrior() * stats.gateWeight;
      int largest = 0;
      List<Integer> keep = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        if (stats.counts[c] >= limit) {
          keep.add(c);
        }
        if (stats.counts[c] > stats.counts[largest]) {
          largest = c;
        }
      }
      if (keep.size() == k) {
        return false;
      }
      if (!regularizers.isEmpty() || !(state.gate() instanceof ResizableGate)) {
        if (!keptDegenerate) {
          keptDegenerate = true;
          LOG.warn("iteration {}: a component holds less than minPrior = {} of the weight but"
              + " is kept ({})", iterations, config.minPrior(), regularizers.isEmpty()
              ? "the gate cannot change its components" : "regularizers refer to the components");
        }
        return false;
      }
      int starved = 0;
      while (keep.contains(starved)) {
        starved++;
      }
      if (reseeds > 0) {
        // the run's re-seed did not settle it (a component starves again): remove this one alone
        keep.clear();
        for (int c = 0; c < k; c++) {
          if (c != starved) {
            keep.add(c);
          }
        }
      } else {
        MixtureState seeded = ComponentSplits.reseed(data, state, stats, starved);
        if (seeded != null) {
          reseeds++;
          LOG.debug("iteration {}: component {} holds {} of the weight, below minPrior = {};"
              + " re-seeded by splitting the expert that gains most", iterations, labels[starved],
              String.format("%.4g", stats.counts[starved] / stats.gateWeight), config.minPrior());
          state = seeded;
          return true;
        }
      }
      if (keep.isEmpty()) {
        keep.add(largest);
      }
      int[] kept = keep.stream().mapToInt(Integer::intValue).toArray();
      List<FitResult.Removed> dropped = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        if (!keep.contains(c)) {
          dropped.add(new FitResult.Removed(labels[c], stats.counts[c] / stats.gateWeight,
              iterations));
        }
      }
      LOG.debug("iteration {}: removing component(s) {}: below minPrior = {}; {} remain",
          iterations, dropped.stream().map(Object::toString)
              .collect(java.util.stream.Collectors.joining(", ")), config.minPrior(),
          kept.length);
      removed.addAll(dropped);
      labels = Arrays.stream(kept).map(c -> labels[c]).toArray();
      state = state.restrictTo(kept);
      return true;
    }

    void mStep(EStepStats stats, Pass pass) {
      Gate gate = state.gate();
      GateStep step = GateStep.of(data, stats, pass, gateSample, config, lastChange);
      gateSample = null;
      gate.mStep(step);
      step.finish(gate);
      ExpertFamily experts = state.experts();
      experts.mStep(stats.experts, stats.expertWeights);
      if (experts instanceof BayesianExperts bayesian) {
        bayesian.updatePriorMeans();
        for (Regularizer r : regularizers) {
          r.mStep(bayesian);
        }
        bayesian.updatePriorCovariances();
      }
      reportNotes();
    }

    /**
     * Warns (once per fit) about feature columns that depend on the columns before them, and
     * about outputs that are an exact linear function of the features.
     */
    void reportCollinearity(EStepStats stats) {
      if (!(state.experts() instanceof ColumnDependence experts)) {
        return;
      }
      int d = data.numFeatures();
      int[] dependent = experts.dependentColumns(stats.experts);
      int[] features = Arrays.stream(dependent).filter(c -> c < d).toArray();
      int[] outputs = Arrays.stream(dependent).filter(c -> c >= d).map(c -> c - d).toArray();
      if (features.length > 0) {
        warnOnce("feature columns " + columnNames(features) + " are linear"
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

    /**
     * The columns by name when the config has names for them (the appended intercept column
     * as "(intercept)"), otherwise by 0-based index.
     */
    private String columnNames(int[] columns) {
      String[] names = config.featureNames();
      int d = data.numFeatures();
      if (names == null || names.length != d && names.length != d - 1) {
        return Arrays.toString(columns) + " (0-based)";
      }
      List<String> out = new ArrayList<>();
      for (int c : columns) {
        out.add(c < names.length ? "'" + names[c] + "'" : "(intercept)");
      }
      return String.join(", ", out);
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

    FitResult finish(ColumnSummary summary) {
      if (!converged) {
        LOG.warn("EM stopped at maxIter = {} before the change of the bound fell below tol = {}"
            + "; the result is flagged converged = false", config.maxIter(), config.tol());
        last = eStep(Pass.score(state, false, config.seed(), iterations + 1L));
        history.add(bound(last));
      }
      EStepStats scored = last;
      if (isVariational(state)) {
        Pass pass = Pass.plugIn(state);
        if (state.gate() instanceof RowStateGate) {
          DataSource.Stateful<EStepStats> out = data.aggregateWithState(pass,
              zeroStats(state), EStepKernel::addEStep, rowState, false);
          out.state().release();
          scored = out.stats();
        } else {
          scored = data.aggregate(pass, zeroStats(state),
              (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc));
        }
      }
      releaseState();
      reportNotes();
      double[] bounds = history.stream().mapToDouble(Double::doubleValue).toArray();
      int[] changed = changes.stream().mapToInt(Integer::intValue).toArray();
      int params = state.experts().numFreeParameters()
          + state.gate().numFreeParameters(summary.constantGateInputs());
      LOG.debug(String.format(java.util.Locale.ROOT, "EM finished: %d components, %d"
          + " iterations (%d passes in this run), converged = %b, log-likelihood %.3f%s",
          state.k(), iterations, passes, converged, scored.logSum, accel == null ? "" : String.format(java.util.Locale.ROOT,
          "; accelerated steps: %d kept, %d fell back", accel.accepted(), accel.rejected())));
      return new FitResult(state, bounds, changed, iterations, converged, scored.logSum,
          scored.entropy, scored.mapLogResponsibility, last.counts.clone(),
          last.hardCounts.clone(), last.weight, data.numRows(), last.groups, params,
          List.copyOf(removed));
    }

    void releaseState() {
      if (rowState != null) {
        rowState.release();
        rowState = null;
      }
    }
  }

  private static boolean isVariational(MixtureState s) {
    if (s.experts() instanceof BayesianExperts bayesian) {
      for (int e = 0; e < s.k(); e++) {
        if (bayesian.hasPrior(e)) {
          return true;
        }
      }
    }
    Gate g = s.gate();
    return g.boundTerm() != 0 || g instanceof RowStateGate;
  }

  /** The experts as the regularizers see them (checked by {@code checkShapes}). */
  private static BayesianExperts priors(MixtureState s) {
    return (BayesianExperts) s.experts();
  }

  /** " (dispersions [...])" for experts that have them, "" otherwise. */
  private static String dispersions(MixtureState s) {
    return s.experts() instanceof LinearPredictors p
        ? " (dispersions " + Arrays.toString(p.dispersions()) + ")" : "";
  }

  private static boolean isFinite(MixtureState s) {
    if (!s.experts().isFinite()) {
      return false;
    }
    if (s.gate() instanceof TrainedGate g) {
      return Arrays.stream(g.parameters()).allMatch(Double::isFinite);
    }
    return true;
  }
}
