package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.IntStream;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * Which coefficients K experts share (flexmix's {@code FLXMRglmfix(fixed, nested)}): a map from
 * a smaller vector {@code theta} of T free coefficients to every expert's D coefficients,
 * {@code W_e = A_e theta}, where each row of {@code A_e} is either a unit vector (the
 * coefficient is {@code theta_t}) or zero (a structural 0). A feature's coefficient is
 *
 * <ul>
 *   <li><b>fixed</b>: one coefficient common to all experts;
 *   <li><b>nested</b>: one coefficient common to the experts of a group, 0 for the experts of no
 *       group that names the feature (the groups are disjoint sets of experts);
 *   <li><b>varying</b> otherwise: each expert its own (the families' layout without a
 *       structure).
 * </ul>
 *
 * <p>With several outputs the map applies to each output's coefficients alike.
 *
 * <p>The M-step's tied solve ({@link #solve}): given per expert e the weighted normal equations
 * of its coefficients, {@code H_e W_e = g_e} (Gaussian: {@code Sxx_e / sigma2_e} and {@code
 * Sxy_e / sigma2_e}; a GLM: the IRLS system {@code X' R_e W_e X / phi_e} and its right-hand
 * side), the constrained maximiser solves {@code (Σ_e A_eᵀ H_e A_e) theta = Σ_e A_eᵀ g_e}; the
 * covariance of expert e's coefficients is then {@code A_e H⁻¹ A_eᵀ}. Free coefficients that no
 * counted expert holds (an empty component's own) keep their values.
 *
 * <p>Immutable and serializable (it travels with its experts to every task).
 */
public final class CoefficientStructure implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A nested group: experts that share the coefficients of some features.
   *
   * @param experts the group's experts (0-based)
   * @param features the features whose coefficients they share (0-based)
   */
  public record Group(int[] experts, int[] features) implements Serializable {}

  /** The name under which {@link #write} saves the map. */
  private static final String SAVED = "coefficientSharing";

  private final int k;
  private final int d;
  /** {@code index[e d + j]}: expert e's coefficient j is {@code theta[index]}, or 0 when -1. */
  private final int[] index;
  private final int size;
  /** Per theta, the experts that hold it, in order. */
  private final int[][] holders;
  /** Whether some coefficient is a structural 0. */
  private final boolean zeros;

  private CoefficientStructure(int k, int d, int[] index) {
    this.k = k;
    this.d = d;
    this.index = index;
    int t = 0;
    for (int v : index) {
      t = Math.max(t, v + 1);
    }
    this.size = t;
    List<List<Integer>> h = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      h.add(new ArrayList<>());
    }
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < d; j++) {
        int at = index[e * d + j];
        if (at >= 0 && !h.get(at).contains(e)) {
          h.get(at).add(e);
        }
      }
    }
    zeros = Arrays.stream(index).anyMatch(v -> v < 0);
    holders = new int[size][];
    for (int i = 0; i < size; i++) {
      holders[i] = h.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /**
   * The structure of K experts over D features with the given fixed features and nested
   * groups; every other feature varies.
   *
   * @param fixed features whose coefficient all experts share
   * @param nested groups of experts sharing the coefficients of some features (disjoint)
   * @throws IllegalArgumentException naming the feature or expert when an index is out of range
   *     or repeated, a feature is both fixed and nested, or an expert is in two groups
   */
  public static CoefficientStructure of(int k, int d, int[] fixed, List<Group> nested) {
    // role per feature: -2 varying, -1 fixed, otherwise nested
    int[] role = new int[d];
    Arrays.fill(role, -2);
    for (int j : fixed) {
      checkFeature(j, d, "fixed feature");
      if (role[j] != -2) {
        throw new IllegalArgumentException("feature " + j + " is listed twice as fixed");
      }
      role[j] = -1;
    }
    int[] groupOf = new int[k];
    Arrays.fill(groupOf, -1);
    boolean[][] inGroup = new boolean[nested.size()][d];
    for (int g = 0; g < nested.size(); g++) {
      Group group = nested.get(g);
      if (group.experts().length == 0) {
        throw new IllegalArgumentException("nested group " + (g + 1) + " has no components");
      }
      for (int e : group.experts()) {
        if (e < 0 || e >= k) {
          throw new IllegalArgumentException("nested group " + (g + 1) + " names component "
              + (e + 1) + "; there are " + k);
        }
        if (groupOf[e] >= 0) {
          throw new IllegalArgumentException("component " + (e + 1) + " is in two nested"
              + " groups (" + (groupOf[e] + 1) + " and " + (g + 1) + ")");
        }
        groupOf[e] = g;
      }
      for (int j : group.features()) {
        checkFeature(j, d, "nested feature");
        if (role[j] == -1) {
          throw new IllegalArgumentException("feature " + j + " is both fixed and nested: a"
              + " coefficient shared by all components cannot also be nested");
        }
        if (inGroup[g][j]) {
          throw new IllegalArgumentException("feature " + j + " is listed twice in nested"
              + " group " + (g + 1));
        }
        inGroup[g][j] = true;
        role[j] = g;
      }
    }
    int[] index = new int[k * d];
    int next = 0;
    int[] fixedAt = new int[d];
    int[][] groupAt = new int[nested.size()][d];
    Arrays.fill(fixedAt, -1);
    for (int[] row : groupAt) {
      Arrays.fill(row, -1);
    }
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < d; j++) {
        int at;
        if (role[j] == -2) {
          at = next++;
        } else if (role[j] == -1) {
          at = fixedAt[j] >= 0 ? fixedAt[j] : (fixedAt[j] = next++);
        } else {
          int g = groupOf[e];
          if (g < 0 || !inGroup[g][j]) {
            at = -1;
          } else {
            at = groupAt[g][j] >= 0 ? groupAt[g][j] : (groupAt[g][j] = next++);
          }
        }
        index[e * d + j] = at;
      }
    }
    return new CoefficientStructure(k, d, index);
  }

  private static void checkFeature(int j, int d, String what) {
    if (j < 0 || j >= d) {
      throw new IllegalArgumentException(what + " " + j + " is outside [0, " + d + ")");
    }
  }

  /** Number of experts K. */
  public int numExperts() {
    return k;
  }

  /** Number of features D. */
  public int numFeatures() {
    return d;
  }

  /** Number of free coefficients T (per output). */
  public int size() {
    return size;
  }

  /** The position in theta of expert e's coefficient j, or -1 for a structural 0. */
  public int index(int e, int j) {
    return index[e * d + j];
  }

  /** The experts that hold theta's entry t (one for a varying coefficient). */
  public int[] holders(int t) {
    return holders[t].clone();
  }

  /** Whether some coefficient is a structural 0 (an expert outside a nested group). */
  public boolean hasZeros() {
    return zeros;
  }

  /** Writes the map as {@code coefficientSharing}, when there is a structure. */
  public static void write(ParameterWriter out, CoefficientStructure structure) {
    if (structure != null) {
      out.ints(SAVED, structure.index.clone());
    }
  }

  /**
   * Checks what {@link #write} saved against the configured structure (null: none).
   *
   * @throws IllegalArgumentException (the reader's corrupt error) when they differ
   */
  public static void checkSaved(ParameterReader in, CoefficientStructure configured) {
    boolean saved = in.has(SAVED);
    if (!saved && configured == null) {
      return;
    }
    if (!saved || configured == null
        || !Arrays.equals(in.ints(SAVED), configured.index)) {
      throw in.corrupt("the experts' coefficient sharing (" + (saved
          ? Arrays.toString(in.ints(SAVED)) : "none") + ") is not this model's ("
          + (configured == null ? "none" : Arrays.toString(configured.index))
          + "; check fixedFeatures and nestedFeatures)");
    }
  }

  /** The structure of the given experts only, in that order (theta renumbered). */
  public CoefficientStructure restrictTo(int[] keep) {
    int[] out = new int[keep.length * d];
    int[] renumber = new int[size];
    Arrays.fill(renumber, -1);
    int next = 0;
    for (int i = 0; i < keep.length; i++) {
      for (int j = 0; j < d; j++) {
        int at = index[keep[i] * d + j];
        if (at >= 0 && renumber[at] < 0) {
          renumber[at] = next++;
        }
        out[i * d + j] = at < 0 ? -1 : renumber[at];
      }
    }
    return new CoefficientStructure(keep.length, d, out);
  }

  /**
   * A name for theta's entry t with feature name {@code feature}: "x of expert 2" for a varying
   * coefficient, "x shared by experts 1, 2" otherwise.
   */
  private String name(int t, String feature) {
    int[] h = holders[t];
    if (h.length == 1) {
      return feature + " of expert " + (h[0] + 1);
    }
    StringJoiner who = new StringJoiner(", ");
    for (int e : h) {
      who.add(Integer.toString(e + 1));
    }
    return feature + " shared by experts " + who;
  }

  /**
   * What is shared, in words, for a summary: one clause per shared or nested coefficient, e.g.
   * {@code "x2: shared by all components"}, {@code "x1: shared by components 1, 2 (0 in
   * component 3)"}; empty when nothing is.
   *
   * @param names a name per feature (D)
   */
  public List<String> describe(List<String> names) {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < size; t++) {
      int j = feature(t);
      int[] h = holders[t];
      boolean zeros = false;
      StringJoiner outside = new StringJoiner(", ");
      for (int e = 0; e < k; e++) {
        if (index[e * d + j] < 0) {
          zeros = true;
          outside.add(Integer.toString(e + 1));
        }
      }
      if (h.length == 1 && !zeros) {
        continue;
      }
      StringJoiner who = new StringJoiner(", ");
      for (int e : h) {
        who.add(Integer.toString(e + 1));
      }
      out.add(names.get(j) + ": " + (h.length == k ? "shared by all components"
          : (h.length == 1 ? "component " : "shared by components ") + who)
          + (zeros ? " (0 in component" + (outside.toString().contains(",") ? "s " : " ")
              + outside + ")" : ""));
    }
    return out;
  }

  /**
   * Expert e's block of a D x D matrix (column-major) over its coefficients that are not
   * structural zeros (a covariance is 0 along those).
   */
  public double[] freeBlock(int e, double[] matrix) {
    int[] keep = IntStream.range(0, d).filter(j -> index[e * d + j] >= 0)
        .toArray();
    double[] out = new double[keep.length * keep.length];
    for (int c = 0; c < keep.length; c++) {
      for (int r = 0; r < keep.length; r++) {
        out[c * keep.length + r] = matrix[keep[c] * d + keep[r]];
      }
    }
    return out;
  }

  /** The feature that theta's entry t is the coefficient of. */
  public int feature(int t) {
    int e = holders[t][0];
    for (int j = 0; j < d; j++) {
      if (index[e * d + j] == t) {
        return j;
      }
    }
    throw new IllegalStateException("theta entry " + t + " has no feature");
  }

  /**
   * The tied M-step: solves {@code (Σ_e A_eᵀ H_e A_e) theta = Σ_e A_eᵀ g_e} over the counted
   * experts and writes every expert's coefficients {@code A_e theta} into {@code coefficients}.
   *
   * @param info per expert, its D x D system {@code H_e} (both triangles), or null for an expert
   *     that does not count (an empty component)
   * @param rhs per expert, its D x M right-hand side {@code g_e} (null when info is)
   * @param m number of outputs M
   * @param coefficients column-major {@code D x (K M)}, expert e's output j in column {@code e M
   *     + j}: in, the current coefficients (kept for theta's entries no counted expert holds);
   *     out, the solution
   * @param what names the system in the Cholesky's messages
   * @return the solve's covariances and whether a ridge was added
   */
  public Solution solve(double[][] info, double[][] rhs, int m, double[] coefficients,
      String what) {
    double[] h = new double[size * size];
    double[] g = new double[size * m];
    boolean[] counted = new boolean[size];
    for (int e = 0; e < k; e++) {
      if (info[e] == null) {
        continue;
      }
      for (int b = 0; b < d; b++) {
        int ib = index[e * d + b];
        if (ib < 0) {
          continue;
        }
        counted[ib] = true;
        for (int a = 0; a < d; a++) {
          int ia = index[e * d + a];
          if (ia >= 0) {
            h[ib * size + ia] += info[e][b * d + a];
          }
        }
        for (int j = 0; j < m; j++) {
          g[j * size + ib] += rhs[e][j * d + b];
        }
      }
    }
    for (int t = 0; t < size; t++) {
      if (!counted[t]) { // held by empty experts only: keeps its value
        h[t * size + t] = 1;
        int e = holders[t][0];
        int j = feature(t);
        for (int o = 0; o < m; o++) {
          g[o * size + t] = coefficients[(e * m + o) * d + j];
        }
      }
    }
    Cholesky chol = Cholesky.factor(h, size, what);
    chol.solveInPlace(g, m);
    for (int e = 0; e < k; e++) {
      for (int o = 0; o < m; o++) {
        for (int j = 0; j < d; j++) {
          int at = index[e * d + j];
          coefficients[(e * m + o) * d + j] = at < 0 ? 0 : g[o * size + at];
        }
      }
    }
    double[] inverse = chol.inverse();
    double[][] cov = new double[k][];
    for (int e = 0; e < k; e++) {
      if (info[e] == null) {
        continue;
      }
      double[] c = new double[d * d];
      for (int b = 0; b < d; b++) {
        int ib = index[e * d + b];
        for (int a = 0; a < d && ib >= 0; a++) {
          int ia = index[e * d + a];
          c[b * d + a] = ia < 0 ? 0 : inverse[ib * size + ia];
        }
      }
      cov[e] = c;
    }
    return new Solution(cov, chol.jitter() > 0);
  }

  /**
   * What {@link #solve} gives besides the coefficients.
   *
   * @param covariances per counted expert, {@code A_e H⁻¹ A_eᵀ} (D x D; null for the others)
   * @param ridged whether the tied system was singular and a ridge was added
   */
  public record Solution(double[][] covariances, boolean ridged) {}

  // ------------------------------------------------------------- the score parameters' layout

  /**
   * Number of positions the coefficients take in a family's score parameter vector: T M free
   * coefficients, then one position standing for every structural 0 (held, without a standard
   * error) when there are any.
   */
  public int scorePositions(int m) {
    return size * m + (hasZeros() ? 1 : 0);
  }

  /**
   * The score position of expert e's coefficient of feature r for output o: {@code o T + t}, or
   * the structural zeros' position {@code T M}.
   */
  public int scorePosition(int e, int r, int o, int m) {
    int at = index[e * d + r];
    return at < 0 ? size * m : o * size + at;
  }

  /** Whether score position p (below {@link #scorePositions}) stands for the structural 0s. */
  public boolean isZeroPosition(int p, int m) {
    return p == size * m;
  }

  /** The value at score position p, read from {@code D x (K M)} coefficients. */
  public double scoreValue(int p, int m, double[] coefficients) {
    if (isZeroPosition(p, m)) {
      return 0;
    }
    int t = p % size;
    int o = p / size;
    return coefficients[(holders[t][0] * m + o) * d + feature(t)];
  }

  /** The name of score position p. */
  public String scoreName(int p, int m) {
    if (isZeroPosition(p, m)) {
      return "coefficients fixed at 0 (components outside a nested group)";
    }
    int t = p % size;
    String f = "coefficient " + feature(t) + (m > 1 ? " of output " + (p / size) : "");
    return name(t, f);
  }
}
