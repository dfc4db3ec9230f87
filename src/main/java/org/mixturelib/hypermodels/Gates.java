package org.mixturelib.hypermodels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The gates known by type id: the library's own ({@code "dirichlet"}, {@code "linear"}, {@code
 * "mlp"}, {@code "sparse"}) and every {@link GateProvider} that {@link ServiceLoader} finds on
 * the classpath (loaded once, on first use).
 */
public final class Gates {
  private Gates() {}

  /** The library's gates, then the providers on the classpath, by type id. */
  private static final class Known {
    static final Map<String, GateProvider> PROVIDERS = load();
  }

  private static Map<String, GateProvider> load() {
    Map<String, GateProvider> all = new LinkedHashMap<>();
    add(all, new Builtin("dirichlet", false, s -> {
      double[] ones = new double[s.components()];
      Arrays.fill(ones, 1.0);
      return new HyperModelDirichlet(ones, false);
    }));
    add(all, new Builtin("linear", true, s -> skipping(new LinearGate(s.inputs(),
        s.components()), s)));
    add(all, new Builtin("mlp", true, s -> skipping(new NetworkGate(s.inputs(),
        s.hiddenLayers(), s.components(), Activation.parse(s.activation()), s.seed()), s)));
    add(all, new Builtin("sparse", false, s -> new HyperModelGateSparsed(s.components())));
    for (GateProvider p : ServiceLoader.load(GateProvider.class)) {
      add(all, p);
    }
    return Collections.unmodifiableMap(all);
  }

  private static SoftmaxGate skipping(SoftmaxGate gate, GateSpec spec) {
    gate.setSkippedTrailingFeatures(spec.interceptInputs());
    return gate;
  }

  private static void add(Map<String, GateProvider> all, GateProvider p) {
    String id = p.typeId();
    if (id == null || id.isEmpty()) {
      throw new IllegalStateException("gate provider " + p.getClass().getName()
          + " has no type id");
    }
    GateProvider before = all.putIfAbsent(id, p);
    if (before != null) {
      throw new IllegalStateException("two gates have type id '" + id + "': "
          + before.getClass().getName() + " and " + p.getClass().getName());
    }
  }

  /** Whether a gate of that type id is known. */
  public static boolean isKnown(String typeId) {
    return Known.PROVIDERS.containsKey(typeId);
  }

  /** Every known type id: the library's gates first. */
  public static List<String> typeIds() {
    return new ArrayList<>(Known.PROVIDERS.keySet());
  }

  /**
   * Whether the gate {@code typeId} reads the inputs ({@link GateProvider#readsInputs}).
   *
   * @throws IllegalArgumentException when the gate is unknown (listing the known ones)
   */
  public static boolean readsInputs(String typeId) {
    return provider(typeId).readsInputs();
  }

  /**
   * The gate {@code typeId} built from {@code spec}, before its first M-step.
   *
   * @throws IllegalArgumentException naming the gate when it is unknown (listing the known
   *     ones), when its provider refuses the spec or makes a gate of another type id or size
   */
  public static Gate create(String typeId, GateSpec spec) {
    Gate made = provider(typeId).create(spec);
    if (!typeId.equals(made.typeId())) {
      throw new IllegalArgumentException("gate '" + typeId + "': its provider made a gate of"
          + " type id '" + made.typeId() + "'");
    }
    if (made.numComponents() != spec.components()) {
      throw new IllegalArgumentException("gate '" + typeId + "': its provider made a gate of "
          + made.numComponents() + " components for k = " + spec.components());
    }
    return made;
  }

  private static GateProvider provider(String typeId) {
    GateProvider p = Known.PROVIDERS.get(typeId);
    if (p == null) {
      throw new IllegalArgumentException("gate '" + typeId + "' is unknown (known: "
          + String.join(", ", typeIds()) + "; a gate of one's own is registered as an "
          + GateProvider.class.getName() + " service)");
    }
    return p;
  }

  /** One of the library's own gates. */
  private record Builtin(String typeId, boolean readsInputs, Function<GateSpec, Gate> factory)
      implements GateProvider {
    @Override
    public Gate create(GateSpec spec) {
      return factory.apply(spec);
    }
  }
}
