package org.mixturelib.engine;

/**
 * Receives a fit's progress: one call per recorded bound (every E-step of every run: each start's
 * short run, the continuing run, a perturbation's trial), in the order they happen. Called on the
 * driver's thread; a slow listener slows the fit.
 */
@FunctionalInterface
public interface EmListener {
  /** One EM iteration's E-step has recorded its bound. */
  void iteration(EmProgress progress);
}
