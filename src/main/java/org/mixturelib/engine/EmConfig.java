package org.mixturelib.engine;

/**
 * Settings of one EM fit. Every setter validates its argument and names it in the error.
 */
public final class EmConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private String checkpointDir;
  private int maxIter = 200;
  private double tol = 1e-6;
  private ModelType modelType = ModelType.DEFAULT;
  private long seed = 42;
  private int numInit = 5;
  private int initIterations = 10;
  private InitMode initMode = InitMode.RANDOM;
  private int gateMaxIter = 50;
  private double gateTol = 1e-7;
  private int checkpointInterval = 10;

  /** Iteration limit (>= 1); default 200. */
  public EmConfig maxIter(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("maxIter must be >= 1, got " + v);
    }
    maxIter = v;
    return this;
  }

  /** Tolerance on the change of the bound per unit of case weight (> 0); default 1e-6. */
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

  /** Number of random starts (>= 1); default 5. */
  public EmConfig numInit(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("numInit must be >= 1, got " + v);
    }
    numInit = v;
    return this;
  }

  /** Iterations of each short run when numInit > 1 (>= 1); default 10. */
  public EmConfig initIterations(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("initIterations must be >= 1, got " + v);
    }
    initIterations = v;
    return this;
  }

  /** Random start or the given parameters. */
  public EmConfig initMode(InitMode v) {
    initMode = java.util.Objects.requireNonNull(v, "initMode");
    return this;
  }

  /** L-BFGS iterations of a gradient-trained gate per EM iteration (>= 1); default 50. */
  public EmConfig gateMaxIter(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("gateMaxIter must be >= 1, got " + v);
    }
    gateMaxIter = v;
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

  /** Gate L-BFGS iterations per EM iteration. */
  public int gateMaxIter() {
    return gateMaxIter;
  }

  /** Gate optimiser tolerance. */
  public double gateTol() {
    return gateTol;
  }

  /**
   * Directory on the driver's file system for checkpoints of the EM state ({@link
   * EmCheckpoint}): when set, the continuing run's parameters, iteration and bound history are
   * written there atomically every {@link #checkpointInterval()} iterations (and once when
   * the random starts are done), and {@link EmEngine#resume()} continues an interrupted fit
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
}
