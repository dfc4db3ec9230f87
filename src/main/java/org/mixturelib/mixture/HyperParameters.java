package org.mixturelib.mixture;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mixturelib.mixture.NamedValues;

/**
 * 0.4's {@code HyperParameters} dictionary: named values shared by the components of a
 * mixture. {@code "beta"} is the experts' noise variance ("noise level"); {@code "alpha"} the
 * strength of RegularizeModel (a variance per coordinate, or one value). The local models and
 * regularizers read it as {@link NamedValues}.
 */
public final class HyperParameters implements NamedValues {
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

  /** The entry's value (a copy), or null; {@code has}, {@code get} and {@code scalar} read it. */
  @Override
  public double[] valueOrNull(String name) {
    double[] v = values.get(name);
    return v == null ? null : v.clone();
  }
}
