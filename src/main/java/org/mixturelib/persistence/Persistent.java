package org.mixturelib.persistence;

/**
 * A component (a family of experts, a gate) that writes and reads its own fitted parameters
 * under a stable type id.
 *
 * <p>Reading restores the numbers into a component already built from the same settings (the
 * model's params: its type, sizes, priors), and refuses, through {@link
 * ParameterReader#corrupt}, numbers that do not fit those settings.
 */
public interface Persistent {
  /**
   * The stable id saved files name this component by: for the library's families and gates the
   * value of the Spark ML {@code family} or {@code gate} param ({@code "gaussian"}, {@code
   * "poisson"}, {@code "linear"}, {@code "dirichlet"}, ...); for a user's family the id it is
   * registered under. Never a class name, so that classes may be renamed.
   */
  String typeId();

  /** Writes every fitted parameter needed to score and to warm start. */
  void writeParameters(ParameterWriter out);

  /**
   * Restores the parameters {@link #writeParameters} wrote.
   *
   * @throws IllegalArgumentException (from {@link ParameterReader#corrupt}) when the saved
   *     numbers do not fit this component's settings or sizes
   */
  void readParameters(ParameterReader in);
}
