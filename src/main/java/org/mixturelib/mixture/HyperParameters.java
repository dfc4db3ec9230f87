package org.mixturelib.mixture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 0.4's {@code HyperParameters} dictionary: named values shared by the components of a
 * mixture. {@code "beta"} is the experts' noise variance ("noise level"); {@code "alpha"} the
 * strength of RegularizeModel (a variance per coordinate, or one value).
 */
public final class HyperParameters {
  private final Map<String, double[]> values = new LinkedHashMap<>();

  /** An empty dictionary. */
  public HyperParameters() {}

  /** A dictionary with one entry. */
  public static HyperParameters of(String name, double... value) {
    return new HyperParameters().set(name, value);
  }

  /** Sets an entry (a copy of value is kept) and returns this. */
  public HyperParameters set(String name, double... value) {
    if (name == null || value == null || value.length == 0) {
      throw new IllegalArgumentException("a hyperparameter needs a name and a value");
    }
    values.put(name, value.clone());
    return this;
  }

  /** Whether the entry exists. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * The entry's value.
   *
   * @throws IllegalArgumentException naming the missing entry
   */
  public double[] get(String name) {
    double[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("HyperParameters must contain '" + name + "'");
    }
    return v.clone();
  }

  /** A scalar entry. */
  public double scalar(String name) {
    double[] v = get(name);
    if (v.length != 1) {
      throw new IllegalArgumentException("hyperparameter '" + name + "' must be a scalar, got "
          + v.length + " values");
    }
    return v[0];
  }
}
