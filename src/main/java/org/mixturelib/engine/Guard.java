package org.mixturelib.engine;

/**
 * A hook on each E-step, run before its bound is recorded: it may change the model (re-seed or
 * remove a component), which the loop then scores again before recording. A run holds its
 * guards in a list and applies them in order, the first that changes the model ending the
 * round; a new guard is a new class in that list ({@link ReseedGuard}, {@link MinPriorGuard}).
 * What guards remember across iterations is in the run's {@link Components} record, which a
 * checkpoint holds.
 */
interface Guard {
  /**
   * The model after this guard at the E-step {@code stats} of {@code state}, or null when it
   * leaves the model as it is.
   *
   * @param iterations the run's completed iterations (for the log and the removal record)
   */
  MixtureState apply(MixtureState state, EStepStats stats, int iterations);

  /**
   * Whether an extrapolated point (SQUAREM's) with E-step {@code stats} of {@code k}
   * components passes this guard unchanged; one that would not gives way to its plain EM point.
   */
  default boolean admits(EStepStats stats, int k) {
    return true;
  }
}
