package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.mixturelib.data.ColumnSummary;
import org.mixturelib.data.DataSource;
import org.mixturelib.engine.init.StartRule;
import org.mixturelib.hypermodels.RestartableGate;
import org.mixturelib.localmodels.ColumnDependence;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ScreenedFeatures;
import org.mixturelib.localmodels.StepHalving;
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
 *
 * <p>The loop is a short one over parts, each in its own class: an iteration scores the current
 * parameters (the E-step pass of {@link EmMap}; the acceleration's verdict on an extrapolated
 * point, {@code Acceleration}, of which {@link Squarem} is one; the run's list of {@code
 * Guard}s, hooks that may re-seed or remove a starving component before the bound is recorded,
 * {@code ReseedGuard} then {@code MinPriorGuard}; the experts' step halving), records the bound
 * and asks the stopping rule ({@code ConvergenceRule}), then takes the M-step and lets the
 * acceleration move the result. {@code Starts} runs the starts, knowing runs only as {@code
 * EmRun}s. The components' optional abilities are asked of the state ({@link Abilities}),
 * resolved once when it is made. A new acceleration, guard or stopping rule is a new part.
 */
public final class EmEngine {
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);
  /** The short-run tolerance of a run that goes on to convergence: none. */
  static final double FULL_RUN = -1;
  /** The most starts on small data. */
  public static final int MAX_STARTS = 100;

  final DataSource data;
  final List<Regularizer> regularizers;
  final EmConfig config;
  private final EmCheckpoint checkpoint;
  private final Set<String> warned = new HashSet<>();
  EmListener listener = p -> {};

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
    ColumnSummary summary = summary();
    MixtureState start = initial.copy();
    double floor = config.varianceFloor() * summary.outputVariance();
    // an overflowing label is named by the first E-step instead
    start.abilities().noiseFloor().filter(e -> Double.isFinite(floor))
        .ifPresent(e -> e.setVarianceFloor(Math.max(e.varianceFloor(), floor)));
    start.abilities().noiseRatio().ifPresent(e -> e.setMaxVarianceRatio(
        Math.min(e.maxVarianceRatio(), config.maxVarianceRatio())));
    EmRun best = config.initMode() == InitMode.GIVEN ? new Run(start)
        : new Starts(this).best(start, summary);
    if (config.initMode() != InitMode.GIVEN && config.numInit() > 1) {
      best.checkpointNow();
    }
    return best.complete(summary);
  }

  /**
   * This engine, or, when its rows are on Spark and number at most {@code localRows}, an
   * engine over all of them collected on the driver in the order of their global index (the
   * rows of {@link StartSample}; grouped rows as their blocks, each holding whole groups).
   */
  private EmEngine onDriver() {
    DataSource rows = rowsOnDriver(data, config);
    if (rows == data) {
      return this;
    }
    LOG.debug("the fit runs on the driver: {} rows, at most localRows = {}", data.numRows(),
        config.localRows());
    return new EmEngine(rows, regularizers, config).listener(listener);
  }

  /**
   * The rows a fit of {@code data} runs on: {@code data} itself, or, when its rows are on Spark
   * and number at most {@link EmConfig#localRows}, all of them collected on the driver in the
   * order of their global index (grouped rows as their blocks, each holding whole groups). A
   * front end that makes more passes after the fit (the standard errors) makes them on these.
   *
   * @param data the fit's rows
   * @param config the fit's settings
   * @return {@code data}, or its rows in memory
   */
  public static DataSource rowsOnDriver(DataSource data, EmConfig config) {
    if (!data.distributed() || data.numRows() > config.localRows()) {
      return data;
    }
    return StartSample.of(data, config.localRows(), config.seed());
  }

  /**
   * How many starts a fit of {@code k} components on {@code rows} rows runs: one when k = 1 or
   * numInit = 1; otherwise numInit, or on small data (fewer rows than {@link
   * EmConfig#smallDataRows}, where starts are cheap) {@code ceil(numInit * sqrt(smallDataRows /
   * rows))} up to {@value #MAX_STARTS}, each then run to convergence. Front ends state the rule
   * with it.
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
    double scaled = config.numInit() * Math.sqrt((double) config.smallDataRows()
        / Math.max(1, rows));
    return (int) Math.max(config.numInit(), Math.min(MAX_STARTS, Math.ceil(scaled)));
  }

  /**
   * Continues the interrupted fit whose checkpoint is in {@link EmConfig#checkpointDir()}, with
   * this engine's settings (those of the interrupted fit, or a larger maxIter), and reaches the
   * model that the uninterrupted fit would have reached (see {@link EmCheckpoint}).
   *
   * @param configured the fit's start as configured (its components' settings and sizes; the
   *     checkpoint's parameters replace its numbers, and it is not modified)
   * @throws IllegalArgumentException when checkpointDir is not set, holds no checkpoint, or
   *     holds one of another fit or of other components
   */
  public FitResult resume(MixtureState configured) {
    EmEngine local = onDriver();
    if (local != this) {
      return local.resume(configured);
    }
    if (checkpoint == null) {
      throw new IllegalArgumentException("resume needs checkpointDir to be set");
    }
    checkpoint.startsFrom(configured);
    EmCheckpoint.Snapshot s = checkpoint.read(config, data).orElseThrow(() ->
        new IllegalArgumentException("checkpointDir '" + checkpoint.file().getParent()
            + "' holds no checkpoint (" + EmCheckpoint.FILE_NAME + ") to resume from"));
    return restore(s, configured).complete(summary());
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
        return restore(s.get(), initial).complete(summary());
      }
    }
    return fit(initial);
  }

  /**
   * The data's {@link ColumnSummary}, after refusing a column whose values are all below {@link
   * ColumnSummary#MIN_SCALE} in magnitude (not all zero): its squares underflow in the fit.
   *
   * @throws IllegalArgumentException naming the column
   */
  private ColumnSummary summary() {
    ColumnSummary summary = ColumnSummary.of(data);
    int d = data.numFeatures();
    int c = summary.tinyColumn();
    String what = null;
    double top = 0;
    if (c >= 0) {
      top = summary.maxAbs(c);
      what = c < d ? featureName(c) : outputName(c - d);
    } else if (summary.gateInputs() != null && summary.gateInputs().tinyColumn() >= 0) {
      int j = summary.gateInputs().tinyColumn();
      top = summary.gateInputs().maxAbs(j);
      what = "gate input " + j + " (0-based)";
    }
    if (what != null) {
      throw new IllegalArgumentException(what + ": its values are at most " + String.format(
          java.util.Locale.ROOT, "%.3g", top) + " in magnitude, below "
          + ColumnSummary.MIN_SCALE + ", where their squares underflow in the fit; multiply"
          + " the column by a constant");
    }
    return summary;
  }

  /** Feature column c by name when the config has names (else by 0-based index). */
  private String featureName(int c) {
    String[] names = config.featureNames();
    return names != null && c < names.length ? "feature column '" + names[c] + "'"
        : "feature " + c + " (0-based)";
  }

  /** Output j by name when the config has names (else by 0-based index). */
  private String outputName(int j) {
    String[] names = config.labelNames();
    return names != null && j < names.length ? "label column '" + names[j] + "'"
        : "output " + j + " (0-based)";
  }

  private Run restore(EmCheckpoint.Snapshot s, MixtureState configured) {
    MixtureState state = s.state(configured);
    checkShapes(state);
    LOG.info("resuming from the checkpoint of iteration {}", s.position().iterations());
    return resumeAt(state, s.position(configured));
  }

  /**
   * A run of these parameters at the given position (iterations, history, changes, re-seeds,
   * the acceleration's cycle and the gate's per-row state).
   */
  Run resumeAt(MixtureState state, EmCheckpoint.Position at) {
    Run run = new Run(state);
    run.iterations = at.iterations();
    for (double b : at.history()) {
      run.history.add(b);
    }
    for (int c : at.changes()) {
      run.changes.add(c);
    }
    run.rule.resumeAt(at.lastChange());
    run.components.resumeAt(at.reseeds(), at.keptDegenerate());
    run.accel.resumeAt(at.acceleration());
    run.map.resumeAt(at.rowStates());
    return run;
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
      pass = Pass.score(run.state(), config.modelType() == ModelType.SAMPLE, config.seed(),
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
    return data.aggregate(Pass.plugIn(state), EmMap.zeroStats(state),
        (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc)).logSum;
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
    if (!regularizers.isEmpty() && s.abilities().bayesianExperts().isEmpty()) {
      throw new IllegalArgumentException("regularizers act on the experts' priors, but the"
          + " local models (" + e.getClass().getSimpleName() + ") have none");
    }
  }

  /** One EM run: its parameters and history, the EM map and the parts around it. */
  final class Run implements EmRun {
    private MixtureState state;
    private final List<Double> history = new ArrayList<>();
    /** A copy of the parameters of the last iteration whose bound was finite, or null. */
    private MixtureState lastGood;
    private final List<Integer> changes = new ArrayList<>();
    /** The plain EM map: its E-step pass and M-steps, with their per-row state. */
    private final EmMap map = new EmMap(data, config, regularizers);
    private EStepStats last;
    private int iterations;
    /** The stopping rule and the last comparable change of the bound. */
    private final ConvergenceRule rule;
    /** The components' numbers and removals, and what the guards remember. */
    private final Components components;
    /** The hooks on each E-step, in order (re-seeding, the minPrior rule). */
    private final List<Guard> guards;
    /** The experts' notes met while this run was a start, warned of if it is kept. */
    private final java.util.LinkedHashSet<String> startNotes = new java.util.LinkedHashSet<>();
    /** The acceleration around the EM map (SQUAREM's cycle, or none for plain EM). */
    private final Acceleration accel;
    private boolean converged;
    private boolean checkpointed;
    private Label label = Label.FIT;

    Run(MixtureState state) {
      this.state = state;
      accel = config.acceleration() && config.modelType() == ModelType.DEFAULT
          ? new Squarem() : Acceleration.NONE;
      rule = new ConvergenceRule(config.tol(), config.modelType() == ModelType.DEFAULT);
      components = new Components(state.k());
      String kept = !regularizers.isEmpty() ? "regularizers refer to the components"
          : state.abilities().resizableGate().isEmpty()
              ? "the gate cannot change its components" : null;
      MinPriorGuard minPrior = new MinPriorGuard(config.minPrior(), components, kept);
      guards = kept != null ? List.of(minPrior)
          : List.of(new ReseedGuard(data, config.minPrior(), components), minPrior);
    }

    /**
     * {@inheritDoc} A start that becomes the fit's run (its label turns from START to FIT)
     * warns of the notes it met as a start.
     */
    @Override
    public void label(Label l) {
      boolean kept = label.phase() == EmProgress.Phase.START && l.phase() == EmProgress.Phase.FIT;
      label = l;
      if (kept) {
        startNotes.forEach(this::warnOnce);
        startNotes.clear();
      }
    }

    @Override
    public Label label() {
      return label;
    }

    @Override
    public MixtureState state() {
      return state;
    }

    @Override
    public int iterations() {
      return iterations;
    }

    @Override
    public int passes() {
      return map.passes();
    }

    @Override
    public double lastBound() {
      return history.isEmpty() ? Double.NEGATIVE_INFINITY : history.get(history.size() - 1);
    }

    @Override
    public EmRun freshOn(EmEngine engine) {
      Run run = engine.new Run(state);
      run.components.continuing(components);
      return run;
    }

    @Override
    public EmRun movedTo(EmEngine engine) {
      Run run = engine.resumeAt(state, position());
      run.components.continuing(components);
      run.converged = converged;
      run.last = last;
      run.lastGood = lastGood;
      return run;
    }

    /** Where this run is, for a checkpoint. */
    EmCheckpoint.Position position() {
      return new EmCheckpoint.Position(iterations,
          history.stream().mapToDouble(Double::doubleValue).toArray(),
          changes.stream().mapToInt(Integer::intValue).toArray(), rule.lastChange(),
          components.reseeds(), components.keptDegenerate(), accel.memory(), map.rowStates());
    }

    @Override
    public void checkpointNow() {
      if (checkpoint != null) {
        checkpoint.write(state, position(), config, data);
      }
    }

    @Override
    public void start(StartRule startRule) {
      Pass pass = Pass.start(state, startRule);
      EStepStats stats = eStep(pass);
      String what = "the start (" + startRule.getClass().getSimpleName() + ")";
      try {
        if (startRule.trainsGate()) {
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
      try {
        return map.eStep(state, pass);
      } catch (ArithmeticException e) {
        throw failure("the E-step after " + iterations + " EM iterations failed: "
            + e.getMessage(), e);
      }
    }

    double bound(EStepStats stats) {
      return map.bound(state, stats);
    }

    Pass scorePass() {
      return Pass.score(state, config.modelType() == ModelType.SAMPLE, config.seed(),
          iterations + 1L);
    }

    /**
     * Runs up to {@code count} iterations, stopping when the convergence rule holds at the
     * fit's {@code tol} (converged), or, for a short run, at {@code shortTol} (after that
     * iteration's M-step, so that a continuation starts from new parameters; {@code FULL_RUN}
     * for none). An iteration: score the current parameters ({@link #score}), record and judge
     * the bound, stop or take the M-step, let the acceleration move the result, checkpoint.
     */
    @Override
    public void iterate(int count, double shortTol) {
      for (int t = 0; t < count && !converged; t++) {
        long start = System.nanoTime();
        Scored s = score();
        double previous = record(s);
        ConvergenceRule.Verdict v = rule.judge(previous, s.bound(), history.size() == 1,
            s.changed(), s.extrapolated(), data.totalWeight());
        converged = rule.converged(v) && screeningComplete();
        if (converged) {
          report(s.bound(), v.change(), start, true);
          return;
        }
        warnIfFell(v, previous);
        step(s);
        boolean shortDone = v.within(shortTol);
        state = accel.afterMStep(lastGood, state, t + 1 >= count || shortDone);
        report(s.bound(), v.reported(), start, false);
        checkpointAfterIteration();
        if (shortDone) {
          return;
        }
      }
    }

    /**
     * An E-step whose bound is recorded: its pass, statistics and bound, whether the model
     * changed (a guard re-seeded or removed a component) and whether it is at an extrapolated
     * point.
     */
    private record Scored(Pass pass, EStepStats stats, double bound, boolean changed,
        boolean extrapolated) {}

    /**
     * Scores the current parameters until a point is kept: an extrapolated point that does not
     * hold ({@link #holds}) gives way to its plain EM point; a guard may change the model,
     * which is then scored again; experts whose last step overshot ({@link StepHalving}) halve
     * it while the bound fell.
     */
    private Scored score() {
      while (true) {
        Pass pass = scorePass();
        EStepStats stats = eStep(pass);
        boolean extrapolated = accel.pending();
        MixtureState plain = extrapolated ? accel.verdict(holds(stats)) : null;
        if (plain != null) {
          state = plain;
          continue;
        }
        MixtureState guarded = guard(stats);
        if (guarded != null) {
          state = guarded;
          accel.reset();
          pass = scorePass();
          stats = eStep(pass);
          changes.add(history.size());
        }
        double bound = checkedBound(stats);
        if (guarded != null || !fell(bound) || !halvedLastStep()) {
          return new Scored(pass, stats, bound, guarded != null, extrapolated);
        }
      }
    }

    /** The model as the first guard that changes it leaves it, or null when none does. */
    private MixtureState guard(EStepStats stats) {
      for (Guard g : guards) {
        MixtureState changed = g.apply(state, stats, iterations);
        if (changed != null) {
          return changed;
        }
      }
      return null;
    }

    /**
     * Whether the experts' last M-step saw every feature it needed ({@link ScreenedFeatures}):
     * a run does not converge on a step that features outside the screened sets would change.
     */
    private boolean screeningComplete() {
      return state.abilities().screenedFeatures().map(ScreenedFeatures::screeningComplete)
          .orElse(true);
    }

    /** Whether the experts took back half of their last step ({@link StepHalving}). */
    private boolean halvedLastStep() {
      return state.abilities().stepHalving().map(StepHalving::halveLastStep).orElse(false);
    }

    /** The bound of these statistics; a failure or a non-finite bound stops the fit. */
    private double checkedBound(EStepStats stats) {
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
      return bound;
    }

    /** Records the scored point's bound (the first time, checks the columns); returns the last. */
    private double record(Scored s) {
      if (history.isEmpty()) {
        reportCollinearity(s.stats());
      }
      last = s.stats();
      double previous = lastBound();
      history.add(s.bound());
      return previous;
    }

    /** Warns when a plain EM step's bound fell (it cannot, but for rounding). */
    private void warnIfFell(ConvergenceRule.Verdict v, double previous) {
      if (rule.fell(v, previous, data.totalWeight())) {
        LOG.warn(String.format(java.util.Locale.ROOT, "iteration %d: the bound decreased by"
            + " %.2g per unit weight", iterations, -v.change()));
      }
    }

    /** The M-step from the scored point; a numerical failure or non-finite result stops the fit. */
    private void step(Scored s) {
      lastGood = state.copy();
      try {
        mStep(s.stats(), s.pass());
      } catch (ArithmeticException e) {
        throw failure("the M-step of EM iteration " + (iterations + 1) + " failed: "
            + e.getMessage(), e);
      }
      iterations++;
      if (!isFinite(state)) {
        throw failure("EM iteration " + iterations + " produced non-finite parameters (bound"
            + " before it: " + s.bound() + ")", null);
      }
    }

    /** Writes the checkpoint of the continuing run at its interval. */
    private void checkpointAfterIteration() {
      if (checkpointed && checkpoint != null && checkpoint.due(iterations)) {
        checkpoint.write(state, position(), config, data);
      }
    }

    /** Tells the listener and the log about the E-step just recorded. */
    void report(double bound, double change, long startNanos, boolean done) {
      EmProgress p = new EmProgress(label.phase(), label.start(), label.starts(),
          history.size(), bound, change, (System.nanoTime() - startNanos) / 1e9, done);
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
     * Whether an extrapolated point's E-step {@code stats} keeps it: a finite bound at least the
     * last recorded one, and every guard admits it (no component below {@code minPrior}).
     */
    boolean holds(EStepStats stats) {
      if (!guards.stream().allMatch(g -> g.admits(stats, state.k()))) {
        return false;
      }
      try {
        double b = bound(stats);
        return Double.isFinite(b) && b >= lastBound();
      } catch (ArithmeticException e) {
        return false;
      }
    }

    /** The M-steps from the last E-step (see {@link EmMap#mStep}); notes the experts' notes. */
    void mStep(EStepStats stats, Pass pass) {
      map.mStep(state, stats, pass, rule.lastChange());
      reportNotes();
    }

    @Override
    public FitResult complete(ColumnSummary summary) {
      checkpointed = true;
      if (!converged) {
        iterate(config.maxIter() - iterations, FULL_RUN);
      }
      FitResult result = perturbed().finish(summary);
      if (checkpoint != null) {
        checkpoint.clear();
      }
      return result;
    }

    /**
     * This converged run perturbed and continued, the better of the two kept, up to {@code
     * perturbations} times: first splitting two nearly identical experts ({@link
     * ComponentSplits}), else restarting the gate from uniform weights ({@link
     * RestartableGate}). A perturbation that did not help is not tried again on the same fit.
     */
    private Run perturbed() {
      Run current = this;
      boolean splitFailed = false;
      boolean resetFailed = false;
      for (int attempt = 0; attempt < config.perturbations() && current.converged
          && regularizers.isEmpty(); attempt++) {
        MixtureState moved = splitFailed ? null
            : ComponentSplits.splitNearIdentical(data, current.state, current.last);
        boolean split = moved != null;
        if (!split && !resetFailed) {
          MixtureState from = current.state;
          moved = from.abilities().restartableGate().map(g -> new MixtureState(
              from.experts().copy(), g.uniformCopy())).orElse(null);
        }
        if (moved == null) {
          break;
        }
        String what = split ? "splitting two nearly identical experts"
            : "restarting the gate from uniform weights";
        Run trial = new Run(moved);
        trial.components.continuing(current.components);
        trial.label = current.label.as(EmProgress.Phase.PERTURBATION);
        trial.iterate(config.maxIter(), FULL_RUN);
        double gain = trial.lastBound() - current.lastBound();
        if (gain > config.tol() * data.totalWeight()) {
          LOG.debug(String.format(java.util.Locale.ROOT, "perturbation: after %s EM went from"
              + " bound %.3f to %.3f in %d iterations", what, current.lastBound(),
              trial.lastBound(), trial.iterations));
          current.release();
          current = trial;
          splitFailed = false;
          resetFailed = false;
        } else {
          LOG.debug(String.format(java.util.Locale.ROOT, "perturbation: %s led to bound %.3f"
              + " (fit at %.3f); the fit is kept", what, trial.lastBound(),
              current.lastBound()));
          trial.release();
          splitFailed |= split;
          resetFailed |= !split;
        }
      }
      return current;
    }

    /**
     * Warns (once per fit) about feature columns that depend on the columns before them, and
     * about outputs that are an exact linear function of the features.
     */
    void reportCollinearity(EStepStats stats) {
      Optional<ColumnDependence> dependence = state.abilities().columnDependence();
      if (dependence.isEmpty()) {
        return;
      }
      int d = data.numFeatures();
      int[] dependent = dependence.get().dependentColumns(stats.experts);
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

    /**
     * Logs each numerical condition the experts met, once per fit; a start's at DEBUG only, kept
     * until it becomes the fit's run ({@link #label(Label)}): most starts are dropped, and a
     * dropped start's conditions are not the fit's.
     */
    void reportNotes() {
      for (String note : state.experts().takeNotes()) {
        if (label.phase() == EmProgress.Phase.START) {
          if (startNotes.add(note)) {
            LOG.debug("start {} of {}: {}", label.start(), label.starts(), note);
          }
        } else {
          warnOnce(note);
        }
      }
    }

    /** The failure of an iteration, keeping the last parameters whose bound was finite. */
    NumericalFailureException failure(String what, ArithmeticException cause) {
      release();
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
        scored = map.plugIn(state);
      }
      release();
      reportNotes();
      double[] bounds = history.stream().mapToDouble(Double::doubleValue).toArray();
      int[] changed = changes.stream().mapToInt(Integer::intValue).toArray();
      int params = state.experts().numFreeParameters()
          + state.gate().numFreeParameters(summary.constantGateInputs());
      LOG.debug(String.format(java.util.Locale.ROOT, "EM finished: %d components, %d"
          + " iterations (%d passes in this run), converged = %b, log-likelihood %.3f%s",
          state.k(), iterations, map.passes(), converged, scored.logSum, accel.summary()));
      return new FitResult(state, bounds, changed, iterations, converged, scored.logSum,
          scored.entropy, scored.mapLogResponsibility, last.counts.clone(),
          last.hardCounts.clone(), last.weight, data.numRows(), last.groups, params,
          components.removedSoFar());
    }

    @Override
    public void release() {
      map.release();
    }
  }


  private static boolean isVariational(MixtureState s) {
    boolean priors = s.abilities().bayesianExperts().map(b -> IntStream.range(0, s.k())
        .anyMatch(b::hasPrior)).orElse(false);
    return priors || s.gate().boundTerm() != 0 || s.abilities().rowStateGate().isPresent();
  }

  /** " (dispersions [...])" for experts that have them, "" otherwise. */
  private static String dispersions(MixtureState s) {
    return s.abilities().linearPredictors().map(p -> " (dispersions "
        + Arrays.toString(p.dispersions()) + ")").orElse("");
  }

  private static boolean isFinite(MixtureState s) {
    return s.experts().isFinite() && s.abilities().trainedGate().map(g -> Arrays.stream(
        g.parameters()).allMatch(Double::isFinite)).orElse(true);
  }
}
