package org.mixturelib.localmodels;

/**
 * Experts whose M-step is a step that may overshoot (a generalised EM step, e.g. one IRLS step):
 * when the E-step after it finds that the bound fell, the engine asks for the step to be halved
 * and scores again, so that the bound never decreases.
 */
public interface StepHalving extends ExpertFamily {
  /**
   * Moves the parameters back to half of the last M-step's step from where that step started.
   *
   * @return false when there is no step to halve (none taken yet, or the halvings are used up);
   *     the parameters are then unchanged
   */
  boolean halveLastStep();
}
