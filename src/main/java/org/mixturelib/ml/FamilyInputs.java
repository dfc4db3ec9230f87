package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilyColumns;
import org.mixturelib.localmodels.FamilySettings;

/**
 * What a stage's params give the family beyond k and the sizes: its own per-row columns and
 * its own settings.
 *
 * <p>Columns: for every role the family reads ({@link FamilyColumns}), the column that its
 * param {@code <role>Col} names, when not empty. A family column param set for a family that
 * does not read its role is refused.
 *
 * <p>Settings ({@link FamilySettings}, named as the params): every family setting param that
 * is set, and, for a family that reads columns of its own, the names of the label and of those
 * columns ({@code labelCol}, {@code <role>Col}) for its messages. The family refuses a setting
 * it does not take.
 */
final class FamilyInputs {
  private FamilyInputs() {}

  /**
   * The named family columns of the params' family, in the order of the family column params.
   *
   * @throws IllegalArgumentException naming the param when the family does not read its role
   */
  static List<FamilyColumn> of(MixtureParams p) {
    FamilyColumns reads = ExpertFamilies.columns(p.getFamily());
    List<String> roles = reads == null ? List.of() : reads.columnRoles();
    List<FamilyColumn> out = new ArrayList<>();
    for (Param<String> param : p.paramSet().familyColumnParams()) {
      String column = p.getOrDefault(param);
      if (column.isEmpty()) {
        continue;
      }
      String role = role(param);
      if (!roles.contains(role)) {
        throw new IllegalArgumentException(param.name() + " is not supported with family '"
            + p.getFamily() + "'" + (roles.isEmpty() ? " (it reads no column of its own)"
            : " (its own columns: " + String.join(", ", params(roles)) + ")"));
      }
      out.add(reads.column(role, column));
    }
    return out;
  }

  /** The family's settings the params give (see the class comment). */
  static FamilySettings settings(MixtureParams p) {
    FamilySettings s = FamilySettings.NONE;
    for (Param<?> param : p.paramSet().familySettingParams()) {
      if (p.isSet(param)) {
        s = s.with(param.name(), String.valueOf(p.getOrDefault(param)));
      }
    }
    if (ExpertFamilies.columns(p.getFamily()) != null) {
      s = s.with(p.labelCol().name(), p.getLabelCol());
      for (FamilyColumn c : of(p)) {
        s = s.with(c.role() + "Col", c.column());
      }
    }
    return s;
  }

  /**
   * Checks that every named family column exists (when {@code required}) and is numeric.
   *
   * @throws IllegalArgumentException naming the param and the column
   */
  static void check(MixtureParams p, StructType schema, boolean required) {
    for (FamilyColumn c : of(p)) {
      String param = c.role() + "Col";
      if (!Schemas.has(schema, c.column())) {
        if (!required) {
          continue;
        }
        throw new IllegalArgumentException(param + ": column '" + c.column() + "' does not"
            + " exist; columns: " + String.join(", ", schema.fieldNames()));
      }
      DataType t = schema.apply(c.column()).dataType();
      if (!(t instanceof NumericType)) {
        throw new IllegalArgumentException(param + ": column '" + c.column() + "' has type "
            + t.simpleString() + "; expected a numeric type");
      }
    }
  }

  /** The role of a family column param: its name without the trailing "Col". */
  private static String role(Param<String> param) {
    String name = param.name();
    return name.substring(0, name.length() - "Col".length());
  }

  private static List<String> params(List<String> roles) {
    List<String> names = new ArrayList<>();
    for (String r : roles) {
      names.add(r + "Col");
    }
    return names;
  }
}
