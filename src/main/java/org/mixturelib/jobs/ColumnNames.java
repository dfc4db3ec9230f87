package org.mixturelib.jobs;

import static org.mixturelib.data.SparkSource.column;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The names under which the jobs hand a table's columns to Spark ML's stages. Spark ML's
 * feature assembler reads a name with a dot ({@code y.val}) as a field of a struct, quoted or
 * not, so the jobs rename every column by an injective encoding that leaves no dot or backtick
 * ({@code %} to {@code %25}, {@code .} to {@code %2E}, a backtick to {@code %60}; most names
 * are unchanged), before the fit and, with the same encoding, before scoring. Messages and
 * outputs use the names of the table.
 */
final class ColumnNames {
  private ColumnNames() {}

  /** The name a column has inside the saved pipeline. */
  static String encode(String name) {
    return name.replace("%", "%25").replace(".", "%2E").replace("`", "%60");
  }

  /** The table's name of a column named {@code encoded} inside the pipeline. */
  static String decode(String encoded) {
    return encoded.replace("%60", "`").replace("%2E", ".").replace("%25", "%");
  }

  /** The table with every column renamed by {@link #encode}. */
  static Dataset<Row> encoded(Dataset<Row> table) {
    return table.select(Arrays.stream(table.columns())
        .map(c -> column(c).as(encode(c))).toArray(Column[]::new));
  }

  /** The table with every column renamed back by {@link #decode}. */
  static Dataset<Row> decoded(Dataset<Row> table) {
    return table.select(Arrays.stream(table.columns())
        .map(c -> column(c).as(decode(c))).toArray(Column[]::new));
  }
}
