package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.List;
import org.mixturelib.localmodels.CoefficientStructure;

/**
 * The {@link CoefficientStructure} that the params {@code fixedFeatures} and {@code
 * nestedFeatures} describe (flexmix's {@code FLXMRglmfix(fixed, nested)}), with errors that
 * name the param.
 */
final class SharedCoefficients {
  private SharedCoefficients() {}

  /** Whether either param is set to something. */
  static boolean requested(MixtureParams p) {
    return p.getFixedFeatures().length > 0 || !p.getNestedFeatures().trim().isEmpty();
  }

  /**
   * The structure for K experts over d coefficients (the features vector, then the intercept
   * when fitted, which always varies), or null when neither param is set.
   *
   * @throws IllegalArgumentException naming the param when an index is out of range or
   *     repeated, a feature is both fixed and nested, or the groups do not parse
   */
  static CoefficientStructure of(MixtureParams p, int d) {
    if (!requested(p)) {
      return null;
    }
    int features = d - (p.getFitIntercept() ? 1 : 0);
    int k = p.getK();
    for (int j : p.getFixedFeatures()) {
      if (j < 0 || j >= features) {
        throw new IllegalArgumentException("fixedFeatures: index " + j + " is outside the"
            + " features vector (column '" + p.getFeaturesCol() + "' has " + features
            + " entries, indices 0 to " + (features - 1) + ")");
      }
    }
    List<CoefficientStructure.Group> groups = parse(p.getNestedFeatures(), k, features,
        p.getFeaturesCol());
    try {
      return CoefficientStructure.of(k, d, p.getFixedFeatures(), groups);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fixedFeatures / nestedFeatures: " + e.getMessage()
          + " (indices into column '" + p.getFeaturesCol() + "')", e);
    }
  }

  /**
   * The groups of {@code "1,2:0,3;3:1"}: components 1-based, features 0-based.
   *
   * @throws IllegalArgumentException naming nestedFeatures when the text does not parse or an
   *     index is out of range
   */
  static List<CoefficientStructure.Group> parse(String text, int k, int features,
      String featuresCol) {
    List<CoefficientStructure.Group> out = new ArrayList<>();
    if (text.trim().isEmpty()) {
      return out;
    }
    for (String group : text.split(";")) {
      String[] parts = group.split(":", -1);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException("nestedFeatures: group '" + group.trim() + "' is"
            + " not 'components:features' (e.g. '1,2:0;3:1': components 1-based, features"
            + " 0-based)");
      }
      int[] comps = numbers(parts[0], group);
      for (int i = 0; i < comps.length; i++) {
        if (comps[i] < 1 || comps[i] > k) {
          throw new IllegalArgumentException("nestedFeatures: group '" + group.trim()
              + "' names component " + comps[i] + "; components are 1 to k = " + k);
        }
        comps[i]--;
      }
      int[] feats = parts[1].isBlank() ? new int[0] : numbers(parts[1], group);
      for (int j : feats) {
        if (j < 0 || j >= features) {
          throw new IllegalArgumentException("nestedFeatures: group '" + group.trim()
              + "' names feature " + j + ", outside the features vector (column '"
              + featuresCol + "' has " + features + " entries, indices 0 to "
              + (features - 1) + ")");
        }
      }
      out.add(new CoefficientStructure.Group(comps, feats));
    }
    return out;
  }

  private static int[] numbers(String list, String group) {
    String[] v = list.split(",");
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      try {
        out[i] = Integer.parseInt(v[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("nestedFeatures: '" + v[i].trim() + "' in group '"
            + group.trim() + "' is not an integer", e);
      }
    }
    return out;
  }
}
