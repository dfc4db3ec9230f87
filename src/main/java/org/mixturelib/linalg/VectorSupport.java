package org.mixturelib.linalg;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether the pass's hot loops run on the incubating Vector API ({@code jdk.incubator.vector}):
 * whether the JVM resolved that module is found once per JVM, and the system property {@code
 * mixturelib.vector} is read each time a partition's loops are made (so a test can run both
 * paths in one JVM):
 *
 * <ul>
 *   <li>{@code auto} (the default): the Vector API when the JVM resolved the module (Spark 4's
 *       launcher adds it; on Spark 3.5 {@code --add-modules jdk.incubator.vector} in the driver's
 *       and executors' Java options, as the project's launchers, tests and {@code conf/} do), the
 *       scalar loops otherwise;
 *   <li>{@code scalar}: the scalar loops whatever the JVM has (tests of the scalar path, or to
 *       rule the vector loops out);
 *   <li>{@code vector}: the Vector API, and an error when the module is absent.
 * </ul>
 *
 * <p>Both paths give the same results to about 1e-15 relative (the order of the additions
 * differs, and the vector loops use fused multiply-adds). The vector loops' {@code exp} and
 * {@code log} are not reproducible to the bit either: two passes over the same rows in one JVM
 * may differ by an ulp (a negbin model's responsibilities did, between its transform before and
 * after a save and load), as the JIT's vector maths replaces the lane-by-lane fallback. Set the property for executors too
 * ({@code spark.executor.extraJavaOptions}); see {@code docs/performance.md}.
 */
public final class VectorSupport {
  /** The system property that selects the loops. */
  public static final String PROPERTY = "mixturelib.vector";
  /** The incubating module the vector loops need. */
  public static final String MODULE = "jdk.incubator.vector";

  private static final boolean RESOLVED = ModuleLayer.boot().findModule(MODULE).isPresent();

  private VectorSupport() {}

  /**
   * Whether loops made now use the Vector API.
   *
   * @throws IllegalArgumentException when the property has another value than the three above
   * @throws IllegalStateException when it says {@code vector} and the module is absent
   */
  public static boolean enabled() {
    return choose(System.getProperty(PROPERTY, "auto"), RESOLVED);
  }

  /**
   * New loops of the kind chosen now: an instance of {@code vectorClass} (made by name, so that
   * nothing links to a class compiled against the module unless it is used) when {@link
   * #enabled()}, else {@code scalar}'s.
   *
   * @param type the loops' interface
   * @param vectorClass the binary name of its Vector API implementation (a public no-argument
   *     constructor, or one its package can reach)
   * @param scalar the scalar implementation
   */
  public static <T> T loops(Class<T> type, String vectorClass, Supplier<T> scalar) {
    if (!enabled()) {
      return scalar.get();
    }
    try {
      var constructor = Class.forName(vectorClass).asSubclass(type).getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the vector loops " + vectorClass + " cannot be made", e);
    }
  }

  /** Whether the JVM resolved {@link #MODULE} (whatever the property says). */
  public static boolean moduleResolved() {
    return RESOLVED;
  }

  /** {@code "vector"} or {@code "scalar"}: the loops made now, for logs and benchmark reports. */
  public static String describe() {
    return enabled() ? "vector" : "scalar";
  }

  /** The choice for a property value and whether the module is there. */
  static boolean choose(String value, boolean resolved) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return resolved;
      case "scalar":
        return false;
      case "vector":
        if (!resolved) {
          throw new IllegalStateException("system property " + PROPERTY + "=vector, but the JVM"
              + " has no module " + MODULE + " (start it with --add-modules " + MODULE + ")");
        }
        return true;
      default:
        throw new IllegalArgumentException("system property " + PROPERTY + " must be 'auto',"
            + " 'scalar' or 'vector', got '" + value + "'");
    }
  }
}
