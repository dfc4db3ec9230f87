package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.data.SparkSource;
import org.mixturelib.localmodels.ExpertFamilies;

/**
 * The levels of a categorical label (a family such as 'multinomial', {@link
 * ExpertFamilies#takesLevels}): learnt at fit when {@code labelLevels} is empty, and a string
 * label turned into its level's index for the engine, which reads numbers.
 *
 * <p>Order: a string label's distinct values sorted (as R orders a factor's levels, and
 * independent of the sample's frequencies, so that a refit keeps its reference level 0); a
 * numeric label's indices {@code 0 .. max}, named {@code "0", "1", ...}. Setting {@code
 * labelLevels} chooses another order (and so the reference level).
 */
final class LabelLevels {
  /** Most levels learnt from a numeric label (a larger index is rather a wrong column). */
  static final int MAX_LEVELS = 100_000;

  private LabelLevels() {}

  /** Whether the params' family reads a label of levels. */
  static boolean applies(MixtureParams p) {
    return ExpertFamilies.takesLevels(p.getFamily());
  }

  /** Whether the schema's label column holds strings. */
  static boolean isString(StructType schema, String label) {
    return Schemas.has(schema, label) && schema.apply(label).dataType() instanceof StringType;
  }

  /**
   * The levels the label column holds.
   *
   * @throws IllegalArgumentException naming the column when it holds a null, or (numeric) a
   *     value that is not an index (an integer >= 0)
   */
  static String[] learn(Dataset<?> data, String label) {
    Column c = SparkSource.column(label);
    if (isString(data.schema(), label)) {
      List<String> levels = new ArrayList<>();
      for (Row r : data.select(c).distinct().collectAsList()) {
        if (r.isNullAt(0)) {
          throw new IllegalArgumentException("labelCol: column '" + label + "' holds a null");
        }
        levels.add(r.getString(0));
      }
      levels.sort(null);
      return levels.toArray(new String[0]);
    }
    Column bad = c.isNull().or(c.lt(0)).or(c.notEqual(functions.floor(c))).or(c.isNaN());
    List<Row> first = data.toDF().select(c).where(bad).limit(1).collectAsList();
    if (!first.isEmpty()) {
      throw new IllegalArgumentException("labelCol: column '" + label + "' holds "
          + first.get(0).get(0) + "; a label of levels holds level indices (integers >= 0) or"
          + " strings");
    }
    Row max = data.toDF().agg(functions.max(c)).first();
    double largest = max.isNullAt(0) ? 0 : ((Number) max.get(0)).doubleValue();
    if (largest >= MAX_LEVELS) {
      throw new IllegalArgumentException("labelCol: column '" + label + "' holds " + largest
          + "; a label of level indices has at most " + MAX_LEVELS + " levels (is it the"
          + " answer's column?)");
    }
    int top = (int) largest;
    String[] names = new String[top + 1];
    Arrays.setAll(names, String::valueOf);
    return names;
  }

  /**
   * The level index of a string label column: a double, null for null; an unknown value fails
   * the task with an IllegalArgumentException naming the column and the value.
   */
  static Column index(String label, String[] levels) {
    Map<String, Double> at = new HashMap<>();
    for (int l = 0; l < levels.length; l++) {
      at.put(levels[l], (double) l);
    }
    String known = Arrays.toString(levels);
    UserDefinedFunction f = functions.udf((UDF1<String, Double>) v -> {
      if (v == null) {
        return null;
      }
      Double l = at.get(v);
      if (l == null) {
        throw new IllegalArgumentException("labelCol: column '" + label + "' holds '" + v
            + "', which is not one of the model's levels " + known);
      }
      return l;
    }, DataTypes.DoubleType);
    return f.apply(SparkSource.column(label));
  }

  /** The data with a string label column replaced by its level index (else unchanged). */
  static Dataset<Row> indexed(Dataset<?> data, String label, String[] levels) {
    Dataset<Row> rows = data.toDF();
    return isString(rows.schema(), label) ? rows.withColumn(label, index(label, levels)) : rows;
  }
}
