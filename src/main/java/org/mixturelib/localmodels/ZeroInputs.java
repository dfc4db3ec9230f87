package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.List;
import org.mixturelib.data.Block;

/**
 * The inputs of a count family's zero part ({@link ZeroInflatedExperts}' structural zeros,
 * {@link HurdleExperts}' hurdle): an intercept, then the block's family columns of the roles
 * given, and the zero part's K logistic linear predictors {@code gamma_kᵀ g} from them.
 * Coefficients are K x c, expert k's at {@code k c} (c = roles + 1).
 */
final class ZeroInputs implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The role of the zero part's one numeric column (the Spark ML param {@code zeroCol}). */
  static final String ZERO = "zero";
  /** The role of the zero part's vector column (the param {@code zeroFeaturesCol}). */
  static final String ZERO_FEATURES = "zeroFeatures";

  private final String[] roles;
  private final String[] names;

  /**
   * Inputs named by their roles.
   *
   * @param roles the roles of the family columns read after the intercept (may be empty)
   */
  ZeroInputs(List<String> roles) {
    this(roles, roles);
  }

  /**
   * @param roles the roles of the family columns read after the intercept (may be empty)
   * @param names their names in summaries (their input columns' names), one per role
   */
  ZeroInputs(List<String> roles, List<String> names) {
    if (roles.size() != names.size()) {
      throw new IllegalArgumentException("the zero part has " + roles.size() + " inputs but "
          + names.size() + " names");
    }
    this.roles = roles.toArray(new String[0]);
    this.names = names.toArray(new String[0]);
  }

  /**
   * The inputs a zero part's settings name: the column of setting {@code zeroCol} (role
   * {@value #ZERO}), or the entries of the vector column of setting {@code zeroFeaturesCol}
   * named by the JSON array of setting {@code zeroFeaturesNames} (roles {@code
   * zeroFeatures[j]}); none: an intercept only.
   *
   * @param family the family's type id, for messages
   * @throws IllegalArgumentException when both columns are given, or the names are not a JSON
   *     array of strings
   */
  static ZeroInputs of(String family, FamilySettings settings) {
    String scalar = settings.text(ZERO + "Col", "");
    String vector = settings.text(ZERO_FEATURES + "Col", "");
    if (!scalar.isEmpty() && !vector.isEmpty()) {
      throw new IllegalArgumentException("family '" + family + "': give zeroCol or"
          + " zeroFeaturesCol, not both");
    }
    if (!scalar.isEmpty()) {
      return new ZeroInputs(List.of(ZERO), List.of(scalar));
    }
    if (vector.isEmpty()) {
      return new ZeroInputs(List.of());
    }
    String text = settings.text(ZERO_FEATURES + "Names", "[]");
    List<String> names;
    try {
      names = List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(text,
          String[].class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NullPointerException e) {
      throw new IllegalArgumentException("setting 'zeroFeaturesNames' must be a JSON array of"
          + " strings, got " + text);
    }
    List<String> roles = new java.util.ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      roles.add(FamilyColumns.entryRole(ZERO_FEATURES, j));
    }
    return new ZeroInputs(roles, names);
  }

  /** The settings a zero part takes ({@link #of}). */
  static final java.util.Set<String> SETTINGS = java.util.Set.of(ZERO + "Col",
      ZERO_FEATURES + "Col", ZERO_FEATURES + "Names");

  /** The names of the inputs read after the intercept. */
  List<String> names() {
    return List.of(names);
  }

  /** Number of inputs c, the intercept included. */
  int size() {
    return roles.length + 1;
  }

  /**
   * The block's column of each role.
   *
   * @param family the family's type id, for the message
   * @throws IllegalArgumentException naming the role when the block lacks its column
   */
  int[] columns(Block b, String family) {
    int[] at = new int[roles.length];
    for (int j = 0; j < roles.length; j++) {
      at[j] = b.familyColumn(roles[j]);
      if (at[j] < 0) {
        throw new IllegalArgumentException("family '" + family + "': the zero part's column '"
            + names[j] + "' (" + roles[j] + ") is missing from the data");
      }
    }
    return at;
  }

  /** Input j of row i: 1 for the intercept, else the family column {@code cols[j - 1]}. */
  static double input(Block b, int[] cols, int i, int j) {
    return j == 0 ? 1 : b.family(i, cols[j - 1]);
  }

  /** Every expert's linear predictor {@code gamma_kᵀ g_i}, column-major n x K. */
  void predictors(Block b, double[] gamma, int k, String family, double[] eta) {
    int n = b.n;
    int c = size();
    int[] cols = columns(b, family);
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        double s = gamma[e * c];
        for (int j = 1; j < c; j++) {
          s += gamma[e * c + j] * b.family(i, cols[j - 1]);
        }
        eta[e * n + i] = s;
      }
    }
  }

  /**
   * Adds one row's weighted logistic Newton system for expert e: {@code q g gᵀ} into {@code
   * information} (column-major c x c at {@code e c²}) and {@code r g} into {@code gradient}.
   */
  void addNewton(Block b, int[] cols, int i, int e, double q, double r, double[] g,
      double[] information, double[] gradient) {
    int c = size();
    for (int j = 0; j < c; j++) {
      g[j] = input(b, cols, i, j);
    }
    int hAt = e * c * c;
    for (int a = 0; a < c; a++) {
      gradient[e * c + a] += r * g[a];
      for (int bb = 0; bb < c; bb++) {
        information[hAt + a * c + bb] += q * g[a] * g[bb];
      }
    }
  }

  /**
   * Adds every expert's weighted logistic Newton system over a block's rows: {@code Σ_i q_ik g_i
   * g_iᵀ} into {@code information} (column-major c x c, expert k's at {@code k c²}, both
   * triangles) and {@code Σ_i r_ik g_i} into {@code gradient}, one sweep of the rows per entry.
   *
   * @param q the weights, column-major n x K
   * @param r the scores, column-major n x K
   */
  void addNewton(Block b, int[] cols, int k, double[] q, double[] r, double[] information,
      double[] gradient) {
    int n = b.n;
    int c = size();
    double[] g = b.familyValues; // input j >= 1 of row i at (cols[j - 1] n + i), in place
    for (int e = 0; e < k; e++) {
      int at = e * n;
      int hAt = e * c * c;
      for (int a = 0; a < c; a++) {
        int ga = a == 0 ? -1 : cols[a - 1] * n;
        gradient[e * c + a] += a == 0 ? sum(r, at, n) : dot(r, at, g, ga, n);
        for (int bb = 0; bb <= a; bb++) {
          double v;
          if (a == 0) {
            v = sum(q, at, n);
          } else if (bb == 0) {
            v = dot(q, at, g, ga, n);
          } else {
            int gb = cols[bb - 1] * n;
            v = 0;
            for (int i = 0; i < n; i++) {
              v += q[at + i] * g[ga + i] * g[gb + i];
            }
          }
          information[hAt + a * c + bb] += v;
          if (bb != a) {
            information[hAt + bb * c + a] += v;
          }
        }
      }
    }
  }

  private static double sum(double[] v, int at, int n) {
    double s = 0;
    for (int i = at; i < at + n; i++) {
      s += v[i];
    }
    return s;
  }

  private static double dot(double[] v, int at, double[] g, int gAt, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[at + i] * g[gAt + i];
    }
    return s;
  }

  /** The name of input j of the zero part: "intercept" or "coefficient of" its name. */
  String name(int j) {
    return j == 0 ? "intercept" : "coefficient of " + names[j - 1];
  }
}
