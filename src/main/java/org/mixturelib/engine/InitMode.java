package org.mixturelib.engine;

/** How the EM loop starts. */
public enum InitMode {
  /**
   * Each expert fitted to its own small random subset of rows, the gate as constructed; with
   * several restarts, each runs a short EM and the best continues (flexmix's {@code
   * initFlexmix}).
   */
  RANDOM,
  /** The parameters as given (a warm start or an initial model): the E-step comes first. */
  GIVEN;

  /** Parses {@code "random"} or {@code "given"} (case-insensitive). */
  public static InitMode parse(String name) {
    if ("random".equalsIgnoreCase(name)) {
      return RANDOM;
    }
    if ("given".equalsIgnoreCase(name)) {
      return GIVEN;
    }
    throw new IllegalArgumentException("initMode must be 'random' or 'given', got '" + name
        + "'");
  }
}
