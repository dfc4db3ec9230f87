package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.GroupKeys;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.MixturePosterior;
import org.mixturelib.engine.MixturePrediction;
import org.mixturelib.engine.MixtureState;

/**
 * The transform of a mixture model: rows are gathered into blocks of {@value #CHUNK}, scored
 * by {@link MixturePrediction} (and {@link MixturePosterior} when labelled), and given the
 * output columns in the order of {@link Schemas#transform}. With a group column ({@code
 * groupAt} at least 0; the rows of a group arrive consecutively), blocks end between groups
 * only and the posterior is the group's on each of its rows.
 */
final class Scorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  static final int CHUNK = 1024;

  /** Which outputs to add, and the input columns to read. */
  record Outputs(boolean prediction, boolean probability, boolean components, boolean std,
      boolean levelProbability, boolean responsibility, boolean logLikelihood,
      boolean vectorPrediction, int featuresAt, int labelAt, int groupAt, int gateAt,
      int gateInputs) implements java.io.Serializable {}

  private final MixtureState state;
  private final int numFeatures;
  private final SparkSource.Columns columns;
  private final Outputs out;

  /**
   * @param state the fitted parameters
   * @param numFeatures length of the features vector (without the intercept)
   * @param columns the features and label names, for messages, and the intercept flag
   * @param out the outputs and input positions ({@code labelAt} -1 without a label, {@code
   *     gateAt} -1 when the gate reads the features, {@code gateInputs} its number of inputs)
   */
  Scorer(MixtureState state, int numFeatures, SparkSource.Columns columns, Outputs out) {
    this.state = state;
    this.numFeatures = numFeatures;
    this.columns = columns;
    this.out = out;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private List<Row> scored = List.of();
      private int pos;
      private long index;
      private Row ahead;

      @Override
      public boolean hasNext() {
        while (pos == scored.size() && (ahead != null || rows.hasNext())) {
          List<Row> chunk = new ArrayList<>(CHUNK);
          if (ahead != null) {
            chunk.add(ahead);
            ahead = null;
          }
          while (rows.hasNext()) {
            Row r = rows.next();
            if (chunk.size() >= CHUNK && (out.groupAt() < 0 || !sameGroup(chunk, r))) {
              ahead = r;
              break;
            }
            chunk.add(r);
          }
          scored = score(chunk, index);
          index += chunk.size();
          pos = 0;
        }
        return pos < scored.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return scored.get(pos++);
      }
    };
  }

  /** Whether row r belongs to the group of the chunk's last row. */
  private boolean sameGroup(List<Row> chunk, Row r) {
    return java.util.Objects.equals(chunk.get(chunk.size() - 1).get(out.groupAt()),
        r.get(out.groupAt()));
  }

  private List<Row> score(List<Row> rows, long firstIndex) {
    int n = rows.size();
    int d = state.experts().numFeatures();
    int m = state.experts().numOutputs();
    int k = state.k();
    // the trials matter for the labelled outputs only (transformSchema requires the column
    // with a label)
    boolean trials = columns.hasTrials() && out.labelAt() >= 0 && n > 0;
    int g = out.gateAt() >= 0 ? out.gateInputs() : 0;
    BlockBuilder builder = new BlockBuilder(d, m, n, columns.features(), columns.label(), null,
        g, columns.gateFeatures())
        .withRowColumns(columns.offset(), trials ? columns.trials() : null);
    int offsetAt = columns.hasOffset() && n > 0 ? rows.get(0).fieldIndex(columns.offset()) : -1;
    List<FamilyColumn> family = columns.family();
    builder.withFamilyColumns(family);
    int[] familyAt = new int[family.size()];
    for (int j = 0; j < familyAt.length && n > 0; j++) {
      familyAt[j] = rows.get(0).fieldIndex(family.get(j).column());
    }
    double[] fx = new double[familyAt.length];
    int trialsAt = trials ? rows.get(0).fieldIndex(columns.trials()) : -1;
    double[] x = new double[d];
    double[] y = new double[m];
    double[] gx = new double[g];
    Object group = null;
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      if (out.groupAt() >= 0) {
        Object key = GroupKeys.canonical(r.get(out.groupAt()), columns.group(), firstIndex + i);
        if (i == 0 || !key.equals(group)) {
          group = key;
          builder.startGroup(key);
        }
      }
      Object label = out.labelAt() >= 0 ? r.get(out.labelAt()) : 0.0;
      long index = firstIndex + i;
      SparkSource.readRow(RowFactory.create(r.get(out.featuresAt()), label), index, columns,
          numFeatures, x, y);
      if (g > 0) {
        SparkSource.readGateInputs(r, out.gateAt(), index, columns.gateFeatures(), gx);
      }
      for (int j = 0; j < fx.length; j++) {
        fx[j] = family.get(j).read(r.get(familyAt[j]), index);
      }
      if (offsetAt >= 0 || trialsAt >= 0 || g > 0 || fx.length > 0) {
        builder.add(index, x, y, 1.0, offsetAt < 0 ? 0.0 : number(r, offsetAt, columns.offset(),
            index), trialsAt < 0 ? 1.0 : number(r, trialsAt, columns.trials(), index),
            g > 0 ? gx : null, fx.length > 0 ? fx : null);
      } else {
        builder.add(index, x, y, 1.0);
      }
    }
    Block b = builder.finish().get(0);
    MixturePrediction p = MixturePrediction.of(state, b);
    MixturePosterior q = out.labelAt() >= 0 && (out.responsibility() || out.logLikelihood())
        ? MixturePosterior.of(state, b) : null;
    List<Row> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      List<Object> values = new ArrayList<>(r.length() + 6);
      for (int j = 0; j < r.length(); j++) {
        values.add(r.get(j));
      }
      if (out.prediction()) {
        double[] mean = column(p.mean(), n, i, m);
        values.add(out.vectorPrediction() ? Vectors.dense(mean) : (Object) mean[0]);
      }
      if (out.probability()) {
        values.add(Vectors.dense(slice(p.pi(), i * k, k)));
      }
      if (out.components()) {
        values.add(Vectors.dense(column(p.components(), n, i, k * m)));
      }
      if (out.std()) {
        values.add(Math.sqrt(p.variance()[i]));
      }
      if (out.levelProbability()) {
        int levels = p.levelProbabilities().length / n;
        values.add(Vectors.dense(column(p.levelProbabilities(), n, i, levels)));
      }
      if (q != null && out.responsibility()) {
        values.add(Vectors.dense(slice(q.responsibilities(), i * k, k)));
      }
      if (q != null && out.logLikelihood()) {
        values.add(q.logLikelihood()[i]);
      }
      result.add(RowFactory.create(values.toArray()));
    }
    return result;
  }

  /** Field {@code at} of the row as a double (0 when at < 0), nulls refused naming it. */
  private static double number(Row r, int at, String name, long index) {
    if (at < 0) {
      return 0;
    }
    if (r.isNullAt(at)) {
      throw new IllegalArgumentException("column '" + name + "': row " + index + " is null");
    }
    return ((Number) r.get(at)).doubleValue();
  }

  /** Row i of a column-major n x width array. */
  private static double[] column(double[] a, int n, int i, int width) {
    double[] v = new double[width];
    for (int c = 0; c < width; c++) {
      v[c] = a[c * n + i];
    }
    return v;
  }

  private static double[] slice(double[] a, int from, int length) {
    double[] v = new double[length];
    System.arraycopy(a, from, v, 0, length);
    return v;
  }
}
