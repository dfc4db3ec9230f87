package org.mixturelib.localmodels;

import java.util.ArrayList;
import java.util.List;

/**
 * The library's GLM families by type id: {@code "poisson"}, {@code "binomial"}, {@code
 * "gamma"}, {@code "negbin"} and {@code "gaussian"} (the Gaussian through a link other than the
 * identity). Each is its own class; {@link ExpertFamilies} registers {@link GlmExperts} of each.
 */
public final class GlmFamilies {
  private static final List<GlmFamily> ALL = List.of(GlmFamily.POISSON,
      GlmFamily.BINOMIAL, GlmFamily.GAMMA, GlmFamily.NEGBIN, GlmFamily.GAUSSIAN);

  private GlmFamilies() {}

  /** Every library GLM family, the order of their registration. */
  public static List<GlmFamily> all() {
    return ALL;
  }

  /** The library GLM family of that type id, or null for another id. */
  public static GlmFamily ofId(String typeId) {
    for (GlmFamily f : ALL) {
      if (f.typeId().equals(typeId)) {
        return f;
      }
    }
    return null;
  }

  /** The type ids of {@link #all()}. */
  public static List<String> typeIds() {
    List<String> out = new ArrayList<>();
    for (GlmFamily f : ALL) {
      out.add(f.typeId());
    }
    return out;
  }
}
