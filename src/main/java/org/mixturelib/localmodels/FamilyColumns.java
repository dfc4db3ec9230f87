package org.mixturelib.localmodels;

import java.util.List;
import org.mixturelib.data.FamilyColumn;

/**
 * The ability of a family of experts to read per-row columns of its own beyond the features,
 * label, weight, offset and trials (a censoring limit per row, a zero part's covariates). Each
 * column has a role, the name the family reads it by from the blocks ({@link
 * org.mixturelib.data.Block#familyColumn(String)}); every role is optional in the data (a
 * block holds only the columns the user named) and the family decides what its absence means.
 *
 * <p>The family's {@link ExpertFamilyProvider} implements this interface too, so that the
 * front ends know the roles before they read the data and make the family: the Spark ML param
 * of role {@code r} is {@code rCol} (role {@code lower}: param {@code lowerCol}), declared
 * with the stages' params.
 */
public interface FamilyColumns {
  /** The roles of the per-row columns the family may read. */
  List<String> columnRoles();

  /**
   * The roles of the per-row vector columns the family may read (default none): entry j of
   * such a column is read as a family column of role {@code role[j]} ({@link #entryRole}); its
   * Spark ML params are {@code <role>Col} and {@code <role>Names} (the entries' names), and the
   * family gets both as settings, the names as a JSON array.
   */
  default List<String> vectorRoles() {
    return List.of();
  }

  /** The role of entry j of a vector column of role {@code role}: {@code role[j]}. */
  static String entryRole(String role, int j) {
    return role + "[" + j + "]";
  }

  /**
   * The column of that role, read from the input column {@code column}: its rules for nulls
   * and infinite values (by default, finite values and no nulls).
   *
   * @param role one of {@link #columnRoles()}
   * @param column the input column's name
   */
  default FamilyColumn column(String role, String column) {
    return FamilyColumn.finite(role, column);
  }
}
