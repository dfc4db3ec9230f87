package org.mixturelib.engine;

/**
 * Settings of one EM fit. Every setter validates its argument and names it in the error.
 */
public final class EmConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** The default of {@link #maxVarianceRatio(double)}. */
  public static final double DEFAULT_VARIANCE_RATIO = 900;

  private String checkpointDir;
  private String[] featureNames;
  private String[] labelNames;
  private String[] fitSettings = new String[0];
  private int maxIter = 200;
  private double tol = 1e-6;
  private ModelType modelType = ModelType.DEFAULT;
  private long seed = 42;
  private int numInit = 10;
  private int initIterations = 50;
  private double initTol = 1e-4;
  private InitMode initMode = InitMode.MIXED;
  private int gateMaxIter = 50;
  private double gateTol = 1e-7;
  private int gateSampleRows = 50_000;
  private int localRows = 50_000;
  private int checkpointInterval = 10;
  private double minPrior = 0.05;
  private double varianceFloor = 1e-4;
  private double maxVarianceRatio = DEFAULT_VARIANCE_RATIO;
  private int perturbations = 3;
  private int startRows = 20_000;
  private int smallDataRows = 2000;
  private boolean acceleration = true;

  /** Iteration limit (>= 1); default 200. */
  public EmConfig maxIter(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("maxIter must be >= 1, got " + v);
    }
    maxIter = v;
    return this;
  }

  /**
   * Tolerance per unit of case weight (> 0); default 1e-6. EM stops when the change of the
   * bound and the gain still to come, estimated by Aitken's extrapolation of the last two
   * changes (EM converges linearly), are both at most {@code tol} times the total weight: a
   * slowly creeping bound is not taken for a converged one.
   */
  public EmConfig tol(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("tol must be a finite value > 0, got " + v);
    }
    tol = v;
    return this;
  }

  /** 'default' or 'sample'. */
  public EmConfig modelType(ModelType v) {
    modelType = java.util.Objects.requireNonNull(v, "modelType");
    return this;
  }

  /** Seed of every random draw. */
  public EmConfig seed(long v) {
    seed = v;
    return this;
  }

  /**
   * Number of starts (>= 1); default 10. With more than one, each start runs a short EM (see
   * {@link #initTol} and {@link #initIterations}) and the one with the best bound continues to
   * convergence. One start only when k = 1. On small data starts are cheap and the engine spends
   * more: with N rows below {@link #smallDataRows} (2,000) and numInit > 1, {@code ceil(numInit *
   * sqrt(smallDataRows / N))} starts (at most 100; 37 for 150 rows, 15 for 1,000), each run to
   * convergence rather than a short run, and the best is the fit.
   */
  public EmConfig numInit(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("numInit must be >= 1, got " + v);
    }
    numInit = v;
    return this;
  }

  /** Most iterations of each short run when numInit > 1 (>= 1); default 50. */
  public EmConfig initIterations(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("initIterations must be >= 1, got " + v);
    }
    initIterations = v;
    return this;
  }

  /**
   * Tolerance that ends a short run early (> 0): the change of the bound per unit of case
   * weight at which a start is judged; default 1e-4. A start stops at this tolerance or after
   * {@code initIterations}, whichever comes first (flexmix's {@code initFlexmix} ends its short
   * runs on a relative tolerance of 1e-2).
   */
  public EmConfig initTol(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("initTol must be a finite value > 0, got " + v);
    }
    initTol = v;
    return this;
  }

  /** Tolerance of the short runs. */
  public double initTol() {
    return initTol;
  }

  /**
   * How the starts are made (default {@link InitMode#MIXED}: one k-means start among random
   * ones), or the given parameters (warm start).
   */
  public EmConfig initMode(InitMode v) {
    initMode = java.util.Objects.requireNonNull(v, "initMode");
    return this;
  }

  /**
   * Optimiser iterations of a gradient-trained gate per EM iteration (>= 1): Newton steps for
   * the linear gate, L-BFGS iterations for a network; default 50.
   */
  public EmConfig gateMaxIter(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("gateMaxIter must be >= 1, got " + v);
    }
    gateMaxIter = v;
    return this;
  }

  /**
   * Rows a gradient-trained gate's M-step works on in the driver (>= 0); default 50,000. With
   * at most this many rows, the E-step pass gathers them all and the M-step is exact and costs
   * no further pass; with more, it gathers a sample of about this many (the same rows every
   * iteration) and the driver's proposal is checked against the full data in one pass, never
   * accepted when it is worse. 0: every evaluation of the gate's optimiser is a pass over the
   * data (the distributed path).
   */
  public EmConfig gateSampleRows(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("gateSampleRows must be >= 0, got " + v);
    }
    gateSampleRows = v;
    return this;
  }

  /**
   * Rows up to which a fit over data that are not in memory runs on the driver (>= 0); default
   * 50,000. One pass collects the rows, in the order of their global index, into an in-memory
   * source and the same engine fits them there: no Spark job per iteration (30-50 ms each on
   * {@code local[2]}), the same model to rounding (the sums are over other blocks). The driver
   * holds at most what a gradient-trained gate's E-step gathers at this size anyway ({@link
   * #gateSampleRows(int)}). Grouped rows stay where they are. 0: never.
   */
  public EmConfig localRows(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("localRows must be >= 0, got " + v);
    }
    localRows = v;
    return this;
  }

  /** Relative tolerance of the gate's optimiser (> 0); default 1e-7. */
  public EmConfig gateTol(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("gateTol must be a finite value > 0, got " + v);
    }
    gateTol = v;
    return this;
  }

  /**
   * How often checkpoints are written, {@code >= 1}, or {@code -1} never; default 10. Two
   * things are checkpointed: (1) every this many E-step passes, the per-row state of a gate
   * that keeps one (the sparse gate) is written to Spark's checkpoint directory, so that a long
   * fit survives the loss of an executor (ignored without {@code
   * SparkContext.setCheckpointDir}; the state's lineage is cut after every pass regardless,
   * locally when not written, so that iteration 500 costs what iteration 5 cost); (2) every
   * this many EM iterations, the EM state is written to {@link #checkpointDir()} on the driver,
   * when set. Results do not depend on this setting.
   */
  public EmConfig checkpointInterval(int v) {
    if (v < 1 && v != -1) {
      throw new IllegalArgumentException("checkpointInterval must be >= 1 or -1 (never), got "
          + v);
    }
    checkpointInterval = v;
    return this;
  }

  /** Checkpoint interval, or -1. */
  public int checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * Smallest share of the total weight a component may keep (in [0, 1)); default 0.05 as
   * flexmix's {@code minprior}. When a component's total responsibility falls below it, the
   * component is re-seeded: the expert whose split raises the log-likelihood most (to second
   * order) is split in two and the degenerate component takes one half, once per run (each
   * start, the continuing fit, each perturbation). When no split raises the log-likelihood the
   * components below the threshold are removed as flexmix does, and after the run's re-seed a
   * component that falls below it is removed (one at a time) instead of being re-seeded again:
   * at K = 8 with a planted component of 2.8% the re-seeds used to chase one another for
   * hundreds of iterations. A fit may end with fewer components than asked for. Each event
   * is logged. 0 keeps every component as it is. Needs experts without priors, a gate that can
   * change its components and no regularizers; otherwise the components are kept and a warning
   * is logged.
   */
  public EmConfig minPrior(double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException("minPrior must be in [0, 1), got " + v);
    }
    minPrior = v;
    return this;
  }

  /**
   * Lower bound on every noise variance, as a fraction of the (mean) variance of the answers
   * (>= 0); default 1e-4, i.e. a noise standard deviation of at least 1% of that of y. It stops
   * a component from collapsing onto a few points that a line fits exactly (an unbounded
   * likelihood); a larger floor set on the experts themselves is kept.
   */
  public EmConfig varianceFloor(double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("varianceFloor must be a finite value >= 0, got " + v);
    }
    varianceFloor = v;
    return this;
  }

  /**
   * How many times a converged fit may be perturbed and continued (>= 0); default 3. Two
   * perturbations exist: when EM stops with two experts nearly identical (a saddle), they are
   * split along the direction of positive curvature of the log-likelihood; when the gate is the
   * linear softmax gate (a mixture of experts), it is restarted from uniform weights with the
   * fitted experts, which lets the experts renegotiate where each one applies after a gate that
   * has turned nearly hard froze the partition. EM continues from the perturbed parameters and
   * the result replaces the stopped fit only if its bound is higher, so a perturbation costs one
   * EM run and never gives a worse fit. 0 disables both.
   */
  public EmConfig perturbations(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("perturbations must be >= 0, got " + v);
    }
    perturbations = v;
    return this;
  }

  /**
   * Largest allowed ratio of two components' noise variances (>= 1; {@code
   * Double.POSITIVE_INFINITY} for none); default {@value #DEFAULT_VARIANCE_RATIO}, a ratio of
   * 30 between noise standard deviations. Hathaway's (1985) constraint: the likelihood of
   * a mixture with free variances is unbounded (a component on a few rows that a line fits
   * exactly), and its spurious maxima attract EM; under the constraint the M-step maximises the
   * likelihood over the allowed variances, so the bound still never decreases. Acts on experts
   * with one variance per component ({@code NoiseRatio}; Gaussian experts with {@code
   * NoiseModel.PER_COMPONENT}); a smaller bound set on the experts themselves is kept.
   */
  public EmConfig maxVarianceRatio(double v) {
    if (!(v >= 1)) {
      throw new IllegalArgumentException("maxVarianceRatio must be >= 1 (or Infinity for none),"
          + " got " + v);
    }
    maxVarianceRatio = v;
    return this;
  }

  /** Largest allowed ratio of two components' noise variances. */
  public double maxVarianceRatio() {
    return maxVarianceRatio;
  }

  /**
   * How many rows the starts run on (>= 1); default 20,000. With several starts and more rows
   * than this, the starts' short runs go over a uniform sample of about this many rows (each
   * row kept by a draw keyed by the seed and its index, so the sample does not depend on the
   * partitioning), collected once into memory on the driver; the best start then continues on
   * all rows (a network gate, whose starts run with constant weights, is first trained on the
   * same sample), and the fit's iterations count only those. With at most this many rows, all rows
   * are collected (a Spark fit's starts then cost no Spark job). Not used when the gate keeps a
   * per-row state (the sparse gate).
   */
  public EmConfig startRows(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("startRows must be >= 1, got " + v);
    }
    startRows = v;
    return this;
  }

  /**
   * Below how many rows the data count as small (>= 0); default 2,000. With fewer rows and
   * numInit > 1 the engine runs {@code ceil(numInit * sqrt(smallDataRows / N))} starts (at most
   * 100), each to convergence, and the best is the fit (it goes on only if it had not
   * converged): on mcycle and small planted sets ten short runs stopped up to 3.4
   * log-likelihood units below the best optimum. 0 turns this off (numInit short runs whatever
   * N).
   */
  public EmConfig smallDataRows(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("smallDataRows must be >= 0, got " + v);
    }
    smallDataRows = v;
    return this;
  }

  /**
   * Whether EM is accelerated by squared extrapolation (SQUAREM, Varadhan and Roland 2008);
   * default true. Every second M-step the engine extrapolates along the last two EM steps and
   * scores the extrapolated point; when its bound is lower than the last one (or it leaves a
   * component below {@link #minPrior}), the plain EM point is scored instead, so the bound
   * never decreases. Acts when the experts and the gate can be moved along a parameter vector
   * (Gaussian experts without priors; Dirichlet mixing weights or the linear gate) in the
   * 'default' model type; other fits run plain EM. The fit's iterations count M-steps; a
   * failed extrapolation costs one extra pass.
   */
  public EmConfig acceleration(boolean v) {
    acceleration = v;
    return this;
  }

  /** Whether EM is accelerated (SQUAREM). */
  public boolean acceleration() {
    return acceleration;
  }

  /** Below how many rows the data count as small. */
  public int smallDataRows() {
    return smallDataRows;
  }

  /** Rows the starts run on. */
  public int startRows() {
    return startRows;
  }

  /** Smallest share of the total weight per component. */
  public double minPrior() {
    return minPrior;
  }

  /** Noise variance floor relative to the variance of the answers. */
  public double varianceFloor() {
    return varianceFloor;
  }

  /** Number of perturbations of a converged fit. */
  public int perturbations() {
    return perturbations;
  }

  /** Iteration limit. */
  public int maxIter() {
    return maxIter;
  }

  /** Tolerance per unit weight. */
  public double tol() {
    return tol;
  }

  /** The model type. */
  public ModelType modelType() {
    return modelType;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** Number of random starts. */
  public int numInit() {
    return numInit;
  }

  /** Length of each short run. */
  public int initIterations() {
    return initIterations;
  }

  /** The init mode. */
  public InitMode initMode() {
    return initMode;
  }

  /** Gate optimiser iterations per EM iteration. */
  public int gateMaxIter() {
    return gateMaxIter;
  }

  /** Rows of the gate's driver-side M-step (0: distributed). */
  public int gateSampleRows() {
    return gateSampleRows;
  }

  /** Rows up to which the fit runs on the driver (0: never). */
  public int localRows() {
    return localRows;
  }

  /** Gate optimiser tolerance. */
  public double gateTol() {
    return gateTol;
  }

  /**
   * Directory on the driver's file system for checkpoints of the EM state ({@link
   * EmCheckpoint}): when set, the continuing run's parameters, iteration and bound history are
   * written there atomically every {@link #checkpointInterval()} iterations (and once when
   * the random starts are done), and {@link EmEngine#resume(MixtureState)} continues an interrupted fit
   * from them. Null (the default) for none.
   */
  public EmConfig checkpointDir(String v) {
    if (v != null && v.isBlank()) {
      throw new IllegalArgumentException("checkpointDir must be null (none) or a directory path,"
          + " got a blank string");
    }
    checkpointDir = v;
    return this;
  }

  /** The driver-side checkpoint directory, or null. */
  public String checkpointDir() {
    return checkpointDir;
  }

  /**
   * Names of the data's feature columns, in order (without the appended intercept column), for
   * the engine's warnings; null (the default) to name columns by their 0-based index.
   */
  public EmConfig featureNames(String... names) {
    featureNames = names == null ? null : names.clone();
    return this;
  }

  /** The feature columns' names, or null. */
  public String[] featureNames() {
    return featureNames == null ? null : featureNames.clone();
  }

  /**
   * Names of the data's outputs, in order (one label column, or the entries of a vector label),
   * for the engine's errors; null (the default) to name outputs by their 0-based index.
   */
  public EmConfig labelNames(String... names) {
    labelNames = names == null ? null : names.clone();
    return this;
  }

  /** The outputs' names, or null. */
  public String[] labelNames() {
    return labelNames == null ? null : labelNames.clone();
  }

  /**
   * The front end's settings that shape the fitted state, as {@code name = value} entries (the
   * estimators pass their params), recorded in a checkpoint and compared when resuming ({@link
   * FitIdentity}); none by default.
   */
  public EmConfig fitSettings(String... entries) {
    fitSettings = entries == null ? new String[0] : entries.clone();
    return this;
  }

  /** The front end's settings that shape the fitted state. */
  public String[] fitSettings() {
    return fitSettings.clone();
  }
}
