package org.mixturelib.mixture;

/**
 * Named hyperparameter values as the 0.4-style local models ({@link EachModel}) and
 * regularizers read them: 0.4's {@code HyperParameters} dictionary ({@code "beta"}, the noise
 * variance; {@code "alpha"}, RegularizeModel's strength) seen from the components' layer, so that
 * it need not import the 0.4 front end, whose {@code mixture.HyperParameters} implements this.
 * No entries at all is {@code name -> null}.
 */
@FunctionalInterface
public interface NamedValues {
  /** The entry's value (a copy), or null when there is none. */
  double[] valueOrNull(String name);

  /** Whether the entry exists. */
  default boolean has(String name) {
    return valueOrNull(name) != null;
  }

  /**
   * The entry's value (a copy).
   *
   * @throws IllegalArgumentException naming the missing entry
   */
  default double[] get(String name) {
    double[] v = valueOrNull(name);
    if (v == null) {
      throw new IllegalArgumentException("HyperParameters must contain '" + name + "'");
    }
    return v;
  }

  /**
   * A scalar entry.
   *
   * @throws IllegalArgumentException naming the entry when it is missing or not one value
   */
  default double scalar(String name) {
    double[] v = get(name);
    if (v.length != 1) {
      throw new IllegalArgumentException("hyperparameter '" + name + "' must be a scalar, got "
          + v.length + " values");
    }
    return v[0];
  }
}
