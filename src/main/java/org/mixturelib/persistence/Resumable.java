package org.mixturelib.persistence;

/**
 * A component whose fit in progress depends on more than the parameters it saves (a noise
 * floor set for the fit, a line search's last step): it writes that progress as its own small
 * record beside its parameters in a checkpoint, so that a resumed fit repeats the
 * uninterrupted one. Saved models hold the parameters only.
 */
public interface Resumable extends Persistent {
  /** Writes the state of the fit in progress that {@link #writeParameters} does not hold. */
  void writeProgress(ParameterWriter out);

  /**
   * Restores what {@link #writeProgress} wrote, after {@link #readParameters}.
   *
   * @throws IllegalArgumentException (from {@link ParameterReader#corrupt}) when the saved
   *     values do not fit this component
   */
  void readProgress(ParameterReader in);
}
