package org.mixturelib.engine;

import java.util.Locale;

/**
 * One EM iteration as an {@link EmListener} sees it.
 *
 * @param phase which kind of run the iteration belongs to
 * @param start the start the run came from, 1-based (0 when the fit began from given
 *     parameters or a checkpoint)
 * @param starts the number of starts of the fit (1 without short runs)
 * @param iteration the run's E-step count, 1-based (a resumed fit counts on from its checkpoint)
 * @param bound the bound recorded by this E-step (the log-likelihood for maximum likelihood)
 * @param change the change of the bound from the previous E-step per unit of case weight, or
 *     NaN for a first E-step and after the model changed (a component re-seeded or removed)
 * @param seconds wall time of the iteration (E-step, and the M-step unless it converged)
 * @param converged whether this E-step met the fit's tolerance (the run ends here)
 */
public record EmProgress(Phase phase, int start, int starts, int iteration, double bound,
    double change, double seconds, boolean converged) {

  /** Which kind of run an iteration belongs to. */
  public enum Phase {
    /** The short run of one start ({@code numInit} > 1). */
    START,
    /** The run that continues to convergence (the best start, or a given or resumed fit). */
    FIT,
    /** A trial run after perturbing a converged fit (kept only when it gains). */
    PERTURBATION
  }

  /**
   * One short line with rounded numbers, for logs: {@code "start 2/5 iteration 7: bound
   * -1234.568, change 1.2e-04, 0.031 s"} ({@code change -} when there is none).
   */
  public String line() {
    String where = switch (phase) {
      case START -> "start " + start + "/" + starts + " iteration " + iteration;
      case FIT -> "iteration " + iteration;
      case PERTURBATION -> "perturbation iteration " + iteration;
    };
    String delta = Double.isNaN(change) ? "-" : String.format(Locale.ROOT, "%.2g", change);
    return String.format(Locale.ROOT, "%s: bound %.3f, change %s, %.3f s%s", where, bound,
        delta, seconds, converged ? ", converged" : "");
  }
}
