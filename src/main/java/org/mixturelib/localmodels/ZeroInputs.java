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

  private final String[] roles;

  /** @param roles the roles of the family columns read after the intercept (may be empty) */
  ZeroInputs(List<String> roles) {
    this.roles = roles.toArray(new String[0]);
  }

  /** The roles read after the intercept. */
  List<String> roles() {
    return List.of(roles);
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
            + roles[j] + "' is missing from the data");
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

  /** The name of input j of the zero part: "intercept" or "coefficient of" its role. */
  String name(int j) {
    return j == 0 ? "intercept" : "coefficient of " + roles[j - 1];
  }
}
