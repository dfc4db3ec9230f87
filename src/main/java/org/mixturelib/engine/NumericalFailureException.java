package org.mixturelib.engine;

/**
 * An EM iteration produced non-finite parameters; the parameters of the last good iteration
 * are kept in {@link #lastGood()}.
 */
public final class NumericalFailureException extends ArithmeticException {
  private static final long serialVersionUID = 1L;
  private final transient MixtureState lastGood;

  /** @param message what failed; @param lastGood the last finite parameters */
  public NumericalFailureException(String message, MixtureState lastGood) {
    super(message);
    this.lastGood = lastGood;
  }

  /** The parameters before the failing iteration. */
  public MixtureState lastGood() {
    return lastGood;
  }
}
