package org.mixturelib.localmodels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The families of experts known by type id: the library's own ({@code "gaussian"}, {@code
 * "poisson"}, {@code "binomial"}, {@code "gamma"}, {@code "multinomial"}) and every {@link
 * ExpertFamilyProvider} that
 * {@link ServiceLoader} finds on the classpath (loaded once, on first use).
 */
public final class ExpertFamilies {
  private ExpertFamilies() {}

  /** The library's families, then the providers on the classpath, by type id. */
  private static final class Known {
    static final Map<String, ExpertFamilyProvider> PROVIDERS = load();
  }

  private static Map<String, ExpertFamilyProvider> load() {
    Map<String, ExpertFamilyProvider> all = new LinkedHashMap<>();
    add(all, new Builtin(LinearExperts.TYPE_ID, LinearExperts::new));
    for (GlmFamily f : GlmFamily.values()) {
      add(all, new Builtin(f.paramName(), (k, d, m) -> {
        if (m != 1) {
          throw new IllegalArgumentException("family '" + f.paramName() + "' fits one output,"
              + " got " + m);
        }
        return new GlmExperts(f, k, d);
      }));
    }
    add(all, new TobitProvider());
    add(all, new MultinomialProvider());
    for (ExpertFamilyProvider p : ServiceLoader.load(ExpertFamilyProvider.class)) {
      add(all, p);
    }
    return Collections.unmodifiableMap(all);
  }

  private static void add(Map<String, ExpertFamilyProvider> all, ExpertFamilyProvider p) {
    String id = p.typeId();
    if (id == null || id.isEmpty()) {
      throw new IllegalStateException("expert family provider " + p.getClass().getName()
          + " has no type id");
    }
    ExpertFamilyProvider before = all.putIfAbsent(id, p);
    if (before != null) {
      throw new IllegalStateException("two expert families have type id '" + id + "': "
          + before.getClass().getName() + " and " + p.getClass().getName());
    }
  }

  /** Whether a family of that type id is known. */
  public static boolean isKnown(String typeId) {
    return Known.PROVIDERS.containsKey(typeId);
  }

  /**
   * Whether the family of that type id reads a label of levels ({@link
   * CategoricalFamilyProvider}): it is made with the levels' names.
   */
  public static boolean takesLevels(String typeId) {
    return Known.PROVIDERS.get(typeId) instanceof CategoricalFamilyProvider;
  }

  /**
   * The per-row columns the family {@code typeId} may read (its provider's {@link
   * FamilyColumns}), or null when it reads none or is unknown.
   */
  public static FamilyColumns columns(String typeId) {
    ExpertFamilyProvider p = Known.PROVIDERS.get(typeId);
    return p instanceof FamilyColumns c ? c : null;
  }

  /** Every known type id: the library's families first. */
  public static List<String> typeIds() {
    return new ArrayList<>(Known.PROVIDERS.keySet());
  }

  /**
   * K experts of the family {@code typeId}, before their first M-step.
   *
   * @throws IllegalArgumentException naming the family when it is unknown, when its provider
   *     refuses the sizes or makes a family of another type id
   */
  public static ExpertFamily create(String typeId, int numExperts, int numFeatures,
      int numOutputs) {
    return create(typeId, numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  /**
   * K experts of the family {@code typeId} with its own settings (names as the Spark ML
   * params, e.g. {@code link}), before their first M-step.
   *
   * @throws IllegalArgumentException naming the family when it is unknown, when its provider
   *     refuses the sizes or a setting, or makes a family of another type id
   */
  public static ExpertFamily create(String typeId, int numExperts, int numFeatures,
      int numOutputs, FamilySettings settings) {
    ExpertFamilyProvider p = Known.PROVIDERS.get(typeId);
    if (p == null) {
      throw new IllegalArgumentException("family '" + typeId + "' is unknown (known: "
          + String.join(", ", typeIds()) + "; a family of one's own is registered as an "
          + ExpertFamilyProvider.class.getName() + " service)");
    }
    ExpertFamily made = p.create(numExperts, numFeatures, numOutputs, settings);
    if (!typeId.equals(made.typeId())) {
      throw new IllegalArgumentException("family '" + typeId + "': its provider made experts"
          + " of type id '" + made.typeId() + "'");
    }
    return made;
  }

  /** A constructor of the library's own families. */
  @FunctionalInterface
  private interface Factory {
    ExpertFamily create(int numExperts, int numFeatures, int numOutputs);
  }

  /** One of the library's own families. */
  private record Builtin(String typeId, Factory factory) implements ExpertFamilyProvider {
    @Override
    public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
      return factory.create(numExperts, numFeatures, numOutputs);
    }
  }
}
