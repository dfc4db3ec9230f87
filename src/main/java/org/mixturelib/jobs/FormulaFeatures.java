package org.mixturelib.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted R formula as the fit job saves it: the features vector of each row, one value per
 * column of the design, each the product of its term's parts (a number column's value, or 1 when
 * a factor holds the part's level and 0 otherwise). {@link Design} decides the columns (R's terms,
 * contrasts and order, read off Spark's {@code RFormula}); this stage only evaluates them, and
 * its whole state is its params, so that it is saved as JSON metadata (no data files, no Spark
 * job) and loaded by {@code PipelineModel.load}. A row with an empty value, or with a factor
 * level the training data did not have, fails with a message naming the column.
 */
public final class FormulaFeatures extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String uid;
  private final Param<String> outputCol;
  private final Param<String> formula;
  private final StringArrayParam inputCols;
  private final Param<String[][]> levels;
  private final Param<int[][]> terms;

  /**
   * A stage with the given id (Spark's reader makes it so before setting the params).
   *
   * @param uid the stage's id
   */
  public FormulaFeatures(String uid) {
    this.uid = uid;
    outputCol = new Param<>(this, "outputCol", "the features vector's column");
    formula = new Param<>(this, "formula", "the formula's right-hand side, as fitted");
    inputCols = new StringArrayParam(this, "inputCols", "the columns the terms read");
    levels = new JsonParam<>(this, "levels", "per input column, a factor's training levels"
        + " (empty for a number column)", String[][].class);
    terms = new JsonParam<>(this, "terms", "per features column, its parts as pairs (input"
        + " column, level or -1 for a number)", int[][].class);
  }

  /** A stage with a new id. */
  public FormulaFeatures() {
    this(Identifiable$.MODULE$.randomUID("formulaFeatures"));
  }

  @Override
  public String uid() {
    return uid;
  }

  /** @return the features vector's column */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** @return the formula's right-hand side */
  public Param<String> formula() {
    return formula;
  }

  /** @return the columns the terms read */
  public StringArrayParam inputCols() {
    return inputCols;
  }

  /** @return per input column, a factor's levels (empty for a number column) */
  public Param<String[][]> levels() {
    return levels;
  }

  /** @return per features column, its parts as (input column, level or -1) pairs */
  public Param<int[][]> terms() {
    return terms;
  }

  /**
   * Sets the design.
   *
   * @param out the features vector's column
   * @param rhs the formula's right-hand side, for the reader
   * @param columns the columns the terms read
   * @param factorLevels per column, a factor's levels in R's order (empty for a number column)
   * @param parts per features column, its parts as (column, level or -1) pairs
   * @return this stage
   */
  FormulaFeatures design(String out, String rhs, String[] columns, String[][] factorLevels,
      int[][] parts) {
    set(outputCol, out);
    set(formula, rhs);
    set(inputCols, columns);
    set(levels, factorLevels);
    set(terms, parts);
    return this;
  }

  /** @return the features vector's column */
  public String getOutputCol() {
    return $(outputCol);
  }

  /** @return the formula's right-hand side */
  public String getFormula() {
    return $(formula);
  }

  /** @return the columns the terms read */
  public String[] getInputCols() {
    return $(inputCols);
  }

  /** @return the factors among the input columns, in order */
  public List<String> factors() {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < getInputCols().length; j++) {
      if ($(levels)[j].length > 0) {
        out.add(getInputCols()[j]);
      }
    }
    return out;
  }

  /** @return the training levels of each of {@link #factors()} */
  public String[][] factorLevels() {
    return Arrays.stream($(levels)).filter(l -> l.length > 0).toArray(String[][]::new);
  }

  /**
   * The features columns' names as R writes them ({@code x}, {@code femWomen}, {@code
   * x:femWomen}).
   *
   * @return one name per features column
   */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (int[] t : $(terms)) {
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < t.length; p += 2) {
        parts.add(getInputCols()[t[p]] + (t[p + 1] < 0 ? "" : $(levels)[t[p]][t[p + 1]]));
      }
      out.add(String.join(":", parts));
    }
    return out;
  }

  /**
   * Checks that the params agree (one levels array per input column, each features column
   * pairs of an input column and one of its levels, or -1 for a number column): a saved
   * stage's files may have been edited.
   */
  void requireConsistent() {
    String[][] lv = $(levels);
    if (lv.length != getInputCols().length) {
      throw new IllegalArgumentException("formula stage " + uid + ": " + lv.length
          + " levels arrays for " + getInputCols().length + " input columns");
    }
    for (int[] t : $(terms)) {
      boolean ok = t.length > 0 && t.length % 2 == 0;
      for (int p = 0; ok && p < t.length; p += 2) {
        ok = t[p] >= 0 && t[p] < lv.length && (lv[t[p]].length == 0 ? t[p + 1] == -1
            : t[p + 1] >= 0 && t[p + 1] < lv[t[p]].length);
      }
      if (!ok) {
        throw new IllegalArgumentException("formula stage " + uid + ": the features column "
            + Arrays.toString(t) + " does not name its input columns and levels");
      }
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    requireConsistent();
    String[][] lv = $(levels);
    for (int j = 0; j < getInputCols().length; j++) {
      String c = getInputCols()[j];
      if (!Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("the formula's column '" + c + "' is not in the"
            + " table; its columns are " + String.join(", ", schema.fieldNames()));
      }
      DataType t = schema.apply(c).dataType();
      boolean ok = lv[j].length > 0 ? t instanceof StringType
          : t instanceof NumericType || t instanceof BooleanType;
      if (!ok) {
        throw new IllegalArgumentException("the formula's column '" + c + "' holds "
            + t.simpleString() + ", but the model was fitted with it as "
            + (lv[j].length > 0 ? "text (a factor)" : "numbers"));
      }
    }
    if (Arrays.asList(schema.fieldNames()).contains(getOutputCol())) {
      throw new IllegalArgumentException("the table already has a column '" + getOutputCol()
          + "'");
    }
    return schema.add(field());
  }

  /** The features column with its columns' names as ML attributes. */
  private StructField field() {
    List<String> names = names();
    Attribute[] attrs = new Attribute[names.size()];
    for (int i = 0; i < attrs.length; i++) {
      attrs[i] = NumericAttribute.defaultAttr().withName(names.get(i)).withIndex(i);
    }
    return new AttributeGroup(getOutputCol(), attrs).toStructField();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Encoder encoder = new Encoder(getInputCols(), $(levels), $(terms));
    Column[] in = Arrays.stream(getInputCols()).map(c -> col("`" + c + "`"))
        .toArray(Column[]::new);
    Column features = udf((UDF1<Row, Vector>) encoder::apply, new VectorUDT())
        .apply(struct(in)).as(getOutputCol(), field().metadata());
    return dataset.select(col("*"), features);
  }

  @Override
  public FormulaFeatures copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  /** @return Spark's reader of params-only stages */
  public static MLReader<FormulaFeatures> read() {
    return new DefaultParamsReader<>();
  }

  /**
   * Loads a saved stage.
   *
   * @param path its folder
   * @return the stage
   */
  public static FormulaFeatures load(String path) {
    return read().load(path);
  }

  /** Evaluates the design on one row of the input columns. */
  private static final class Encoder implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] columns;
    private final String[][] levels;
    private final int[][] terms;
    private final List<Map<String, Integer>> index = new ArrayList<>();

    Encoder(String[] columns, String[][] levels, int[][] terms) {
      this.columns = columns;
      this.levels = levels;
      this.terms = terms;
      for (String[] l : levels) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < l.length; i++) {
          m.put(l[i], i);
        }
        index.add(m);
      }
    }

    Vector apply(Row row) {
      double[] value = new double[columns.length];
      int[] level = new int[columns.length];
      for (int j = 0; j < columns.length; j++) {
        Object v = row.get(j);
        if (v == null) {
          throw new IllegalArgumentException("the formula's column '" + columns[j]
              + "' has an empty value");
        }
        if (levels[j].length > 0) {
          Integer at = index.get(j).get((String) v);
          if (at == null) {
            throw new IllegalArgumentException("factor column '" + columns[j] + "' has the"
                + " level '" + v + "', which the training data did not have (its levels: "
                + String.join(", ", levels[j]) + ")");
          }
          level[j] = at;
        } else {
          value[j] = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        }
      }
      double[] out = new double[terms.length];
      for (int i = 0; i < out.length; i++) {
        // the parts multiplied last to first, as Spark's Interaction multiplies them
        double x = 1;
        for (int p = terms[i].length - 2; p >= 0; p -= 2) {
          int j = terms[i][p];
          x *= terms[i][p + 1] < 0 ? value[j] : terms[i][p + 1] == level[j] ? 1 : 0;
        }
        out[i] = x;
      }
      return Vectors.dense(out).compressed();
    }
  }

  /** A param whose value is written as JSON by Jackson (arrays of arrays). */
  private static final class JsonParam<T> extends Param<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;

    JsonParam(FormulaFeatures parent, String name, String doc, Class<T> type) {
      super(parent, name, doc);
      this.type = type;
    }

    @Override
    public String jsonEncode(T value) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public T jsonDecode(String json) {
      try {
        return JSON.readValue(json, type);
      } catch (IOException e) {
        throw new IllegalArgumentException("param " + name() + ": not a " + type.getSimpleName()
            + " in JSON: " + json, e);
      }
    }
  }
}
