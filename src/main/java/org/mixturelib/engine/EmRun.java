package org.mixturelib.engine;

import org.mixturelib.data.ColumnSummary;
import org.mixturelib.engine.init.StartRule;

/**
 * One EM run as the starts and the fit drive it: its first M-step from a start rule, its
 * iterations, where it stands, and its move onto other rows. {@link EmEngine}'s runs implement
 * it; {@link Starts} knows runs only through it.
 */
interface EmRun {
  /**
   * What a run's progress lines say it is.
   *
   * @param phase the fit's phase
   * @param start the start it is (from 1), 0 for none
   * @param starts the number of starts
   */
  record Label(EmProgress.Phase phase, int start, int starts) {
    /** The continuing fit of a single start. */
    static final Label FIT = new Label(EmProgress.Phase.FIT, 0, 1);

    /** The same start in another phase. */
    Label as(EmProgress.Phase other) {
      return new Label(other, start, starts);
    }
  }

  /** Sets what the run's progress lines say it is. */
  void label(Label label);

  /** What the run's progress lines say it is. */
  Label label();

  /**
   * The first M-step, from the responsibilities of a start rule (see {@link StartRule}).
   *
   * @throws NumericalFailureException when it fails or gives non-finite parameters
   */
  void start(StartRule rule);

  /**
   * Runs up to {@code count} iterations, stopping at convergence, or, for a short run, when
   * the change is within {@code shortTol} ({@link EmEngine#FULL_RUN} for none).
   */
  void iterate(int count, double shortTol);

  /** The current parameters. */
  MixtureState state();

  /** The last recorded bound, negative infinity before the first. */
  double lastBound();

  /** M-steps done. */
  int iterations();

  /** E-step passes made. */
  int passes();

  /** Releases the run's per-row state. */
  void release();

  /**
   * A new run of this run's parameters on {@code engine}'s rows, from its first iteration,
   * continuing this run's components (their numbers and removals).
   */
  EmRun freshOn(EmEngine engine);

  /** This run on {@code engine}'s rows (the same rows), where it stands. */
  EmRun movedTo(EmEngine engine);

  /** Writes a checkpoint of the run now (when the fit has a checkpoint directory). */
  void checkpointNow();

  /**
   * Runs this run to convergence or maxIter, checkpointing on the way, perturbs it off
   * saddles and returns the fit.
   */
  FitResult complete(ColumnSummary summary);
}
