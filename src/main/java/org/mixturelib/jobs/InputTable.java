package org.mixturelib.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.mixturelib.data.SparkSource.column;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.localmodels.RowRule;

/**
 * A table the jobs read: CSV (with a header row) or Parquet, from any file system Spark
 * reaches, checked before any fit starts. Problems the user can fix (a missing file, an unknown
 * column, a column that is not numeric, empty or NaN values) are {@link UsageException}s that
 * name the file and the column.
 */
final class InputTable {
  private final String path;
  private final String format;
  private final Dataset<Row> data;
  /** A CSV file's rows with a field count other than the header's (column {@link #RAW}). */
  private final Dataset<Row> malformed;
  /** The column of a malformed row's text. */
  private static final String RAW = "mixturelib_malformed_row";
  private static final String CSV_PRUNING = "spark.sql.csv.parser.columnPruning.enabled";
  /** The partitions of a table held on the driver (a local relation). */
  private static final String LEAF_PARALLELISM = "spark.sql.leafNodeDefaultParallelism";
  /**
   * The system property of the largest CSV file (bytes) read into the driver's memory; 0 keeps
   * every input on Spark (the driver-local path's tests force either path with it).
   */
  static final String LOCAL_BYTES = "mixturelib.jobs.localBytes";
  /** The default of {@link #LOCAL_BYTES}: 4 MiB, some 50,000 rows of a few numbers. */
  static final long DEFAULT_LOCAL_BYTES = 4L << 20;
  /**
   * For a table held on the driver (a small CSV file read in one pass): its malformed rows'
   * count and first text, in place of {@link #malformed}; null for a table on Spark.
   */
  private final Broken local;

  /** A driver-held table's malformed rows: how many, and the first one's text (or null). */
  private record Broken(long count, String first, int fields) {}

  private InputTable(String path, String format, Dataset<Row> data, Dataset<Row> malformed,
      Broken local) {
    this.path = path;
    this.format = format;
    this.data = data;
    this.malformed = malformed;
    this.local = local;
  }

  /**
   * Runs a job with the jobs' reading settings, restoring the session's own after: Spark's CSV
   * column pruning off, so that every field of every row is tokenised and a row with more or
   * fewer fields than the header is recognised as malformed whichever columns the job reads;
   * and a table held on the driver in one partition, as Spark reads a file of at most {@link
   * #LOCAL_BYTES} (a grouped fit's blocks, which follow the partitions, are then the same on
   * both paths).
   *
   * @param spark the session
   * @param job the job
   */
  static void withReadSettings(SparkSession spark, Runnable job) {
    withConf(spark, CSV_PRUNING, "false",
        () -> withConf(spark, LEAF_PARALLELISM, "1", job));
  }

  private static void withConf(SparkSession spark, String key, String value, Runnable job) {
    String old = spark.conf().get(key, null);
    spark.conf().set(key, value);
    try {
      job.run();
    } finally {
      if (old == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, old);
      }
    }
  }

  /**
   * Reads a table.
   *
   * @param spark the session
   * @param path a file, a folder of part files, or a glob
   * @param format "csv", "parquet", or null to tell from the name
   */
  static InputTable read(SparkSession spark, String path, String format) {
    FileSystem fs;
    FileStatus[] found;
    Path p = new Path(path);
    try {
      fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      found = fs.globStatus(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not look up input '" + path + "'", e);
    }
    if (found == null || found.length == 0) {
      throw new UsageException("input '" + path + "' does not exist");
    }
    String f = format != null ? format : formatOf(fs, found);
    if (f == null) {
      throw new UsageException("cannot tell the format of input '" + path
          + "' from its name; pass --format csv or --format parquet");
    }
    Dataset<Row> df;
    try {
      df = "csv".equals(f)
          ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
          : spark.read().parquet(path);
    } catch (Exception e) { // Spark rethrows a task's failure as the checked SparkException
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new UsageException("input '" + path + "' cannot be read as " + f + " ("
          + Design.firstLine(root) + ")" + (format != null ? "; is --format " + format
          + " right?" : ""));
    }
    if (df.columns().length == 0) {
      throw new UsageException("input '" + path + "' has no columns");
    }
    if (!"csv".equals(f)) {
      return new InputTable(path, f, df, null, null);
    }
    requireDistinct(path, header(spark, fs, found, path));
    Dataset<Row> all = spark.read().option("header", "true")
        .schema(df.schema().add(RAW, org.apache.spark.sql.types.DataTypes.StringType))
        .option("columnNameOfCorruptRecord", RAW).csv(path);
    // Spark refuses a scan that needs the malformed-record column alone (a count of the clean
    // rows would): the filter reads the first column too, in a test that is always true
    Column first = org.apache.spark.sql.functions.length(coalesce(
        column(df.columns()[0]).cast("string"), lit(""))).geq(0);
    if (onDriver(found, df.schema())) {
      return local(spark, path, f, df.schema(), all.collectAsList());
    }
    return new InputTable(path, f, all.filter(column(RAW).isNull().and(first)).drop(RAW),
        all.filter(column(RAW).isNotNull()), null);
  }

  /**
   * Whether a CSV input is read into the driver's memory: one uncompressed {@code .csv} file
   * of at most {@link #LOCAL_BYTES} bytes whose columns are numbers, text or booleans (the
   * values the driver's checks read as Spark's casts do).
   */
  private static boolean onDriver(FileStatus[] found, StructType schema) {
    long limit = Long.getLong(LOCAL_BYTES, DEFAULT_LOCAL_BYTES);
    if (found.length != 1 || !found[0].isFile() || found[0].getLen() > limit
        || !found[0].getPath().getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return false;
    }
    for (StructField field : schema.fields()) {
      DataType t = field.dataType();
      if (!(t instanceof NumericType || t instanceof StringType
          || t instanceof BooleanType)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A CSV table held on the driver: the rows read in one pass (with the malformed-record
   * column last) split into the clean rows, as a local table whose queries run without Spark
   * jobs, and the malformed rows' count and first text.
   */
  private static InputTable local(SparkSession spark, String path, String format,
      StructType schema, List<Row> all) {
    int raw = schema.size();
    List<Row> clean = new ArrayList<>();
    long broken = 0;
    String first = null;
    for (Row r : all) {
      if (r.isNullAt(raw)) {
        Object[] values = new Object[raw];
        for (int j = 0; j < raw; j++) {
          values[j] = r.get(j);
        }
        clean.add(RowFactory.create(values));
      } else {
        if (broken == 0) {
          first = r.getString(raw);
        }
        broken++;
      }
    }
    return new InputTable(path, format, spark.createDataFrame(clean, schema), null,
        new Broken(broken, first, raw));
  }

  /**
   * The header's fields as written: read off the file when the input is one {@code .csv} file
   * (its first line that is not blank, parsed as Spark's CSV reader parses it; no Spark job),
   * else through Spark (a folder, a glob, a compressed file).
   */
  private static List<String> header(SparkSession spark, FileSystem fs, FileStatus[] found,
      String path) {
    if (found.length == 1 && found[0].isFile()
        && found[0].getPath().getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
      try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
          fs.open(found[0].getPath()), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            com.univocity.parsers.csv.CsvParserSettings settings =
                new com.univocity.parsers.csv.CsvParserSettings();
            settings.getFormat().setQuoteEscape('\\');
            settings.setIgnoreLeadingWhitespaces(false);
            settings.setIgnoreTrailingWhitespaces(false);
            settings.setMaxColumns(20480);
            String[] fields = new com.univocity.parsers.csv.CsvParser(settings)
                .parseLine(line.startsWith("\uFEFF") ? line.substring(1) : line);
            return Arrays.asList(fields);
          }
        }
        return List.of();
      } catch (IOException e) {
        throw new UncheckedIOException("could not read input '" + path + "'", e);
      }
    }
    Row first = spark.read().option("header", "false").csv(path).first();
    List<String> fields = new ArrayList<>();
    for (int j = 0; j < first.size(); j++) {
      fields.add(first.isNullAt(j) ? null : first.getString(j));
    }
    return fields;
  }

  /**
   * Refuses a header with names that Spark would not tell apart (equal, or equal up to case):
   * its CSV reader renames them silently.
   */
  private static void requireDistinct(String path, List<String> header) {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (int j = 0; j < header.size(); j++) {
      String name = String.valueOf(header.get(j));
      byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .add("'" + name + "' (column " + (j + 1) + ")");
    }
    List<String> dup = new ArrayList<>();
    for (List<String> same : byName.values()) {
      if (same.size() > 1) {
        dup.add(String.join(" and ", same));
      }
    }
    if (!dup.isEmpty()) {
      throw new UsageException("input '" + path + "' has duplicate column names (equal up to"
          + " case): " + String.join("; ", dup) + "; rename them");
    }
  }

  private static String formatOf(FileSystem fs, FileStatus[] found) {
    for (FileStatus s : found) {
      String f = formatOfName(s.getPath().getName());
      if (f != null) {
        return f;
      }
      if (s.isDirectory()) {
        try {
          for (FileStatus child : fs.listStatus(s.getPath())) {
            String g = formatOfName(child.getPath().getName());
            if (g != null) {
              return g;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("could not list '" + s.getPath() + "'", e);
        }
      }
    }
    return null;
  }

  private static String formatOfName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv") || n.endsWith(".csv.gz") || n.endsWith(".csv.bz2")) {
      return "csv";
    }
    if (n.endsWith(".parquet")) {
      return "parquet";
    }
    return null;
  }

  /** The rows. */
  Dataset<Row> data() {
    return data;
  }

  /** The same input with other rows or columns (computed columns added). */
  InputTable with(Dataset<Row> rows) {
    return new InputTable(path, format, rows, malformed, local);
  }

  /**
   * The number of malformed rows (a field count other than the header's) and the text of the
   * first, or null when there are none.
   */
  private Row malformed() {
    if (local != null) {
      return local.count() == 0 ? null : RowFactory.create(local.count(), local.first());
    }
    if (malformed == null) {
      return null;
    }
    // Spark refuses a query of the malformed-record column alone
    Row r = malformed.agg(count(lit(1)), org.apache.spark.sql.functions.first(column(RAW)),
        org.apache.spark.sql.functions.first(column(malformed.columns()[0]))).first();
    return r.getLong(0) == 0 ? null : r;
  }

  /** The number of fields of the header of a CSV input. */
  private int header() {
    return local != null ? local.fields() : malformed.columns().length - 1;
  }

  /** The positions of the named columns in the rows of {@link #data}. */
  private int[] fields(List<String> columns) {
    int[] at = new int[columns.size()];
    for (int j = 0; j < at.length; j++) {
      at[j] = data.schema().fieldIndex(columns.get(j));
    }
    return at;
  }

  /**
   * Whether the checks of the named columns may run on the driver: the table is held there and
   * each column holds numbers, text or booleans ({@code cast} those that are cast to double:
   * numbers or booleans), whose reading as Spark's casts read them is {@link #asDouble}.
   */
  private boolean checksOnDriver(List<String> columns, List<String> cast) {
    if (local == null) {
      return false;
    }
    for (String c : columns) {
      DataType t = data.schema().apply(c).dataType();
      if (!(t instanceof NumericType || t instanceof StringType || t instanceof BooleanType)) {
        return false;
      }
    }
    for (String c : cast) {
      DataType t = data.schema().apply(c).dataType();
      if (!(t instanceof NumericType || t instanceof BooleanType)) {
        return false;
      }
    }
    return true;
  }

  /** A number's or a boolean's value as {@code CAST(v AS DOUBLE)} gives it; null for null. */
  private static Double asDouble(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    return ((Number) v).doubleValue();
  }

  /** {@link #bad} of a driver-held row's field: null, or a NaN or infinite number. */
  private static boolean isBad(Row row, int at) {
    Object v = row.get(at);
    if (v == null) {
      return true;
    }
    if (v instanceof String || v instanceof Boolean) {
      return false;
    }
    double x = ((Number) v).doubleValue();
    return Double.isNaN(x) || Double.isInfinite(x);
  }

  /**
   * The distinct values of text columns (a formula's factors), each sorted (String order, R's
   * for ASCII), nulls left out: read off the driver's rows for a table held there (no Spark
   * job), else one aggregation.
   *
   * @param columns text columns
   * @return per column, its levels
   */
  List<String[]> levels(List<String> columns) {
    List<java.util.SortedSet<String>> sets = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      sets.add(new java.util.TreeSet<>());
    }
    if (!columns.isEmpty()) {
      Column[] cols = columns.stream().map(c -> column(c)).toArray(Column[]::new);
      if (local != null) {
        for (Row r : data.select(cols).collectAsList()) {
          for (int j = 0; j < cols.length; j++) {
            if (!r.isNullAt(j)) {
              sets.get(j).add(r.getString(j));
            }
          }
        }
      } else {
        Column[] aggs = Arrays.stream(cols).map(org.apache.spark.sql.functions::collect_set)
            .toArray(Column[]::new);
        Row r = data.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first();
        for (int j = 0; j < cols.length; j++) {
          sets.get(j).addAll(r.getList(j));
        }
      }
    }
    return sets.stream().map(s -> s.toArray(new String[0])).toList();
  }

  /** The format read: "csv" or "parquet". */
  String format() {
    return format;
  }

  /**
   * Checks that the named column exists and is numeric.
   *
   * @param name the column
   * @param role what it is for ("label", "feature", "weight"), for the message
   */
  void requireNumeric(String name, String role) {
    StructField f = field(name, role);
    DataType t = f.dataType();
    if (t instanceof NumericType) {
      return;
    }
    if (data.isEmpty()) {
      throw new UsageException("input '" + path + "' has no rows");
    }
    String example = "";
    if (t instanceof StringType) {
      // try_cast: Spark 4's ANSI mode (on by default) fails a plain cast of malformed text
      List<Row> bad = data.filter(column(name).isNotNull()
          .and(expr("try_cast(`" + name.replace("`", "``") + "` AS DOUBLE)").isNull()))
          .select(name).limit(1).collectAsList();
      example = bad.isEmpty() ? "" : "; for example the value '" + bad.get(0).get(0) + "'";
      if (!bad.isEmpty() && "NA".equals(bad.get(0).get(0))) {
        example += ", R's missing value: drop or fill those rows, or write the file with"
            + " write.csv(..., na = \"\") and pass --bad-rows skip";
      }
    }
    throw new UsageException(role + " column '" + name + "' in '" + path + "' is not numeric"
        + " (type " + t.simpleString() + example + ")");
  }

  /**
   * Checks that the named column exists and holds text (a formula's factor).
   *
   * @param name the column
   * @param role what it is for, for the message
   */
  void requireText(String name, String role) {
    DataType t = field(name, role).dataType();
    if (!(t instanceof StringType)) {
      throw new UsageException(role + " column '" + name + "' in '" + path + "' holds "
          + t.simpleString() + ", but the model was fitted with it as text (a factor)");
    }
  }

  private StructField field(String name, String role) {
    for (StructField f : data.schema().fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new UsageException(role + " column '" + name + "' is not in '" + path
        + "'; its columns are " + String.join(", ", data.columns()) + otherDelimiter());
  }

  /** A hint when the header read as one column holding another delimiter, else "". */
  private String otherDelimiter() {
    String[] columns = data.columns();
    if (columns.length != 1) {
      return "";
    }
    for (String d : new String[] {";", "\t", "|"}) {
      if (columns[0].contains(d)) {
        return " (one column: the file looks separated by '" + (d.equals("\t") ? "\\t" : d)
            + "'; the jobs read comma-separated CSV, so save it with commas)";
      }
    }
    return "";
  }

  /**
   * Every column other than those excluded, in the table's order, each checked to be numeric:
   * the features when none are named. A column that is not numeric is refused, naming it,
   * never dropped in silence.
   *
   * @param exclude names to leave out (nulls ignored)
   */
  List<String> otherColumns(String... exclude) {
    List<String> skip = Arrays.asList(exclude);
    List<String> out = new ArrayList<>();
    for (StructField f : data.schema().fields()) {
      if (!skip.contains(f.name())) {
        try {
          requireNumeric(f.name(), "feature");
        } catch (UsageException e) {
          throw new UsageException(e.getMessage() + "; without --features every column but"
              + " the label and the weight is a feature: fix its values, or pass --features"
              + " to name the feature columns");
        }
        out.add(f.name());
      }
    }
    return out;
  }

  /**
   * Counts the rows and checks, in the same pass, that none of the columns holds an empty,
   * NaN or infinite value.
   *
   * @param columns numeric columns to check
   * @return the number of rows
   */
  long countAndCheck(List<String> columns) {
    Row broken = malformed();
    if (broken != null) {
      long n = broken.getLong(0);
      throw new UsageException("input '" + path + "' has " + n + " malformed row"
          + (n > 1 ? "s" : "") + " (more or fewer fields than the header's "
          + header() + "), for example '" + broken.getString(1).strip()
          + "' (a decimal comma?); fix " + (n > 1 ? "them" : "it") + ", or pass --bad-rows"
          + " skip");
    }
    long rows;
    long[] bads = new long[columns.size()];
    if (checksOnDriver(columns, List.of())) {
      List<Row> all = data.collectAsList();
      rows = all.size();
      int[] at = fields(columns);
      for (Row row : all) {
        for (int j = 0; j < at.length; j++) {
          bads[j] += isBad(row, at[j]) ? 1 : 0;
        }
      }
    } else {
      List<Column> aggs = new ArrayList<>();
      aggs.add(count(lit(1)));
      for (String c : columns) {
        aggs.add(sum(when(bad(c), 1).otherwise(0)));
      }
      Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
          .first();
      rows = r.getLong(0);
      for (int j = 0; j < columns.size(); j++) {
        bads[j] = r.isNullAt(j + 1) ? 0 : r.getLong(j + 1);
      }
    }
    for (int j = 0; j < columns.size(); j++) {
      long bad = bads[j];
      if (bad > 0) {
        throw new UsageException("column '" + columns.get(j) + "' in '" + path + "' has " + bad
            + " empty, NaN or infinite value" + (bad > 1 ? "s" : "")
            + "; remove or fill those rows first, or pass --bad-rows skip");
      }
    }
    return rows;
  }

  /**
   * The table without its bad rows, and how many there were.
   *
   * @param table the rows kept
   * @param rows the number of rows kept
   * @param dropped the number of rows dropped
   */
  record Cleaned(InputTable table, long rows, long dropped) {}

  /**
   * Drops the rows with an empty, NaN or infinite value in any of the columns, or a negative
   * value in the weight column, counting kept and dropped rows in one pass.
   *
   * @param columns numeric columns to check
   * @param weight the weight column, or null
   */
  Cleaned withoutBadRows(List<String> columns, String weight) {
    return withoutBadRows(columns, weight, null);
  }

  /**
   * As {@link #withoutBadRows(List, String)}, and also drops the rows the experts' family
   * cannot take ({@link RowRule}: a negative or fractional count, a label beyond its censoring
   * limit, an unknown level, ...).
   *
   * @param labels the family's rule, its label column and the columns it reads; null for no
   *     rule beyond the values'
   */
  Cleaned withoutBadRows(List<String> columns, String weight, LabelRule labels) {
    List<String> cast = new ArrayList<>();
    if (weight != null) {
      cast.add(weight);
    }
    if (labels != null) {
      if (!(data.schema().apply(labels.label()).dataType() instanceof StringType)) {
        cast.add(labels.label());
      }
      for (String role : labels.rule().roles()) {
        String c = labels.columns().get(role);
        if (c != null) {
          cast.add(c);
        }
      }
    }
    if (checksOnDriver(columns, cast)) {
      return withoutBadRowsOnDriver(columns, weight, labels);
    }
    Column ok = lit(true);
    for (String c : columns) {
      ok = ok.and(not(bad(c)));
    }
    if (weight != null) {
      ok = ok.and(column(weight).cast("double").geq(0));
    }
    if (labels != null) {
      ok = ok.and(admitted(labels));
    }
    ok = coalesce(ok, lit(false));
    Row r = data.agg(count(lit(1)), sum(when(ok, 1).otherwise(0))).first();
    long total = r.getLong(0);
    long kept = r.isNullAt(1) ? 0 : r.getLong(1);
    Row broken = malformed();
    long more = broken == null ? 0 : broken.getLong(0);
    return new Cleaned(new InputTable(path, format, data.filter(ok), null, null), kept,
        total - kept + more);
  }

  /** {@link #withoutBadRows(List, String, LabelRule)} of a table held on the driver. */
  private Cleaned withoutBadRowsOnDriver(List<String> columns, String weight,
      LabelRule labels) {
    int[] at = fields(columns);
    int w = weight == null ? -1 : data.schema().fieldIndex(weight);
    int y = labels == null ? -1 : data.schema().fieldIndex(labels.label());
    List<String> roles = labels == null ? List.of() : labels.rule().roles();
    int[] role = new int[roles.size()];
    for (int j = 0; j < role.length; j++) {
      String c = labels.columns().get(roles.get(j));
      role[j] = c == null ? -1 : data.schema().fieldIndex(c);
    }
    List<Row> all = data.collectAsList();
    List<Row> kept = new ArrayList<>();
    for (Row row : all) {
      boolean ok = true;
      for (int j = 0; j < at.length && ok; j++) {
        ok = !isBad(row, at[j]);
      }
      if (ok && w >= 0) {
        Double v = asDouble(row.get(w));
        ok = v != null && v >= 0;
      }
      if (ok && labels != null) {
        double[] values = new double[role.length];
        for (int j = 0; j < role.length; j++) {
          Double v = role[j] < 0 ? null : asDouble(row.get(role[j]));
          values[j] = v == null ? Double.NaN : v;
        }
        Object label = row.get(y);
        ok = admits(labels.rule(), label instanceof String ? label : asDouble(label), values);
      }
      if (ok) {
        kept.add(row);
      }
    }
    return new Cleaned(new InputTable(path, format, data.sparkSession().createDataFrame(kept,
        data.schema()), null, new Broken(0, null, local.fields())), kept.size(),
        all.size() - kept.size() + local.count());
  }

  /**
   * Whether the family's rule takes the row: a text label as text, a numeric one as a number,
   * with the values of the columns the rule reads (NaN for a null or an absent column); a null
   * label is refused.
   */
  private Column admitted(LabelRule labels) {
    RowRule rule = labels.rule();
    List<Column> parts = new ArrayList<>();
    boolean text = data.schema().apply(labels.label()).dataType() instanceof StringType;
    parts.add(text ? column(labels.label()) : column(labels.label()).cast("double"));
    for (String role : rule.roles()) {
      String c = labels.columns().get(role);
      parts.add(c == null ? lit(Double.NaN) : column(c).cast("double"));
    }
    int n = parts.size() - 1;
    UserDefinedFunction admits = udf((UDF1<Row, Boolean>) r -> {
      double[] values = new double[n];
      for (int j = 0; j < n; j++) {
        values[j] = r.isNullAt(j + 1) ? Double.NaN : r.getDouble(j + 1);
      }
      return admits(rule, r.get(0), values);
    }, DataTypes.BooleanType);
    return admits.apply(struct(parts.toArray(new Column[0])));
  }

  /**
   * Whether the rule takes a row whose label is {@code label} (a text label as text, a number
   * as a number; null is refused) and whose rule columns hold {@code values} (NaN for null).
   */
  private static boolean admits(RowRule rule, Object label, double[] values) {
    if (label == null) {
      return false;
    }
    return label instanceof String s ? rule.admitsText(s)
        : rule.admits(((Number) label).doubleValue(), values);
  }

  /**
   * The experts' family's rule for its rows ({@link RowRule}), as {@code --bad-rows} applies
   * it.
   *
   * @param rule the family's rule
   * @param family the family's type id, for messages
   * @param label the label column
   * @param columns by role, the columns the rule reads ({@link RowRule#roles()}; a role without
   *     a column reads NaN)
   */
  record LabelRule(RowRule rule, String family, String label, Map<String, String> columns) {
    /**
     * The rule of the params' family with its label column and, for role {@value
     * RowRule#TRIALS}, the trials column (null: none), for a family column's role {@code r},
     * the column its param {@code rCol} names (by the table's name); null when the family has
     * no rule or there is no label.
     */
    static LabelRule of(org.mixturelib.ml.MixtureParams params, String label, String trials) {
      RowRule rule = params.rowRule();
      if (rule == null || label == null) {
        return null;
      }
      Map<String, String> columns = new LinkedHashMap<>();
      if (trials != null) {
        columns.put(RowRule.TRIALS, trials);
      }
      for (String role : rule.roles()) {
        if (params.hasParam(role + "Col") && !RowRule.TRIALS.equals(role)) {
          Object c = params.getOrDefault(params.getParam(role + "Col"));
          if (c instanceof String name && !name.isEmpty()) {
            columns.put(role, ColumnNames.decode(name));
          }
        }
      }
      return new LabelRule(rule, params.getFamily(), label, columns);
    }
  }

  /** Whether the column's value is empty, NaN or infinite (a text column's: empty). */
  private Column bad(String name) {
    if (data.schema().apply(name).dataType() instanceof StringType) {
      return column(name).isNull();
    }
    Column v = column(name).cast("double");
    return v.isNull().or(isnan(v)).or(v.isin(Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY));
  }
}
