package org.mixturelib.engine;

/**
 * An EM iteration failed numerically: its E-step or M-step met a NaN or an infinity (non-finite
 * parameters, a bound that is not finite, a row that no component can explain). The parameters
 * of the last iteration whose bound was finite are kept in {@link #lastGood()}.
 */
public final class NumericalFailureException extends ArithmeticException {
  private static final long serialVersionUID = 1L;
  private final transient MixtureState lastGood;

  /**
   * @param message what failed
   * @param lastGood the parameters of the last good iteration, or null if none completed
   */
  public NumericalFailureException(String message, MixtureState lastGood) {
    super(message);
    this.lastGood = lastGood;
  }

  /** The parameters of the last iteration whose bound was finite, or null if none completed. */
  public MixtureState lastGood() {
    return lastGood;
  }
}
