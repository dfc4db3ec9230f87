package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A family's own settings, name to text value: what a family of experts takes beyond its sizes
 * (a GLM family's {@code link}, say). The names are the Spark ML param names; {@code
 * ml/Experts} builds the settings from the params a family uses and the jobs set those params
 * from their flags. Immutable: {@link #with} returns a new instance. A family persists the
 * settings it keeps itself, under its own type id.
 */
public final class FamilySettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No settings at all. */
  public static final FamilySettings NONE = new FamilySettings(new TreeMap<>());

  private final TreeMap<String, String> values;

  private FamilySettings(TreeMap<String, String> values) {
    this.values = values;
  }

  /**
   * These settings with {@code name} set to {@code value} (replacing an earlier value).
   *
   * @throws IllegalArgumentException when the name is empty or the value null
   */
  public FamilySettings with(String name, String value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a family setting needs a name");
    }
    if (value == null) {
      throw new IllegalArgumentException("family setting '" + name + "' needs a value");
    }
    TreeMap<String, String> next = new TreeMap<>(values);
    next.put(name, value);
    return new FamilySettings(next);
  }

  /** Whether the setting {@code name} is given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The setting's text, or {@code fallback} when it is not given. */
  public String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * The setting's value as a number, or {@code fallback} when it is not given.
   *
   * @throws IllegalArgumentException naming the setting when its text is not a number
   */
  public double number(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("family setting '" + name + "' must be a number, got '"
          + v + "'", e);
    }
  }

  /** The names of the settings given, in alphabetical order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** The settings as an unmodifiable map, names in alphabetical order. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /**
   * Refuses every setting outside {@code allowed}.
   *
   * @param family the family's type id, for the message
   * @throws IllegalArgumentException "family 'X' takes no setting 'Y' (it takes: ...)"
   */
  public void refuseOthers(String family, Set<String> allowed) {
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        String takes = allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed));
        throw new IllegalArgumentException("family '" + family + "' takes no setting '" + name
            + "' (it takes: " + takes + ")");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FamilySettings s && values.equals(s.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
