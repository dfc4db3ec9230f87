package org.mixturelib.engine;

/** How the experts learn from the responsibilities (0.4's {@code model_type}). */
public enum ModelType {
  /** Each expert learns from all objects weighted by its responsibility column. */
  DEFAULT,
  /**
   * Each object goes to one expert drawn from its responsibilities, with a generator keyed by
   * (seed, iteration, row), so that runs repeat. The gate still learns from the soft
   * responsibilities.
   */
  SAMPLE;

  /** Parses {@code "default"} or {@code "sample"} (case-insensitive). */
  public static ModelType parse(String name) {
    if ("default".equalsIgnoreCase(name)) {
      return DEFAULT;
    }
    if ("sample".equalsIgnoreCase(name)) {
      return SAMPLE;
    }
    throw new IllegalArgumentException("model_type must be 'default' or 'sample', got '" + name
        + "'");
  }
}
