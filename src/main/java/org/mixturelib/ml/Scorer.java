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
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.MixturePosterior;
import org.mixturelib.engine.MixturePrediction;
import org.mixturelib.engine.MixtureState;

/**
 * The transform of a mixture model: rows are gathered into blocks of {@value #CHUNK}, scored
 * by {@link MixturePrediction} (and {@link MixturePosterior} when labelled), and given the
 * output columns in the order of {@link Schemas#transform}.
 */
final class Scorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  static final int CHUNK = 1024;

  /** Which outputs to add, and the input columns to read. */
  record Outputs(boolean prediction, boolean probability, boolean components, boolean std,
      boolean responsibility, boolean logLikelihood, boolean vectorPrediction, int featuresAt,
      int labelAt, int gateAt, int gateInputs) implements java.io.Serializable {}

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

      @Override
      public boolean hasNext() {
        while (pos == scored.size() && rows.hasNext()) {
          List<Row> chunk = new ArrayList<>(CHUNK);
          while (chunk.size() < CHUNK && rows.hasNext()) {
            chunk.add(rows.next());
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

  private List<Row> score(List<Row> rows, long firstIndex) {
    int n = rows.size();
    int d = state.experts().numFeatures();
    int m = state.experts().numOutputs();
    int k = state.k();
    int g = out.gateAt() >= 0 ? out.gateInputs() : 0;
    BlockBuilder builder = new BlockBuilder(d, m, n, columns.features(), columns.label(), null,
        g, columns.gateFeatures());
    double[] x = new double[d];
    double[] y = new double[m];
    double[] gx = new double[g];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      Object label = out.labelAt() >= 0 ? r.get(out.labelAt()) : 0.0;
      SparkSource.readRow(RowFactory.create(r.get(out.featuresAt()), label), firstIndex + i,
          columns, numFeatures, x, y);
      if (g > 0) {
        SparkSource.readGateInputs(r, out.gateAt(), firstIndex + i, columns.gateFeatures(), gx);
        builder.add(firstIndex + i, x, y, 1.0, gx);
      } else {
        builder.add(firstIndex + i, x, y, 1.0);
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
