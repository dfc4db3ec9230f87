package org.mixturelib.localmodels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The families of experts known by type id: the library's own ({@code "gaussian"}, {@code
 * "poisson"}, {@code "binomial"}, {@code "gamma"}, {@code "negbin"}, each taking the settings
 * {@code link} and the elastic net's {@code penalty} and {@code alpha}; the zero-inflated {@code
 * "zipoisson"} and {@code "zinegbin"}; the hurdle {@code "hurdlepoisson"} and {@code
 * "hurdlenegbin"}; {@code "tobit"};
 * {@code "multinomial"}, taking the label's levels) and every
 * {@link ExpertFamilyProvider} that {@link ServiceLoader} finds on the classpath (loaded once,
 * on first use).
 */
public final class ExpertFamilies {
  private ExpertFamilies() {}

  /** The library's families, then the providers on the classpath, by type id. */
  private static final class Known {
    static final Map<String, ExpertFamilyProvider> PROVIDERS = load();
  }

  private static Map<String, ExpertFamilyProvider> load() {
    Map<String, ExpertFamilyProvider> all = new LinkedHashMap<>();
    add(all, new Gaussian());
    for (GlmFamily f : GlmFamilies.all()) {
      if (!f.typeId().equals(LinearExperts.TYPE_ID)) {
        add(all, new Glm(f));
      }
    }
    add(all, new TobitProvider());
    add(all, new ZeroInflation("poisson"));
    add(all, new ZeroInflation("negbin"));
    add(all, new HurdleProvider(GlmFamily.POISSON));
    add(all, new HurdleProvider(GlmFamily.NEGBIN));
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

  /**
   * The rule the rows of the family {@code typeId} meet under these settings ({@link
   * RowRules}), or null when the family takes every row of finite values or is unknown.
   *
   * @throws IllegalArgumentException naming a setting the rule cannot read
   */
  public static RowRule rowRule(String typeId, FamilySettings settings) {
    return Known.PROVIDERS.get(typeId) instanceof RowRules r ? r.rowRule(settings) : null;
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

  /** The settings the library's GLM families take: the link's id and the elastic net's. */
  private static final Set<String> LINK = Set.of("link", ElasticNet.PENALTY, ElasticNet.ALPHA);

  /**
   * GLM experts of one of the library's families ({@link GlmFamilies}), through the link the
   * setting {@code link} names (the family's default when absent).
   */
  private record Glm(GlmFamily family) implements ExpertFamilyProvider, RowRules {
    @Override
    public RowRule rowRule(FamilySettings settings) {
      return new GlmRows(family);
    }

    @Override
    public String typeId() {
      return family.typeId();
    }

    @Override
    public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
      return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
    }

    @Override
    public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
        FamilySettings settings) {
      settings.refuseOthers(typeId(), LINK);
      if (numOutputs != 1) {
        throw new IllegalArgumentException("family '" + typeId() + "' fits one output, got "
            + numOutputs);
      }
      GlmExperts experts = new GlmExperts(family, family.link(settings.text("link", "")),
          numExperts, numFeatures);
      experts.setPenalty(ElasticNet.of(settings));
      return experts;
    }
  }

  /**
   * Gaussian experts: the closed-form {@link LinearExperts} through the identity link (the
   * default), GLM experts of the Gaussian family ({@link GlmFamilies}) through another link or
   * with an elastic-net penalty ({@link ElasticNet}).
   */
  private static final class Gaussian implements ExpertFamilyProvider {
    @Override
    public String typeId() {
      return LinearExperts.TYPE_ID;
    }

    @Override
    public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
      return new LinearExperts(numExperts, numFeatures, numOutputs);
    }

    @Override
    public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
        FamilySettings settings) {
      settings.refuseOthers(typeId(), LINK);
      String link = settings.text("link", "identity");
      if (link.isEmpty()) {
        link = StandardLink.IDENTITY.id();
      }
      boolean penalised = ElasticNet.of(settings) != null;
      if (link.equals(StandardLink.IDENTITY.id()) && !penalised) {
        return create(numExperts, numFeatures, numOutputs);
      }
      GlmFamily glm = GlmFamilies.ofId(typeId());
      List<String> links = new ArrayList<>(List.of(StandardLink.IDENTITY.id()));
      glm.links().forEach(l -> {
        if (!links.contains(l.id())) {
          links.add(l.id());
        }
      });
      if (!links.contains(link)) {
        throw new IllegalArgumentException("link '" + link + "' is not supported with family '"
            + typeId() + "' (it takes: " + String.join(", ", links) + ")");
      }
      return new Glm(glm).create(numExperts, numFeatures, numOutputs,
          settings.with("link", link));
    }
  }
}
