package org.mixturelib.notebooks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values behind the {@code dbutils.widgets} stand-in that notebooks see in the tests: the
 * runner sets some (for example a temporary working folder), the notebooks' {@code text} calls
 * define the others with their defaults, as Databricks does.
 */
public final class NotebookWidgets {
  private static final Map<String, String> VALUES = new ConcurrentHashMap<>();

  private NotebookWidgets() {}

  /**
   * Sets a widget's value before the notebook runs (it then overrides the default).
   *
   * @param name widget name
   * @param value its value
   */
  public static void set(String name, String value) {
    VALUES.put(name, value);
  }

  /**
   * Defines a widget: keeps a value set by the runner, otherwise takes the default.
   *
   * @param name widget name
   * @param defaultValue the notebook's default
   */
  public static void define(String name, String defaultValue) {
    VALUES.putIfAbsent(name, defaultValue);
  }

  /**
   * A widget's value.
   *
   * @param name widget name
   * @return its value
   */
  public static String get(String name) {
    String v = VALUES.get(name);
    if (v == null) {
      throw new IllegalArgumentException("widget '" + name + "' is not defined; call"
          + " dbutils.widgets.text first");
    }
    return v;
  }

  /** Forgets every value (between notebooks). */
  static void clear() {
    VALUES.clear();
  }
}
