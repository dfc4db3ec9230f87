package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.localmodels.CategoricalFamilyProvider;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilyColumns;
import org.mixturelib.localmodels.FamilySettings;

/**
 * What a stage's params give the family beyond k and the sizes: its own per-row columns and
 * its own settings.
 *
 * <p>Columns: for every role the family reads ({@link FamilyColumns}), the column that its
 * param {@code <role>Col} names, when not empty; for every vector role, one family column per
 * entry of the vector column its param {@code <role>Col} names, as many as its names param
 * {@code <role>Names} holds (learnt at fit, {@link #learnNames}). A family column param set for
 * a family that does not read its role is refused.
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
    List<FamilyColumn> out = scalars(p);
    for (Param<String> param : vectors(p)) {
      String role = role(param);
      String[] names = p.getOrDefault(p.paramSet().entryNames(param));
      if (names.length == 0) {
        throw new IllegalStateException(param.name() + ": the names of its entries are not"
            + " known yet (a fit learns them)");
      }
      for (int j = 0; j < names.length; j++) {
        out.add(FamilyColumn.entry(FamilyColumns.entryRole(role, j), p.getOrDefault(param),
            j, names.length));
      }
    }
    return out;
  }

  /**
   * The family vector column params that are set, each checked to name a vector role of the
   * family.
   *
   * @throws IllegalArgumentException naming the param when the family does not read its role
   */
  static List<Param<String>> vectors(MixtureParams p) {
    FamilyColumns reads = ExpertFamilies.columns(p.getFamily());
    List<String> roles = reads == null ? List.of() : reads.vectorRoles();
    List<Param<String>> out = new ArrayList<>();
    for (Param<String> param : p.paramSet().familyVectorParams()) {
      if (p.getOrDefault(param).isEmpty()) {
        continue;
      }
      if (!roles.contains(role(param))) {
        throw new IllegalArgumentException(param.name() + " is not supported with family '"
            + p.getFamily() + "'" + (roles.isEmpty() ? " (it reads no vector column of its"
            + " own)" : " (its own vector columns: " + String.join(", ", params(roles)) + ")"));
      }
      out.add(param);
    }
    return out;
  }

  /**
   * The names of the entries of the vector column of {@code param}: the column's ML attribute
   * names when it has them all, else {@code column[j]} for the length of its first row.
   *
   * @throws IllegalArgumentException naming the param and column when the column is missing,
   *     not a vector, empty or its first row null
   */
  static String[] learnNames(MixtureParams p, Dataset<?> data, Param<String> param) {
    String column = p.getOrDefault(param);
    StructType schema = data.schema();
    requireVector(param, column, schema);
    String[] names = Schemas.featureNames(schema, column);
    if (names != null && names.length > 0) {
      return names;
    }
    int width = firstWidth(data, param, column);
    if (width == 0) {
      throw new IllegalArgumentException(param.name() + ": column '" + column + "' has no"
          + " entries; leave " + param.name() + " empty for an intercept-only zero part");
    }
    String[] out = new String[width];
    for (int j = 0; j < width; j++) {
      out[j] = column + "[" + j + "]";
    }
    return out;
  }

  /**
   * Checks that every set vector column's first row has as many entries as its names param
   * says.
   *
   * @throws IllegalArgumentException naming both params when they differ
   */
  static void checkWidths(MixtureParams p, Dataset<?> data) {
    for (Param<String> param : vectors(p)) {
      String column = p.getOrDefault(param);
      requireVector(param, column, data.schema());
      Param<String[]> names = p.paramSet().entryNames(param);
      int want = p.getOrDefault(names).length;
      int width = firstWidth(data, param, column);
      if (width != want) {
        throw new IllegalArgumentException(param.name() + ": column '" + column + "' has "
            + width + " entries but " + names.name() + " names " + want);
      }
    }
  }

  private static void requireVector(Param<String> param, String column, StructType schema) {
    if (!Schemas.has(schema, column)) {
      throw new IllegalArgumentException(param.name() + ": column '" + column + "' does not"
          + " exist; columns: " + String.join(", ", schema.fieldNames()));
    }
    DataType t = schema.apply(column).dataType();
    if (!(t instanceof VectorUDT)) {
      throw new IllegalArgumentException(param.name() + ": column '" + column + "' has type "
          + t.simpleString() + "; expected a vector");
    }
  }

  private static int firstWidth(Dataset<?> data, Param<String> param, String column) {
    List<Row> first = data.select(column).limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("the input has no rows; expected at least one");
    }
    if (first.get(0).isNullAt(0)) {
      throw new IllegalArgumentException(param.name() + ": column '" + column + "': row 0 is"
          + " null");
    }
    return ((Vector) first.get(0).get(0)).size();
  }

  /** The named numeric family columns (see {@link #of}). */
  private static List<FamilyColumn> scalars(MixtureParams p) {
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
      for (FamilyColumn c : scalars(p)) {
        s = s.with(c.role() + "Col", c.column());
      }
      for (Param<String> param : vectors(p)) {
        Param<String[]> names = p.paramSet().entryNames(param);
        s = s.with(param.name(), p.getOrDefault(param)).with(names.name(),
            CategoricalFamilyProvider.encode(List.of(p.getOrDefault(names))));
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
    for (Param<String> param : vectors(p)) {
      if (required || Schemas.has(schema, p.getOrDefault(param))) {
        requireVector(param, p.getOrDefault(param), schema);
      }
    }
    for (FamilyColumn c : scalars(p)) {
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
